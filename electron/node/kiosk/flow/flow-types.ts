import type { KioskPhase, KioskView } from '../../../common/contract/kiosk'
import type { ErrorCode } from '../../../common/result'
import type { CardIdentity, ClaimRecord, ClaimRequest, EntitlementRecord, FingerOutcome } from '../ports'

/**
 * The kiosk session as data: its state, the events that move it and the
 * effects it asks for. The table (flow-table.ts) is a pure function of these;
 * the runner (../kiosk-session.ts) performs the effects through the ports and
 * turns their outcomes back into events. Every outcome carries the session
 * (`epoch`) and, for the pad, the finger round it was asked for, so the table
 * can drop one that arrives after its session or round has ended.
 */

export interface FlowConfig {
  maxFingerTries: number
  idleWarningMs: number
  idleResetMs: number
  /** How long the finish screen stays when the card is already gone (three times that while it lies on the reader). */
  finishMs: number
}

export interface FlowContext {
  now: number
  config: FlowConfig
}

/** Everything personal about the person at the kiosk. Dropped as a whole when the session ends. */
export interface Person {
  card: CardIdentity
  /** The relative collecting for the card's holder (proxy collection), once their card was read. */
  proxy: CardIdentity | null
  records: EntitlementRecord[]
  claims: ClaimRecord[]
  fingerScore: number
}

export interface FlowState {
  phase: KioskPhase
  /** The session's number: raised whenever a session ends; every outcome carries the one it belongs to. */
  epoch: number
  person: Person | null
  /** Reason code shown with the phase (see REASON_PHASES). */
  reason: string | null
  finger: KioskView['finger']
  /** Raised for every finger loop (the beneficiary's, the relative's): a capture of an older round is dropped. */
  fingerRound: number
  receipt: KioskView['receipt']
  lastActivity: number
  cardOnReader: boolean
  /** A card laid on the reader, waiting for the device check that decides whether a session may start. */
  pendingCard: { card: CardIdentity; check: number } | null
  /** Device checks asked for, and the newest one whose answer was applied. */
  checks: { issued: number; applied: number }
  /** A claim touch waiting for the printer's answer: its request and the records it chose. */
  claimRequest: { request: number; records: EntitlementRecord[] } | null
}

/**
 * The card holder a receipt is printed for. The submit effect carries it and
 * its outcome brings it back, so the receipts of a claim whose session ended
 * meanwhile still print, without the table keeping anyone after the session.
 */
export interface Holder {
  name: string
  idNumber: string
}

/** Why a session ended (logged; the screen only sees the new session). */
export type EndReason = 'card-removed' | 'new-card' | 'card-refused' | 'idle' | 'finished' | 'devices-back' | 'closed'

/** The device that keeps the kiosk from serving, as the screen names it. */
export type DeviceDown = 'IDCARD_DOWN' | 'FINGERPRINT_DOWN' | 'PRINTER_DOWN'

export type FlowTimer = 'idle' | 'finish'

/** A claim's failure as the runner saw it: the code for the screen, the error for the caller. */
export interface ClaimFailure {
  code: string
  cause: unknown
}

export type FlowEvent =
  // the card reader
  | { type: 'card-placed'; card: CardIdentity }
  | { type: 'card-refused'; reason: string }
  | { type: 'card-removed' }
  // devices
  | { type: 'devices-changed' }
  | { type: 'devices-checked'; check: number; down: DeviceDown | null }
  // touches on the screen
  | { type: 'touch' }
  | { type: 'proxy-chosen' }
  | { type: 'finish-chosen' }
  /** Someone opens the complaint form: allowed only while a receipt is on screen. */
  | { type: 'complaint-opened' }
  | { type: 'claim-requested'; request: number; entitlementIds: string[] }
  // outcomes of effects
  | { type: 'finger-read'; epoch: number; round: number; outcome: FingerOutcome }
  | { type: 'entitlements-listed'; epoch: number; round: number; records: EntitlementRecord[]; claims: ClaimRecord[] }
  | { type: 'entitlements-unavailable'; epoch: number; round: number }
  | { type: 'entitlements-fresher'; epoch: number; records: EntitlementRecord[]; claims: ClaimRecord[] }
  | { type: 'printer-checked'; epoch: number; request: number; ready: boolean; error?: unknown }
  | { type: 'claim-made'; epoch: number; claim: ClaimRecord }
  | { type: 'claims-done'; epoch: number; request: number; made: ClaimRecord[]; holder: Holder; failure?: ClaimFailure }
  | { type: 'receipt-printed'; epoch: number }
  | { type: 'receipt-failed'; epoch: number; code: string }
  | { type: 'claim-changed'; claim: ClaimRecord }
  | { type: 'timer'; timer: FlowTimer; epoch: number }
  | { type: 'closed' }

export type FlowEffect =
  | { type: 'check-devices'; check: number }
  | { type: 'read-finger'; epoch: number; round: number; template: Uint8Array }
  | { type: 'look-up-entitlements'; epoch: number; round: number; idNumber: string }
  | { type: 'check-printer'; epoch: number; request: number }
  /** Made one after another; each is durable and signed before the next starts, and all are made even if the session ends meanwhile. */
  | { type: 'submit-claims'; epoch: number; request: number; claims: ClaimRequest[]; holder: Holder }
  /** Waits a moment for the ledger, then prints; runs to its end even if the session ends meanwhile. */
  | { type: 'print-receipts'; epoch: number; claims: ClaimRecord[]; holder: Holder }
  | { type: 'start-timer'; timer: FlowTimer; ms: number; epoch: number }
  | { type: 'stop-timer'; timer: FlowTimer }
  | { type: 'answer-claim'; request: number; made: ClaimRecord[] }
  | { type: 'fail-claim'; request: number; error: unknown }
  | { type: 'session-ended'; reason: EndReason }
  /** Nothing but the time changed (the idle countdown): show the view again. */
  | { type: 'render' }

/** A touch the table refuses: the caller hears it as an AppError with this code. */
export interface Refusal {
  code: ErrorCode
  message: string
}

export interface Step {
  state: FlowState
  effects: FlowEffect[]
  refused?: Refusal
}

/** Phases in which an idle person is warned, then the session reset. */
export const IDLE_PHASES: ReadonlySet<KioskPhase> = new Set(['finger', 'proxy-card', 'assist', 'entitlements', 'receipt', 'card-refused'])
/** Phases that show `reason`; entering any other phase clears it. */
export const REASON_PHASES: ReadonlySet<KioskPhase> = new Set(['card-refused', 'unavailable', 'assist', 'entitlements', 'proxy-card'])
/** Phases in which a claim is being made or its receipt is on screen: taking the card away lets the receipt finish. */
export const CLAIM_PHASES: ReadonlySet<KioskPhase> = new Set(['claiming', 'receipt'])
/** Those and the finish screen: the same card laid again shows that claim, never makes another. */
export const AFTER_CLAIM_PHASES: ReadonlySet<KioskPhase> = new Set([...CLAIM_PHASES, 'finish'])
/** Phases without a person, in which a device that is down puts the kiosk out of service. */
export const SERVICE_PHASES: ReadonlySet<KioskPhase> = new Set(['attract', 'unavailable'])

export function initialFlowState(): FlowState {
  return {
    phase: 'attract',
    epoch: 0,
    person: null,
    reason: null,
    finger: null,
    fingerRound: 0,
    receipt: null,
    lastActivity: 0,
    cardOnReader: false,
    pendingCard: null,
    checks: { issued: 0, applied: 0 },
    claimRequest: null,
  }
}
