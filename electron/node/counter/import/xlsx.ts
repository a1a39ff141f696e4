/**
 * XLSX through exceljs: the first worksheet, as rows of strings. Dates come
 * back as YYYY-MM-DD; numbers as their plain decimal text (an ID number typed
 * as a number has lost digits in Excel already, and fails the ID check).
 */
import type ExcelJS from 'exceljs'
import { AppError } from '../../../common/result'

/** exceljs loads on the first XLSX list, not with the app: it would add ~0.5 s of CPU to every start. */
export async function readXlsxRows(bytes: Uint8Array): Promise<string[][]> {
  const { Workbook } = (await import('exceljs')).default
  const workbook = new Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  } catch (e) {
    throw new AppError('COUNTER_IMPORT_UNREADABLE', `not a readable XLSX file: ${(e as Error).message}`, { cause: e })
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) throw new AppError('COUNTER_IMPORT_UNREADABLE', 'the workbook has no worksheet')
  const rows: string[][] = []
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values: string[] = []
    for (let c = 1; c <= row.cellCount; c++) values.push(cellText(row.getCell(c).value))
    rows[rowNumber - 1] = values
  })
  for (let i = 0; i < rows.length; i++) rows[i] ??= ['']
  return rows
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return ''
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v)
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return v ? '是' : '否'
  if ('richText' in v) return v.richText.map((r) => r.text).join('')
  if ('text' in v && typeof v.text === 'string') return v.text
  if ('result' in v) return cellText(v.result)
  if ('error' in v) return v.error
  // A shared formula without a cached result: nothing to read (was "[object Object]").
  return ''
}
