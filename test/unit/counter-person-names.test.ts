import { describe, expect, it } from 'vitest'
import { translate } from '../../electron/common/i18n'
import type { Hex } from '../../electron/common/ledger/hex'
import { PERSON_NAME_MAX_CHARS } from '../../electron/common/receipt/person-name'
import { BeneficiaryService, type BeneficiaryServiceOptions } from '../../electron/node/counter/beneficiaries'
import { validateRows } from '../../electron/node/counter/import/validate'
import type { StaffSession } from '../../electron/node/counter/staff-auth'

const HEADER = ['姓名', '身份证号', '村', '项目', '金额', '起始日期', '截止日期']
const row = (name: string, idNumber: string) => [name, idNumber, '李庄村', '临时救助', '300', '2026-03-01', '2026-06-30']
const commitmentOf = (id: string) => `0x${id.replace('X', '0').padStart(64, '0')}` as Hex

describe('list import: names', () => {
  it('reports a row whose name is refused by its row number and reason, in Chinese, and keeps the others', async () => {
    const rows = [
      HEADER,
      row('张三', '41012219560312003X'),
      row('李\u202E四', '410122195603120013'),
      row('王五\u200B', '410122195603120021'),
      row('买买提\u30FB艾力', '410122195603120048'),
    ]
    const { report, planned } = await validateRows(rows, {
      commitmentOf,
      village: (t) => (t.trim() === '李庄村' ? { code: '410122101201' } : null),
      program: (t) => (t.trim() === '临时救助' ? { id: 1, name: '临时救助' } : null),
      known: () => new Map(),
      amountCapFen: 1_000_000,
      today: '2026-01-01',
    })
    expect(report.issues).toEqual([{ row: 3, field: 'name', code: 'NAME_BIDI' }])
    expect(report.ok).toBe(false)
    expect(translate(`counter.issue.${report.issues[0]!.code}`, 'zh')).toBe('姓名中有改变文字方向的隐藏字符')
    expect(planned.map((p) => [p.row, p.name])).toEqual([
      [2, '张三'],
      [4, '王五'],
      [5, '买买提·艾力'],
    ])
  })

  it('has Chinese and English for every refusal, at the import and at enrolment', () => {
    for (const code of ['NAME_EMPTY', 'NAME_TOO_LONG', 'NAME_CONTROL', 'NAME_BIDI', 'NAME_LONE_SURROGATE', 'NAME_INVISIBLE'])
      for (const key of [`counter.issue.${code}`, `error.COUNTER_${code}`]) {
        expect(translate(key, 'zh'), key).not.toBe(key)
        expect(translate(key, 'en'), key).not.toBe(key)
      }
    expect(translate('counter.issue.NAME_TOO_LONG', 'zh')).toContain(`最多 ${PERSON_NAME_MAX_CHARS} 个字`)
    expect(translate('error.COUNTER_NAME_TOO_LONG', 'en')).toContain(`${PERSON_NAME_MAX_CHARS} characters at most`)
  })
})

describe('counter enrolment: names', () => {
  const staff = { token: 't', staffNo: 'S01', role: 'clerk' } as StaffSession

  function service() {
    const stored: { name: string }[] = []
    const o = {
      villages: { resolver: () => (t: string) => (t === '李庄村' ? { code: '410122101201', name: '李庄村' } : null) },
      people: { byCommitment: () => null, upsert: (p: { name: string }) => stored.push(p) },
      journal: { write: () => undefined },
      keys: { commitmentsOf: (id: string) => [commitmentOf(id)] },
    } as unknown as BeneficiaryServiceOptions
    const svc = new BeneficiaryService(o)
    // The view reads the ledger and the database; these tests are about what enrolment stores.
    svc.view = async () => ({}) as Awaited<ReturnType<BeneficiaryService['view']>>
    return { svc, stored }
  }

  it('stores a typed name in its canonical form', async () => {
    const { svc, stored } = service()
    await svc.lookup(staff, '41012219560312003X')
    await svc.enrol(staff, { name: ' 买买提 • 艾力 ', village: '李庄村', phone: '' })
    expect(stored.map((p) => p.name)).toEqual(['买买提·艾力'])
  })

  it('refuses a name with a bidi control and stores nothing', async () => {
    const { svc, stored } = service()
    await svc.lookup(staff, '41012219560312003X')
    await expect(svc.enrol(staff, { name: '李\u202E四', village: '李庄村', phone: '' })).rejects.toMatchObject({ code: 'COUNTER_NAME_BIDI' })
    await expect(svc.enrol(staff, { name: '\u200B', village: '李庄村', phone: '' })).rejects.toMatchObject({ code: 'COUNTER_NAME_INVISIBLE' })
    expect(stored).toEqual([])
  })
})
