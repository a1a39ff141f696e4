/**
 * How a claim shows on the counter's entitlement rows. The main side builds a
 * lookup with these; the face applies every later claim change (the
 * `ledger.claim` event) with the same rules, so a row moves 已受理 · 待上链 →
 * 已上链 without a fresh lookup.
 *
 *   person = applyClaimChange(person, claimRecord, Math.floor(Date.now() / 1000))
 */
import type { ClaimRecord } from '../ledger/claims'
import type { BeneficiaryEntitlementView, BeneficiaryView, ClaimView, EntitlementClaimView } from './counter'

/** The claim standing for an entitlement: the newest live one, else the newest refused one, else null. `claims` newest first. */
export function rowClaim(claims: readonly ClaimView[], entitlementId: string): EntitlementClaimView | null {
  const mine = claims.filter((c) => c.entitlementId === entitlementId)
  const c = mine.find((x) => x.state !== 'rejected') ?? mine[0]
  return c ? { claimNumber: c.claimNumber, state: c.state, blockNumber: c.blockNumber } : null
}

/** Approved on the ledger, inside its validity period, and no live claim of this terminal. */
export function claimableNow(
  e: Pick<BeneficiaryEntitlementView, 'state' | 'validFrom' | 'validUntil'>,
  claim: EntitlementClaimView | null,
  nowSec: number,
): boolean {
  const live = claim !== null && claim.state !== 'rejected'
  return e.state === 'approved' && !live && nowSec >= e.validFrom && nowSec <= e.validUntil
}

/** ClaimRecord (the outbox's own form) → ClaimView; `program` is the programme's name when known. */
export function claimViewOf(c: ClaimRecord, program: string | null): ClaimView {
  return {
    id: c.id,
    claimNumber: c.claimNumber,
    entitlementId: c.entitlementId,
    program,
    amountFen: c.amount === null ? null : Number(c.amount),
    state: c.state,
    txHash: c.txHash,
    blockNumber: c.blockNumber,
    rejectCode: c.rejectCode,
    forgotten: c.forgotten,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  }
}

/**
 * A person's view after one of this terminal's claims changed (the
 * `ledger.claim` event). A claim of none of their entitlements leaves the
 * view as it is (the same object).
 */
export function applyClaimChange(view: BeneficiaryView, change: ClaimRecord, nowSec: number): BeneficiaryView {
  const row = view.entitlements.find((e) => e.entitlementId === change.entitlementId)
  if (!row) return view
  const known = view.claims.find((c) => c.id === change.id)
  return applyClaim(view, claimViewOf(change, known?.program ?? row.program), nowSec)
}

/**
 * A person's view with one claim added or replaced (by id): its row shows it
 * and is claimable no more while it lives. An older copy of a claim already
 * shown (an answer overtaken by its own change events) changes nothing.
 */
export function applyClaim(view: BeneficiaryView, claim: ClaimView, nowSec: number): BeneficiaryView {
  if (!view.entitlements.some((e) => e.entitlementId === claim.entitlementId)) return view
  const shown = view.claims.find((c) => c.id === claim.id)
  if (shown && newerThan(shown, claim)) return view
  const claims = [claim, ...view.claims.filter((c) => c.id !== claim.id)].sort((a, b) => b.id - a.id)
  const entitlements = view.entitlements.map((e) => {
    if (e.entitlementId !== claim.entitlementId) return e
    const standing = rowClaim(claims, e.entitlementId)
    return { ...e, claim: standing, claimable: claimableNow(e, standing, nowSec) }
  })
  return { ...view, claims, entitlements }
}

const STATE_ORDER: Record<ClaimView['state'], number> = { signed: 0, submitted: 1, confirmed: 2, rejected: 2, settled: 3 }

/** Later by its update time; within one millisecond, further along. */
function newerThan(a: ClaimView, b: ClaimView): boolean {
  return a.updatedAt > b.updatedAt || (a.updatedAt === b.updatedAt && STATE_ORDER[a.state] > STATE_ORDER[b.state])
}
