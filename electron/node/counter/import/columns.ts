/** The columns of an entitlement list, by their Chinese header (or English key). */
export const IMPORT_COLUMNS = {
  name: ['姓名', 'name'],
  idNumber: ['身份证号', '身份证号码', 'idnumber'],
  village: ['村', '村名', '村庄', 'village'],
  program: ['项目', '项目名称', 'program'],
  amount: ['金额', '金额(元)', '金额（元）', 'amount'],
  validFrom: ['起始日期', '开始日期', 'validfrom'],
  validUntil: ['截止日期', '结束日期', 'validuntil'],
  proxyAllowed: ['代领', '允许代领', 'proxyallowed'],
} as const

export type ImportColumn = keyof typeof IMPORT_COLUMNS
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['name', 'idNumber', 'village', 'program', 'amount', 'validFrom', 'validUntil']

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
