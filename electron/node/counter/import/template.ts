/**
 * The list template staff download from the import screen: the header row
 * the importer reads, in its documented order, and one example row. CSV in
 * UTF-8 with a BOM (so Excel opens it as UTF-8) or in GB18030 (older Excel
 * and WPS set-ups), or XLSX with every cell text, so an ID number keeps its
 * 18 digits and dates stay as typed.
 */
import iconv from 'iconv-lite'
import type { ImportTemplateFormat } from '../../../common/contract/counter'
import { EXAMPLE_ROW, IMPORT_COLUMNS, IMPORT_COLUMN_KEYS } from '../../../common/import-columns'

export interface ImportTemplateFile {
  fileName: string
  mimeType: string
  bytes: Uint8Array
}

const FILE_NAME = '补贴名单模板'

export async function importTemplate(format: ImportTemplateFormat): Promise<ImportTemplateFile> {
  const header = IMPORT_COLUMN_KEYS.map((c) => IMPORT_COLUMNS[c][0])
  const example = IMPORT_COLUMN_KEYS.map((c) => EXAMPLE_ROW[c])
  if (format === 'xlsx') return { fileName: `${FILE_NAME}.xlsx`, mimeType: XLSX_MIME, bytes: await xlsx([header, example]) }
  const text = [header, example].map((row) => row.join(',')).join('\r\n') + '\r\n'
  if (format === 'csv-gb18030') return { fileName: `${FILE_NAME}-GB18030.csv`, mimeType: 'text/csv; charset=gb18030', bytes: iconv.encode(text, 'gb18030') }
  return { fileName: `${FILE_NAME}.csv`, mimeType: 'text/csv; charset=utf-8', bytes: new TextEncoder().encode(`\ufeff${text}`) }
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** exceljs loads on the first template asked for, not with the app. */
async function xlsx(rows: string[][]): Promise<Uint8Array> {
  const { Workbook } = (await import('exceljs')).default
  const workbook = new Workbook()
  const sheet = workbook.addWorksheet('名单')
  for (const row of rows) sheet.addRow(row)
  // Text cells: Excel keeps an 18-digit ID number and a typed date as they are.
  sheet.columns.forEach((column) => {
    column.numFmt = '@'
    column.width = 20
  })
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}
