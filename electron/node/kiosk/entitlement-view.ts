import type { EntitlementState, KioskClaim, KioskEntitlement } from '../../common/contract/kiosk'
import { shortTxHash, tracePayload } from '../../common/receipt/trace-code'
import type { ClaimRecord, EntitlementRecord } from './ports'

/** The state a beneficiary sees: the ledger's status, with the validity window applied. */
export function entitlementState(e: EntitlementRecord, nowSec: number): EntitlementState {
  if (e.status !== 'approved') return e.status
  if (nowSec < e.validFrom) return 'not-yet-valid'
  if (nowSec > e.validUntil) return 'expired'
  return 'approved'
}

/** `byProxy`: a relative is collecting, so only entitlements that allow a proxy may be claimed. */
export function toKioskEntitlement(e: EntitlementRecord, claim: ClaimRecord | undefined, nowSec: number, byProxy = false): KioskEntitlement {
  const state = claim && claim.ledgerState !== 'rejected' && e.status === 'approved' ? 'paid' : entitlementState(e, nowSec)
  const open = state === 'approved' && (!claim || claim.ledgerState === 'rejected')
  const proxyRefused = open && byProxy && !e.proxyAllowed
  return {
    entitlementId: e.entitlementId,
    program: e.program,
    amountFen: e.amountFen,
    validFrom: e.validFrom,
    validUntil: e.validUntil,
    state,
    claimable: open && !proxyRefused,
    claimNumber: claim?.claimNumber ?? null,
    proxyRefused,
  }
}

export function toKioskClaim(c: ClaimRecord): KioskClaim {
  return {
    claimNumber: c.claimNumber,
    program: c.program,
    amountFen: c.amountFen,
    ledgerState: c.ledgerState,
    blockNumber: c.blockNumber,
    txHashShort: c.txHash ? shortTxHash(c.txHash) : null,
    qrPayload: c.txHash ? tracePayload({ kind: 'tx', txHash: c.txHash as `0x${string}` }) : tracePayload({ kind: 'claim', claimNo: c.claimNumber }),
    rejectReason: c.rejectReason,
  }
}
