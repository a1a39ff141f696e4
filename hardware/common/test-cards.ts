/**
 * The demo deck: made-up identities the card-reader simulator can place on its
 * reader, and that the demo data approves entitlements for. Every ID number
 * is fictitious (area 410122 = 中牟县, a real county code, with invented
 * sequence numbers); check digits are computed, except on the card built to
 * fail that check.
 */
export interface TestCard {
  /** Stable key used by tests, the dev panel and the demo data. */
  key: string
  /** What the card is for, shown in the dev panel. */
  label: string
  name: string
  gender: '1' | '2'
  /** GB 3304 two-digit nation code. */
  nation: string
  birth: string
  address: string
  idNumber: string
  authority: string
  validFrom: string
  /** YYYYMMDD, or 长期 for long-term cards. */
  validTo: string
  hasFingerprint: boolean
  /** Role when the card belongs to township staff (counter sign-in). */
  staffRole?: 'clerk' | 'supervisor' | 'technician'
}

export const TEST_CARDS: readonly TestCard[] = [
  {
    key: 'li-xiuying',
    label: '有效证件 (valid card)',
    name: '李秀英',
    gender: '2',
    nation: '01',
    birth: '19580815',
    address: '河南省郑州市中牟县官渡镇李庄村12号',
    idNumber: '410122195808150021',
    authority: '中牟县公安局',
    validFrom: '20180815',
    validTo: '20380815',
    hasFingerprint: true,
  },
  {
    key: 'zhang-jianguo',
    label: '长期有效 (long-term validity)',
    name: '张建国',
    gender: '1',
    nation: '01',
    birth: '19560312',
    address: '河南省郑州市中牟县官渡镇张庄村3号',
    idNumber: '41012219560312003X',
    authority: '中牟县公安局',
    validFrom: '20160312',
    validTo: '长期',
    hasFingerprint: true,
  },
  {
    key: 'ma-fuhai',
    label: '回族 (minority nation 03)',
    name: '马福海',
    gender: '1',
    nation: '03',
    birth: '19620228',
    address: '河南省郑州市中牟县官渡镇马家村7号',
    idNumber: '410122196202280053',
    authority: '中牟县公安局',
    validFrom: '20120228',
    validTo: '长期',
    hasFingerprint: true,
  },
  {
    key: 'ayiguli',
    label: '维吾尔族 (minority nation 05)',
    name: '阿依古丽',
    gender: '2',
    nation: '05',
    birth: '19881109',
    address: '河南省郑州市中牟县官渡镇李庄村15号',
    idNumber: '41012219881109006X',
    authority: '中牟县公安局',
    validFrom: '20150320',
    validTo: '20350320',
    hasFingerprint: true,
  },
  {
    key: 'liu-changshun',
    label: '无指纹证件 (no fingerprint on card)',
    name: '刘长顺',
    gender: '1',
    nation: '01',
    birth: '19690405',
    address: '河南省郑州市中牟县官渡镇刘集村21号',
    idNumber: '410122196904050076',
    authority: '中牟县公安局',
    validFrom: '20190405',
    validTo: '20390405',
    hasFingerprint: false,
  },
  {
    key: 'chen-rare',
    label: '生僻字姓名 (rare character outside GBK)',
    name: '陈𠈌芳',
    gender: '2',
    nation: '01',
    birth: '19530917',
    address: '河南省郑州市中牟县官渡镇陈桥村9号',
    idNumber: '410122195309170087',
    authority: '中牟县公安局',
    validFrom: '20130917',
    validTo: '长期',
    hasFingerprint: true,
  },
  {
    key: 'zhao-expired',
    label: '证件过期 (expired card)',
    name: '赵桂兰',
    gender: '2',
    nation: '01',
    birth: '19750620',
    address: '河南省郑州市中牟县官渡镇赵村4号',
    idNumber: '410122197506200045',
    authority: '中牟县公安局',
    validFrom: '20100620',
    validTo: '20200620',
    hasFingerprint: true,
  },
  {
    key: 'wang-badcheck',
    label: '校验位错误 (bad check digit)',
    name: '王大力',
    gender: '1',
    nation: '01',
    birth: '19490101',
    address: '河南省郑州市中牟县官渡镇王庄村1号',
    idNumber: '410122194901010011',
    authority: '中牟县公安局',
    validFrom: '20090101',
    validTo: '长期',
    hasFingerprint: true,
  },
  {
    key: 'zhou-min',
    label: '工作人员·经办 (staff: clerk)',
    name: '周敏',
    gender: '1',
    nation: '01',
    birth: '19800101',
    address: '河南省郑州市中牟县城关镇建设路8号',
    idNumber: '41012219800101011X',
    authority: '中牟县公安局',
    validFrom: '20200101',
    validTo: '20400101',
    hasFingerprint: true,
    staffRole: 'clerk',
  },
  {
    key: 'wu-qiang',
    label: '工作人员·审核 (staff: supervisor)',
    name: '吴强',
    gender: '2',
    nation: '01',
    birth: '19850505',
    address: '河南省郑州市中牟县城关镇建设路10号',
    idNumber: '41012219850505022X',
    authority: '中牟县公安局',
    validFrom: '20210505',
    validTo: '20410505',
    hasFingerprint: true,
    staffRole: 'supervisor',
  },
  {
    key: 'sun-tech',
    label: '工作人员·技术 (staff: technician)',
    name: '孙工',
    gender: '1',
    nation: '01',
    birth: '19900707',
    address: '河南省郑州市中牟县城关镇建设路12号',
    idNumber: '410122199007070337',
    authority: '中牟县公安局',
    validFrom: '20220707',
    validTo: '20420707',
    hasFingerprint: true,
    staffRole: 'technician',
  },
]

export function testCard(key: string): TestCard {
  const card = TEST_CARDS.find((c) => c.key === key)
  if (!card) throw new Error(`No test card "${key}"`)
  return card
}
