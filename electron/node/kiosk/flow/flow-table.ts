import { claimChanged, claimRequested, claimsDone, printerChecked, receiptOutcome } from './flow-claim'
import { cardPlaced, cardRefused, cardRemoved, devicesChecked } from './flow-card'
import { entitlementsFresher, entitlementsListed, entitlementsUnavailable, fingerRead, proxyChosen } from './flow-finger'
import { askDevices, endSession, finishScreen, idleDelay, refuse, reset, startTimer, stay } from './flow-steps'
import { type FlowContext, type FlowEvent, type FlowState, IDLE_PHASES, type Step } from './flow-types'

/**
 * The kiosk session's whole behaviour: (state, event) → (state, effects).
 * Pure: no clock but `ctx.now`, no I/O, no timers; the runner performs the
 * effects and feeds their outcomes back as events. An event that no longer
 * applies (its session or finger round is over) returns the state unchanged.
 */
export function transition(s: FlowState, event: FlowEvent, ctx: FlowContext): Step {
  switch (event.type) {
    case 'card-placed':
      return cardPlaced(s, event.card, ctx)
    case 'card-refused':
      return cardRefused(s, event.reason, ctx)
    case 'card-removed':
      return cardRemoved(s, ctx)
    case 'devices-changed': {
      const [state, check] = askDevices(s)
      return stay(state, check)
    }
    case 'devices-checked':
      return devicesChecked(s, event.check, event.down, ctx)
    case 'touch':
      return stay({ ...s, lastActivity: ctx.now })
    case 'proxy-chosen':
      return proxyChosen(s, ctx)
    case 'finish-chosen':
      return finishChosen(s, ctx)
    case 'complaint-opened':
      if (!s.person || s.phase !== 'receipt') return refuse(s, 'KIOSK_WRONG_STEP', 'No receipt is on screen')
      return stay({ ...s, lastActivity: ctx.now })
    case 'claim-requested':
      return claimRequested(s, event.request, event.entitlementIds, ctx)
    case 'finger-read':
      return fingerRead(s, event, ctx)
    case 'entitlements-listed':
      return entitlementsListed(s, event)
    case 'entitlements-unavailable':
      return entitlementsUnavailable(s, event)
    case 'entitlements-fresher':
      return entitlementsFresher(s, event)
    case 'printer-checked':
      return printerChecked(s, event)
    case 'claim-made':
      return claimChanged(s, event.epoch === s.epoch ? event.claim : null, true)
    case 'claims-done':
      return claimsDone(s, event, ctx)
    case 'receipt-printed':
      return receiptOutcome(s, event.epoch, { state: 'printed', error: null })
    case 'receipt-failed':
      return receiptOutcome(s, event.epoch, { state: 'failed', error: event.code })
    case 'claim-changed':
      return claimChanged(s, event.claim, false)
    case 'timer':
      if (event.epoch !== s.epoch) return stay(s)
      return event.timer === 'idle' ? idleTick(s, ctx) : reset(s, 'finished')
    case 'closed':
      return endSession(s, 'closed')
  }
}

/** "Done": the take-your-card screen, which goes back to attract by itself; with no one at the kiosk, straight back. */
function finishChosen(s: FlowState, ctx: FlowContext): Step {
  if (!s.person) return reset(s, 'finished')
  return finishScreen(s, ctx)
}

/** The idle rule, looked at again: reset after `idleResetMs` without a touch, the countdown shown after `idleWarningMs`. */
function idleTick(s: FlowState, ctx: FlowContext): Step {
  const quiet = ctx.now - s.lastActivity
  const applies = s.person !== null && IDLE_PHASES.has(s.phase)
  if (applies && quiet >= ctx.config.idleResetMs) return reset(s, 'idle')
  const again = startTimer('idle', idleDelay(quiet, ctx.config), s.epoch)
  return applies && quiet >= ctx.config.idleWarningMs ? stay(s, again, { type: 'render' }) : stay(s, again)
}
