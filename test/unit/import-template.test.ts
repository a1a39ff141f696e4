/**
 * The list template read back by the importer's own readers: every column
 * found by its header in each format, the example row intact (the ID number
 * keeps its 18 digits in XLSX), GB18030 bytes that are not UTF-8.
 */
import { describe, expect, it } from 'vitest'
import { EXAMPLE_ROW, IMPORT_COLUMN_KEYS } from '../../electron/common/import-columns'
import { mapHeader } from '../../electron/node/counter/import/columns'
import { decodeCsvBytes, parseCsv } from '../../electron/node/counter/import/csv'
import { importTemplate } from '../../electron/node/counter/import/template'
import { readXlsxRows } from '../../electron/node/counter/import/xlsx'

const rowsOf = async (format: 'csv' | 'csv-gb18030' | 'xlsx') => {
  const file = await importTemplate(format)
  return { file, rows: format === 'xlsx' ? await readXlsxRows(file.bytes) : parseCsv(decodeCsvBytes(file.bytes)) }
}

describe('list import template', () => {
  it.each(['csv', 'csv-gb18030', 'xlsx'] as const)('%s: every column by its header, and the example row as written', async (format) => {
    const { rows } = await rowsOf(format)
    const columns = mapHeader(rows[0]!)
    expect(Object.keys(columns).sort()).toEqual([...IMPORT_COLUMN_KEYS].sort())
    for (const key of IMPORT_COLUMN_KEYS) expect(rows[1]![columns[key]!]).toBe(EXAMPLE_ROW[key])
  })

  it('names the files for what they hold, and encodes GB18030 as GB18030 (not UTF-8 with a BOM)', async () => {
    const utf8 = (await rowsOf('csv')).file
    const gb = (await rowsOf('csv-gb18030')).file
    expect([utf8.fileName, gb.fileName, (await rowsOf('xlsx')).file.fileName]).toEqual(['补贴名单模板.csv', '补贴名单模板-GB18030.csv', '补贴名单模板.xlsx'])
    expect([...utf8.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gb.bytes)).toThrow()
    expect(gb.mimeType).toBe('text/csv; charset=gb18030')
  })
})
