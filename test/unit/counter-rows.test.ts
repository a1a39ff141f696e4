import { describe, expect, it } from 'vitest'
import type { BeneficiaryView, ClaimView } from '../../electron/common/contract/counter'
import { applyClaim, applyClaimChange, rowClaim } from '../../electron/common/contract/counter-rows'
import type { ClaimRecord } from '../../electron/common/ledger/claims'
import { DEMO_VILLAGES, villageOfAddress } from '../../electron/node/counter/villages'

const E1 = `0x${'1'.repeat(64)}`
const E2 = `0x${'2'.repeat(64)}`
const NOW = 1_800_000_000

const person = (): BeneficiaryView => ({
  commitment: `0x${'c'.repeat(64)}`,
  maskedName: '刘*顺',
  maskedId: '4101**********0076',
  village: '刘集村',
  villageFrom: 'enrolment',
  maskedPhone: null,
  enrolled: true,
  entitlements: [E1, E2].map((entitlementId) => ({
    entitlementId,
    program: '低保金',
    amountFen: 8800,
    validFrom: NOW - 100,
    validUntil: NOW + 100,
    proxyAllowed: false,
    state: 'approved' as const,
    claimable: true,
    claim: null,
  })),
  claims: [],
})

const record = (id: number, state: ClaimRecord['state'], updatedAt: number, entitlementId = E1): ClaimRecord => ({
  id,
  claimNumber: `410122101-20270115-0000000${id}`,
  contract: `0x${'a'.repeat(40)}`,
  chainId: 31337,
  entitlementId: entitlementId as ClaimRecord['entitlementId'],
  claimRef: `0x${'b'.repeat(64)}`,
  evidenceHash: `0x${'d'.repeat(64)}`,
  amount: '8800',
  programId: '1',
  state,
  txHash: `0x${'e'.repeat(64)}`,
  blockNumber: state === 'confirmed' ? 42 : null,
  blockHash: null,
  txIndex: null,
  rejectCode: state === 'rejected' ? 'NotApproved' : null,
  rejectDetail: null,
  settleRef: null,
  forgotten: 0,
  createdAt: 1000,
  updatedAt,
})

describe('counter entitlement rows follow the claims', () => {
  it('a claim of one entitlement marks only its row and takes the row’s program name', () => {
    const v = applyClaimChange(person(), record(7, 'signed', 1000), NOW)
    expect(v.entitlements.map((e) => [e.claimable, e.claim?.state ?? null])).toEqual([
      [false, 'signed'],
      [true, null],
    ])
    expect(v.claims).toEqual([expect.objectContaining({ id: 7, program: '低保金', amountFen: 8800, state: 'signed' })])
  })

  it('moves signed → submitted → confirmed, and an older copy arriving late changes nothing', () => {
    let v = applyClaimChange(person(), record(7, 'signed', 1000), NOW)
    v = applyClaimChange(v, record(7, 'submitted', 1200), NOW)
    v = applyClaimChange(v, record(7, 'confirmed', 2000), NOW)
    expect(v.entitlements[0]!.claim).toEqual({ claimNumber: '410122101-20270115-00000007', state: 'confirmed', blockNumber: 42 })
    // The assist answer (signed) overtaken by its own events.
    const late: ClaimView = { ...v.claims[0]!, state: 'signed', blockNumber: null, updatedAt: 1000 }
    expect(applyClaim(v, late, NOW)).toBe(v)
    // Within one millisecond the state further along stands.
    const sameMs = applyClaimChange(applyClaimChange(person(), record(8, 'submitted', 1500), NOW), record(8, 'signed', 1500), NOW)
    expect(sameMs.entitlements[0]!.claim!.state).toBe('submitted')
    expect(v.claims).toHaveLength(1)
  })

  it('a refused claim makes the row claimable again inside its validity period only', () => {
    const v = applyClaimChange(applyClaimChange(person(), record(7, 'signed', 1000), NOW), record(7, 'rejected', 3000), NOW)
    expect(v.entitlements[0]).toMatchObject({ claimable: true, claim: { state: 'rejected' } })
    const after = applyClaimChange(applyClaimChange(person(), record(7, 'signed', 1000), NOW), record(7, 'rejected', 3000), NOW + 101)
    expect(after.entitlements[0]!.claimable).toBe(false)
  })

  it('a live claim stands for its row before a newer refused one', () => {
    const claims = [record(9, 'rejected', 5000), record(7, 'confirmed', 2000)].map((r) => applyClaimChange(person(), r, NOW).claims[0]!)
    expect(rowClaim(claims, E1)).toMatchObject({ state: 'confirmed' })
    expect(rowClaim(claims, E2)).toBeNull()
  })

  it('a claim of someone else leaves the view as it is', () => {
    const v = person()
    expect(applyClaimChange(v, record(7, 'signed', 1000, `0x${'f'.repeat(64)}`), NOW)).toBe(v)
  })
})

describe('the village an ID card’s address names', () => {
  it('finds the village right after the township, never one elsewhere in the address', () => {
    expect(villageOfAddress('河南省郑州市中牟县官渡镇李庄村12号', DEMO_VILLAGES)?.code).toBe('410122101201')
    expect(villageOfAddress('河南省郑州市中牟县官渡镇赵村4号', DEMO_VILLAGES)?.name).toBe('赵村')
    expect(villageOfAddress('河南省郑州市中牟县城关镇建设路8号', DEMO_VILLAGES)).toBeNull()
    expect(villageOfAddress('河南省郑州市中牟县官渡镇东街李庄村12号', DEMO_VILLAGES)).toBeNull()
    expect(villageOfAddress('某省某县某乡张庄村3号', DEMO_VILLAGES)?.name).toBe('张庄村')
  })

  it('prefers the longest name and refuses two different villages of one name', () => {
    const villages = [
      { code: '410122101301', name: '李庄' },
      { code: '410122101302', name: '李庄村' },
    ]
    expect(villageOfAddress('官渡镇李庄村1号', villages)?.code).toBe('410122101302')
    expect(villageOfAddress('官渡镇李庄1号', villages)?.code).toBe('410122101301')
    expect(villageOfAddress('官渡镇李庄村1号', [...villages, { code: '410122101303', name: '李庄村' }])).toBeNull()
  })
})
