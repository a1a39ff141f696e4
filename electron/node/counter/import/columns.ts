import { IMPORT_COLUMNS, type ImportColumn } from '../../../common/import-columns'

/** Column index of each known header; unknown headers are ignored. */
export function mapHeader(header: string[]): Partial<Record<ImportColumn, number>> {
  const out: Partial<Record<ImportColumn, number>> = {}
  header.forEach((h, i) => {
    const key = h.trim().replace(/\s+/g, '').toLowerCase()
    for (const [col, names] of Object.entries(IMPORT_COLUMNS) as [ImportColumn, readonly string[]][])
      if (names.includes(key) && out[col] === undefined) out[col] = i
  })
  return out
}
