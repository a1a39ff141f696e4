import type { CardIdentity } from '../ports'
import { askDevices, endSession, enter, finishScreen, idleDelay, reset, startTimer, stay, withPerson } from './flow-steps'
import { startFinger } from './flow-finger'
import { AFTER_CLAIM_PHASES, CLAIM_PHASES, type DeviceDown, type FlowContext, type FlowState, type Person, SERVICE_PHASES, type Step } from './flow-types'

/** Transitions for the card reader and the device check that decides whether a session may start. */

export function cardPlaced(s: FlowState, card: CardIdentity, ctx: FlowContext): Step {
  const onReader = { ...s, cardOnReader: true }
  const person = s.person
  if (person && s.phase === 'proxy-card') return proxyPlaced(onReader, person, card, ctx)
  const sameCard = person !== null && (person.card.idNumber === card.idNumber || person.proxy?.idNumber === card.idNumber)
  if (sameCard && AFTER_CLAIM_PHASES.has(s.phase)) {
    // The same card tapped again while its claim is in flight or just made: show that claim, never make another.
    const touched = { ...onReader, lastActivity: ctx.now }
    return stay(s.phase === 'finish' ? enter(touched, 'receipt') : touched, { type: 'stop-timer', timer: 'finish' })
  }
  const ended = endSession(onReader, 'new-card')
  // Out of service with no one at the kiosk: the screen stays as it is while the card waits for the check, no flash of the card prompt.
  const shown = !person && s.phase === 'unavailable' ? enter(ended.state, 'unavailable', { reason: s.reason }) : ended.state
  const [asked, check] = askDevices(shown)
  return { state: { ...asked, pendingCard: { card, check: check.check } }, effects: [...ended.effects, check] }
}

/**
 * The relative's card (proxy collection): their own finger is checked
 * against it, then the beneficiary's entitlements are listed. A card that
 * cannot act as the proxy is refused with its reason and the kiosk waits.
 */
function proxyPlaced(s: FlowState, person: Person, card: CardIdentity, ctx: FlowContext): Step {
  if (card.idNumber === person.card.idNumber) return proxyRefused(s, 'PROXY_SAME_CARD', ctx)
  if (!card.fingerprintTemplate) return proxyRefused(s, 'NO_FINGERPRINT', ctx)
  return startFinger(withPerson(s, { ...person, proxy: card }, { lastActivity: ctx.now }), card.fingerprintTemplate, ctx)
}

/** Stays on the proxy-card screen with the reason; counts as activity (someone is at the kiosk). */
function proxyRefused(s: FlowState, reason: string, ctx: FlowContext): Step {
  return stay({ ...s, reason, lastActivity: ctx.now })
}

export function cardRefused(s: FlowState, reason: string, ctx: FlowContext): Step {
  const onReader = { ...s, cardOnReader: true }
  // A relative's card that fails the reader's checks: the beneficiary's session waits for another relative.
  if (s.person && s.phase === 'proxy-card') return proxyRefused(onReader, reason, ctx)
  const ended = endSession(onReader, 'card-refused')
  return { state: enter(ended.state, 'card-refused', { reason }), effects: ended.effects }
}

export function cardRemoved(s: FlowState, ctx: FlowContext): Step {
  const off = { ...s, cardOnReader: false }
  if (s.phase === 'proxy-card') return stay(off) // the beneficiary's card makes way for the relative's
  // The claim is already durable: let the receipt finish, then go back to attract.
  if (CLAIM_PHASES.has(s.phase)) return finishScreen(off, ctx)
  if (!s.person && SERVICE_PHASES.has(s.phase)) return stay({ ...off, pendingCard: null })
  return reset(off, 'card-removed')
}

/**
 * A device check's answer. Only the newest answer counts. A device that is
 * down puts the kiosk out of service when no one is using it; a card waiting
 * for this check starts its session when all are up.
 */
export function devicesChecked(s: FlowState, check: number, down: DeviceDown | null, ctx: FlowContext): Step {
  if (check <= s.checks.applied) return stay(s)
  const applied = { ...s, checks: { ...s.checks, applied: check } }
  const pending = applied.pendingCard && check >= applied.pendingCard.check ? applied.pendingCard : null
  const base = pending ? { ...applied, pendingCard: null } : applied
  if (down) return stay(SERVICE_PHASES.has(base.phase) ? enter(base, 'unavailable', { reason: down }) : base)
  if (pending) return startSession(base, pending.card, ctx)
  if (base.phase === 'unavailable') return reset(base, 'devices-back')
  return stay(base)
}

function startSession(s: FlowState, card: CardIdentity, ctx: FlowContext): Step {
  const person: Person = { card, proxy: null, records: [], claims: [], fingerScore: 0 }
  const started = { ...s, person, lastActivity: ctx.now }
  const idle = startTimer('idle', idleDelay(0, ctx.config), s.epoch)
  if (!card.fingerprintTemplate) return stay(enter(started, 'assist', { reason: 'NO_FINGERPRINT' }), idle)
  const finger = startFinger(started, card.fingerprintTemplate, ctx)
  return { state: finger.state, effects: [idle, ...finger.effects] }
}
