import { describe, expect, it } from 'vitest'
import { entitlementState, toKioskEntitlement } from '../../electron/node/kiosk/entitlement-view'
import type { ClaimRecord, EntitlementRecord } from '../../electron/node/kiosk/ports'

describe('entitlement state on the kiosk', () => {
  const e: EntitlementRecord = {
    entitlementId: '0xa',
    program: '养老补助',
    amountFen: 30000,
    validFrom: 1000,
    validUntil: 2000,
    status: 'approved',
    proxyAllowed: false,
  }
  it('applies the validity window to approved entitlements only', () => {
    expect(entitlementState(e, 500)).toBe('not-yet-valid')
    expect(entitlementState(e, 1500)).toBe('approved')
    expect(entitlementState(e, 2500)).toBe('expired')
    expect(entitlementState({ ...e, status: 'paid' }, 1500)).toBe('paid')
    expect(entitlementState({ ...e, status: 'revoked' }, 1500)).toBe('revoked')
  })
  it('shows an entitlement with a live local claim as paid and not claimable, and a rejected claim as claimable again', () => {
    const claim: ClaimRecord = {
      claimNumber: 'n',
      entitlementId: '0xa',
      program: 'p',
      amountFen: 1,
      txHash: null,
      ledgerState: 'queued',
      blockNumber: null,
      rejectReason: null,
      createdAt: 0,
    }
    expect(toKioskEntitlement(e, claim, 1500)).toMatchObject({ state: 'paid', claimable: false, claimNumber: 'n' })
    expect(toKioskEntitlement(e, { ...claim, ledgerState: 'rejected' }, 1500)).toMatchObject({ state: 'approved', claimable: true })
    expect(toKioskEntitlement(e, undefined, 1500)).toMatchObject({ state: 'approved', claimable: true, claimNumber: null })
  })
  it('lets a relative collect only entitlements that allow a proxy', () => {
    expect(toKioskEntitlement(e, undefined, 1500, true)).toMatchObject({ state: 'approved', claimable: false, proxyRefused: true })
    expect(toKioskEntitlement({ ...e, proxyAllowed: true }, undefined, 1500, true)).toMatchObject({ claimable: true, proxyRefused: false })
    expect(toKioskEntitlement(e, undefined, 2500, true)).toMatchObject({ state: 'expired', claimable: false, proxyRefused: false })
  })
})
