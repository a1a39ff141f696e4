import type { ClaimRecord, EntitlementRecord, FingerOutcome } from '../ports'
import { enter, refuse, stay, withPerson } from './flow-steps'
import type { FlowContext, FlowState, Step } from './flow-types'

/** Transitions of the finger loop and the entitlement list that follows a match. */

/** A new finger loop (the beneficiary's or the relative's): an older round's capture no longer counts. */
export function startFinger(s: FlowState, template: Uint8Array, ctx: FlowContext): Step {
  const round = s.fingerRound + 1
  const state = enter(s, 'finger', { fingerRound: round, finger: { tries: 0, maxTries: ctx.config.maxFingerTries, lastError: null } })
  return stay(state, { type: 'read-finger', epoch: s.epoch, round, template })
}

/** Is this outcome for the session and finger round now running? */
function current(s: FlowState, e: { epoch: number; round: number }): boolean {
  return s.person !== null && e.epoch === s.epoch && e.round === s.fingerRound
}

export function fingerRead(s: FlowState, e: { epoch: number; round: number; outcome: FingerOutcome }, ctx: FlowContext): Step {
  const person = s.person
  if (!person || !current(s, e) || s.phase !== 'finger' || !s.finger) return stay(s)
  const touched = { ...s, lastActivity: ctx.now }
  const holder = person.proxy ?? person.card
  if (e.outcome.matched) {
    const lookUp = { type: 'look-up-entitlements', epoch: s.epoch, round: s.fingerRound, idNumber: person.card.idNumber } as const
    return stay(withPerson(touched, { ...person, fingerScore: e.outcome.score }), lookUp)
  }
  const finger = { tries: s.finger.tries + 1, maxTries: ctx.config.maxFingerTries, lastError: e.outcome.reason }
  if (finger.tries >= finger.maxTries || !holder.fingerprintTemplate) return stay(enter({ ...touched, finger }, 'assist', { reason: 'FINGER_FAILED' }))
  return stay({ ...touched, finger }, { type: 'read-finger', epoch: s.epoch, round: s.fingerRound, template: holder.fingerprintTemplate })
}

/**
 * "A relative collects for me": from the beneficiary's finger screen, the
 * session keeps their card's identity and waits for the relative's card;
 * taking the first card away does not end the session in that phase.
 */
export function proxyChosen(s: FlowState, ctx: FlowContext): Step {
  if (!s.person || s.phase !== 'finger' || s.person.proxy) return refuse(s, 'KIOSK_WRONG_STEP', "Proxy collection starts on the beneficiary's finger screen")
  return stay(enter(s, 'proxy-card', { fingerRound: s.fingerRound + 1, finger: null, lastActivity: ctx.now }))
}

export function entitlementsListed(s: FlowState, e: { epoch: number; round: number; records: EntitlementRecord[]; claims: ClaimRecord[] }): Step {
  if (!s.person || !current(s, e)) return stay(s)
  return stay(enter(withPerson(s, { ...s.person, records: e.records, claims: e.claims }), 'entitlements'))
}

/** The ledger could not be asked: the list screen says so (no entitlements shown). */
export function entitlementsUnavailable(s: FlowState, e: { epoch: number; round: number }): Step {
  if (!s.person || !current(s, e)) return stay(s)
  return stay(enter(withPerson(s, { ...s.person, records: [], claims: [] }), 'entitlements', { reason: 'LEDGER_UNREACHABLE' }))
}

/** The node's answer, after the local index's was shown: replaces it while the list is still on screen. */
export function entitlementsFresher(s: FlowState, e: { epoch: number; records: EntitlementRecord[]; claims: ClaimRecord[] }): Step {
  if (!s.person || e.epoch !== s.epoch || s.phase !== 'entitlements') return stay(s)
  return stay(withPerson(s, { ...s.person, records: e.records, claims: e.claims }))
}
