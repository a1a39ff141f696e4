/**
 * A county gazetteer as CSV, one place a row: `code,name`, where code is a
 * 9-digit township code (GB/T 2260 county + 3 digits) or a 12-digit village
 * code (GB/T 10114). An optional first row `code,name` is a header. Blank rows
 * and rows starting with # are skipped.
 *
 * Bad rows are returned as problems naming the row and what is wrong, never
 * the row's text: a file given by mistake could hold personal data, and the
 * problems go to the logs.
 *
 *   const { places, problems } = parseGazetteer(decodeCsvBytes(bytes))
 */
import { parseCsv } from '../../counter/import/csv'

export interface Place {
  /** 9 or 12 digits. */
  code: string
  name: string
}

export interface GazetteerProblem {
  /** 1-based row of the file. */
  row: number
  reason: string
}

export interface Gazetteer {
  places: Place[]
  problems: GazetteerProblem[]
}

export const MAX_PLACE_NAME = 40
const CODE = /^[1-9](\d{8}|\d{11})$/
// eslint-disable-next-line no-control-regex -- matching control characters is the point: a place name may not hold any
const CONTROL = /[\u0000-\u001f\u007f]/

/** Checks one row's fields; returns the place or why it is refused. */
export function checkPlaceRow(fields: string[]): Place | string {
  if (fields.length !== 2) return `expected 2 fields (code,name), found ${fields.length}`
  const code = fields[0]!.trim()
  const name = fields[1]!.trim()
  if (!CODE.test(code)) return 'code must be 9 digits (township) or 12 digits (village)'
  if (name === '') return 'name is empty'
  if (name.length > MAX_PLACE_NAME) return `name is longer than ${MAX_PLACE_NAME} characters`
  if (CONTROL.test(name)) return 'name holds control characters'
  if (/^\d+$/.test(name)) return 'name is only digits (columns swapped?)'
  return { code, name }
}

export function parseGazetteer(text: string): Gazetteer {
  const places: Place[] = []
  const problems: GazetteerProblem[] = []
  const seen = new Map<string, { name: string; row: number }>()
  parseCsv(text).forEach((fields, i) => {
    const row = i + 1
    const first = fields[0]!.trim()
    if (fields.length === 1 && first === '') return
    if (first.startsWith('#')) return
    if (i === 0 && first.toLowerCase() === 'code' && fields[1]?.trim().toLowerCase() === 'name') return
    const place = checkPlaceRow(fields)
    if (typeof place === 'string') return void problems.push({ row, reason: place })
    const earlier = seen.get(place.code)
    if (earlier) {
      if (earlier.name !== place.name) problems.push({ row, reason: `code already named differently on row ${earlier.row}; the first name is kept` })
      return
    }
    seen.set(place.code, { name: place.name, row })
    places.push(place)
  })
  return { places, problems }
}
