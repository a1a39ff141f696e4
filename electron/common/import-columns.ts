/**
 * The columns of an entitlement list, in the order the template has them:
 * each by its Chinese headers (or English key). Shared by the importer, the
 * counter's import screen and the README, so they always name the same set.
 */
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
export const IMPORT_COLUMN_KEYS = Object.keys(IMPORT_COLUMNS) as ImportColumn[]
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['name', 'idNumber', 'village', 'program', 'amount', 'validFrom', 'validUntil']

/** One made-up row (its ID number passes the check digit): what the import screen shows under the headers. */
export const EXAMPLE_ROW: Record<ImportColumn, string> = {
  name: '王秀兰',
  idNumber: '410122195001010087',
  village: '李庄村',
  program: '2026年度养老补助',
  amount: '300.00',
  validFrom: '2026-01-01',
  validUntil: '2026-12-31',
  proxyAllowed: '否',
}
