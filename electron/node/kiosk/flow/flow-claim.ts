import { AppError, type ErrorCode } from '../../../common/result'
import { toKioskEntitlement } from '../entitlement-view'
import type { ClaimRecord, ClaimRequest, EntitlementRecord } from '../ports'
import { enter, refuse, stay } from './flow-steps'
import type { FlowContext, FlowEffect, FlowEvent, FlowState, Step } from './flow-types'
import { claimFor } from './flow-view'

/**
 * Transitions of a claim: the touch, the printer check, the claims made one
 * by one, the receipt. The caller's request is always answered (answer-claim
 * or fail-claim), even when the session ended before its outcome came back.
 */

type EventOf<T extends FlowEvent['type']> = Extract<FlowEvent, { type: T }>

const failClaim = (request: number, code: ErrorCode, message: string): FlowEffect => ({ type: 'fail-claim', request, error: new AppError(code, message) })

export function claimRequested(s: FlowState, request: number, entitlementIds: string[], ctx: FlowContext): Step {
  const person = s.person
  if (!person || s.phase !== 'entitlements') return refuse(s, 'KIOSK_WRONG_STEP', 'No entitlement list is on screen')
  if (s.claimRequest) return refuse(s, 'KIOSK_WRONG_STEP', 'A claim is already being made')
  const touched = { ...s, lastActivity: ctx.now }
  const nowSec = Math.floor(ctx.now / 1000)
  const records: EntitlementRecord[] = []
  for (const id of new Set(entitlementIds)) {
    const record = person.records.find((r) => r.entitlementId === id)
    if (!record) return refuse(touched, 'KIOSK_UNKNOWN_ENTITLEMENT', 'That entitlement is not on screen')
    if (!toKioskEntitlement(record, claimFor(person, id), nowSec, person.proxy !== null).claimable)
      return refuse(touched, 'KIOSK_NOT_CLAIMABLE', 'That entitlement cannot be claimed now')
    records.push(record)
  }
  return stay({ ...touched, claimRequest: { request, records } }, { type: 'check-printer', epoch: s.epoch, request })
}

export function printerChecked(s: FlowState, e: EventOf<'printer-checked'>): Step {
  const pending = s.claimRequest
  const person = s.person
  if (!pending || pending.request !== e.request || e.epoch !== s.epoch || !person || s.phase !== 'entitlements') {
    return stay(s, failClaim(e.request, 'KIOSK_WRONG_STEP', 'The session ended before the claim was made'))
  }
  const cleared = { ...s, claimRequest: null }
  if (!e.ready)
    return stay(cleared, { type: 'fail-claim', request: e.request, error: e.error ?? new AppError('PRINTER_NOT_READY', 'The receipt printer is not ready') })
  const proxy = person.proxy ? { beneficiaryIdNumber: person.card.idNumber, collectorIdNumber: person.proxy.idNumber } : null
  const claims: ClaimRequest[] = pending.records.map((r) => ({
    entitlementId: r.entitlementId,
    program: r.program,
    amountFen: r.amountFen,
    fingerprintScore: person.fingerScore,
    method: proxy ? 'proxy+fingerprint' : 'card+fingerprint',
    proxy,
  }))
  const holder = { name: person.card.name, idNumber: person.card.idNumber }
  return stay(enter(cleared, 'claiming'), { type: 'submit-claims', epoch: s.epoch, request: e.request, claims, holder })
}

/**
 * Every claim made is durable, so its receipt prints even when a later one
 * failed or the session ended meanwhile; a failure sends the person back to
 * the list with its reason.
 */
export function claimsDone(s: FlowState, e: EventOf<'claims-done'>, ctx: FlowContext): Step {
  const effects: FlowEffect[] = [
    e.failure ? { type: 'fail-claim', request: e.request, error: e.failure.cause } : { type: 'answer-claim', request: e.request, made: e.made },
  ]
  if (e.made.length > 0) effects.push({ type: 'print-receipts', epoch: e.epoch, claims: e.made, holder: e.holder })
  if (e.epoch !== s.epoch || !s.person) return stay(s, ...effects)
  if (e.failure) return stay(s.phase === 'claiming' ? enter(s, 'entitlements', { reason: e.failure.code }) : s, ...effects)
  const printing = { ...s, receipt: { state: 'printing' as const, error: null } }
  // The wait for the ledger was the system's, not the person's: the receipt's idle time starts when it shows.
  return stay(s.phase === 'claiming' ? enter({ ...printing, lastActivity: ctx.now }, 'receipt') : printing, ...effects)
}

export function receiptOutcome(s: FlowState, epoch: number, receipt: NonNullable<FlowState['receipt']>): Step {
  return epoch === s.epoch && s.person ? stay({ ...s, receipt }) : stay(s)
}

/** A claim's newer copy (`add`: a claim just made joins the session's list). */
export function claimChanged(s: FlowState, claim: ClaimRecord | null, add: boolean): Step {
  const person = s.person
  if (!claim || !person) return stay(s)
  const i = person.claims.findIndex((c) => c.claimNumber === claim.claimNumber)
  if (i < 0 && !add) return stay(s)
  const claims = i < 0 ? [...person.claims, claim] : person.claims.map((c, j) => (j === i ? claim : c))
  return stay({ ...s, person: { ...person, claims } })
}
