import type { KioskPhase } from '../../../common/contract/kiosk'
import type { ErrorCode } from '../../../common/result'
import {
  type EndReason,
  type FlowConfig,
  type FlowContext,
  type FlowEffect,
  type FlowState,
  type FlowTimer,
  type Person,
  REASON_PHASES,
  type Step,
} from './flow-types'

/** Building blocks of the table's answers. */

export const stay = (state: FlowState, ...effects: FlowEffect[]): Step => ({ state, effects })

export const refuse = (state: FlowState, code: ErrorCode, message: string, ...effects: FlowEffect[]): Step => ({ state, effects, refused: { code, message } })

/** The state in a new phase; a phase that shows no reason clears it. */
export function enter(s: FlowState, phase: KioskPhase, patch: Partial<FlowState> = {}): FlowState {
  const next = { ...s, ...patch, phase }
  return REASON_PHASES.has(phase) ? next : { ...next, reason: null }
}

export function withPerson(s: FlowState, person: Person, patch: Partial<FlowState> = {}): FlowState {
  return { ...s, ...patch, person }
}

export const startTimer = (timer: FlowTimer, ms: number, epoch: number): FlowEffect => ({ type: 'start-timer', timer, ms: Math.max(0, ms), epoch })

/** Asks for a device check; its answer (devices-checked) carries the number returned here. */
export function askDevices(s: FlowState): [FlowState, Extract<FlowEffect, { type: 'check-devices' }>] {
  const check = s.checks.issued + 1
  return [
    { ...s, checks: { ...s.checks, issued: check } },
    { type: 'check-devices', check },
  ]
}

/** Drops everything personal and starts a new session number, at attract. */
export function endSession(s: FlowState, reason: EndReason): Step {
  const state = enter(s, 'attract', { epoch: s.epoch + 1, person: null, finger: null, receipt: null, pendingCard: null, claimRequest: null })
  const effects: FlowEffect[] = [
    { type: 'stop-timer', timer: 'idle' },
    { type: 'stop-timer', timer: 'finish' },
  ]
  if (s.person) effects.push({ type: 'session-ended', reason })
  return { state, effects }
}

/** Back to attract with nothing personal left, then a device check (it may put the kiosk out of service). */
export function reset(s: FlowState, reason: EndReason): Step {
  const ended = endSession(s, reason)
  const [state, check] = askDevices(ended.state)
  return { state, effects: [...ended.effects, check] }
}

/** Milliseconds until the idle rule should look again, `quiet` ms after the last touch: once a second while warning. */
export function idleDelay(quiet: number, config: FlowConfig): number {
  if (quiet >= config.idleWarningMs) return Math.max(0, Math.min(1000, config.idleResetMs - quiet))
  return config.idleWarningMs - quiet
}

/** The take-your-card screen, which goes back to attract by itself: three times as long while the card still lies on the reader. */
export function finishScreen(s: FlowState, ctx: FlowContext): Step {
  const ms = s.cardOnReader ? ctx.config.finishMs * 3 : ctx.config.finishMs
  return stay(enter(s, 'finish'), startTimer('finish', ms, s.epoch))
}
