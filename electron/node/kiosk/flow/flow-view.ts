import type { KioskView } from '../../../common/contract/kiosk'
import { maskIdNumber, maskName } from '../../../common/receipt/masking'
import { toKioskClaim, toKioskEntitlement } from '../entitlement-view'
import type { ClaimRecord } from '../ports'
import { type FlowContext, type FlowState, IDLE_PHASES, type Person } from './flow-types'

/** The claim that settles an entitlement for this person (a rejected one does not). */
export function claimFor(person: Person, entitlementId: string): ClaimRecord | undefined {
  return person.claims.find((c) => c.entitlementId === entitlementId && c.ledgerState !== 'rejected')
}

/** What the screen is sent: masked, and computed from the state alone. */
export function flowView(s: FlowState, ctx: FlowContext, sessionId: string, devices: KioskView['devices']): KioskView {
  const p = s.person
  const nowSec = Math.floor(ctx.now / 1000)
  const { idleResetMs, idleWarningMs } = ctx.config
  const idleLeft = p && IDLE_PHASES.has(s.phase) ? Math.max(0, idleResetMs - (ctx.now - s.lastActivity)) : null
  return {
    phase: s.phase,
    sessionId,
    person: p ? { maskedName: maskName(p.card.name), maskedId: maskIdNumber(p.card.idNumber) } : null,
    proxy: p?.proxy ? { maskedName: maskName(p.proxy.name) } : null,
    reason: s.reason,
    finger: s.finger,
    entitlements: p ? p.records.map((r) => toKioskEntitlement(r, claimFor(p, r.entitlementId), nowSec, p.proxy !== null)) : [],
    claims: p ? p.claims.map(toKioskClaim) : [],
    receipt: s.receipt,
    idle: idleLeft === null ? null : { warning: idleLeft <= idleResetMs - idleWarningMs, secondsLeft: Math.ceil(idleLeft / 1000) },
    devices,
    cardOnReader: s.cardOnReader,
  }
}
