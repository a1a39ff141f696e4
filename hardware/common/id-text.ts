import { isCalendarDate } from './id-number'

/**
 * The 256-byte text block of a second-generation ID card, protocols doc §1.6.
 * Confirmed: UTF-16LE (the doc calls it UCS-2; decoding as UTF-16LE also takes
 * surrogate pairs for rare characters, an assumption about how such names are
 * stored), space (U+0020) padded; offsets and lengths in bytes checked against
 * a captured frame. Assumption (unconfirmed): long-term cards write 长期 in
 * "valid to". Foreigner and HK/Macau/Taiwan residence cards use another layout
 * and are not decoded here.
 */
export const ID_TEXT_BYTES = 256

export const ID_TEXT_FIELDS = {
  name: [0, 30],
  gender: [30, 2],
  nation: [32, 4],
  birth: [36, 16],
  address: [52, 70],
  idNumber: [122, 36],
  authority: [158, 30],
  validFrom: [188, 16],
  validTo: [204, 16],
} as const satisfies Record<string, readonly [number, number]>

export type IdTextField = keyof typeof ID_TEXT_FIELDS
export type IdTextFields = Record<IdTextField, string>

const utf16 = new TextDecoder('utf-16le')

/** Reads every field as trimmed text (trailing spaces and NULs removed). */
export function decodeIdText(block: Uint8Array): IdTextFields {
  if (block.length < ID_TEXT_BYTES) throw new RangeError(`ID text block is ${block.length} bytes, expected ${ID_TEXT_BYTES}`)
  const out = {} as IdTextFields
  for (const [field, [offset, length]] of Object.entries(ID_TEXT_FIELDS) as Array<[IdTextField, readonly [number, number]]>)
    // eslint-disable-next-line no-control-regex -- the card pads its fields with spaces and NULs
    out[field] = utf16.decode(block.subarray(offset, offset + length)).replace(/[\u0020\u0000]+$/u, '')
  return out
}

/** Writes fields into a 256-byte block (for the simulator); throws when a field does not fit. */
export function encodeIdText(fields: IdTextFields): Uint8Array {
  const block = new Uint8Array(ID_TEXT_BYTES)
  for (let i = 0; i < ID_TEXT_BYTES; i += 2) block[i] = 0x20
  for (const [field, [offset, length]] of Object.entries(ID_TEXT_FIELDS) as Array<[IdTextField, readonly [number, number]]>) {
    const text = fields[field]
    if (text.length * 2 > length) throw new RangeError(`ID text field ${field} is ${text.length * 2} bytes, max ${length}`)
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i)
      block[offset + 2 * i] = unit & 0xff
      block[offset + 2 * i + 1] = unit >> 8
    }
  }
  return block
}

/** `20380815` → `2038-08-15`; null if not a real date. */
export function isoDate(yyyymmdd: string): string | null {
  return isCalendarDate(yyyymmdd) ? `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}` : null
}

/** Long-term validity as written on the card (assumption, see above). */
export const LONG_TERM = '长期'
