import type { DeviceState } from '../device-status'

/**
 * Real-time status (`DLE EOT n`, n = 1..4). Each answer is one byte with
 * bits 1 and 4 fixed at 1 and bits 0 and 7 fixed at 0, so a healthy printer
 * answers 0x12 to every n. See shared/hardware-protocols.md §3.
 */
export const HEALTHY_STATUS_BYTE = 0x12
const FIXED_MASK = 0x93
const FIXED_VALUE = 0x12

/** Stable reason codes for the printer, translated by the UI (`printer.reason.<CODE>`). */
export const PRINTER_REASONS = [
  'PAPER_OUT',
  'PAPER_NEAR_END',
  'COVER_OPEN',
  'CUTTER_ERROR',
  'PRINTER_FAULT',
  'OFFLINE',
  'NO_ANSWER',
  'BAD_STATUS',
  'PORT_GONE',
] as const
export type PrinterReason = (typeof PRINTER_REASONS)[number]

export interface PrinterFlags {
  /** n=1 bit 3 */
  offline: boolean
  /** n=1 bit 5 */
  waitingForRecovery: boolean
  /** n=1 bit 6 */
  feedButtonPressed: boolean
  /** n=2 bit 2 */
  coverOpen: boolean
  /** n=2 bit 3 */
  feedingByButton: boolean
  /** n=2 bit 5 */
  paperEndStop: boolean
  /** n=2 bit 6 */
  errorOccurred: boolean
  /** n=3 bit 2 */
  recoverableError: boolean
  /** n=3 bit 3 */
  autocutterError: boolean
  /** n=3 bit 5 */
  unrecoverableError: boolean
  /** n=3 bit 6 */
  autoRecoverableError: boolean
  /** n=4 bits 2+3 */
  paperNearEnd: boolean
  /** n=4 bits 5+6 */
  paperOut: boolean
}

/** The four answers, in request order n = 1, 2, 3, 4. */
export type StatusBytes = readonly [number, number, number, number]

/** True when the byte has the fixed bits of a status answer (0xx1 xx10 pattern). */
export function isStatusByte(byte: number): boolean {
  return (byte & FIXED_MASK) === FIXED_VALUE
}

const bit = (byte: number, n: number) => (byte & (1 << n)) !== 0

export function decodeStatusBytes([b1, b2, b3, b4]: StatusBytes): PrinterFlags {
  return {
    offline: bit(b1, 3),
    waitingForRecovery: bit(b1, 5),
    feedButtonPressed: bit(b1, 6),
    coverOpen: bit(b2, 2),
    feedingByButton: bit(b2, 3),
    paperEndStop: bit(b2, 5),
    errorOccurred: bit(b2, 6),
    recoverableError: bit(b3, 2),
    autocutterError: bit(b3, 3),
    unrecoverableError: bit(b3, 5),
    autoRecoverableError: bit(b3, 6),
    paperNearEnd: bit(b4, 2) || bit(b4, 3),
    paperOut: bit(b4, 5) || bit(b4, 6) || bit(b2, 5),
  }
}

export interface PrinterCondition {
  state: DeviceState
  reason: PrinterReason | null
}

/**
 * What the flags mean for the kiosk, most serious first: paper out, cover
 * open, cutter error and other errors stop printing ('error'); offline with no
 * known cause is 'offline'; paper near end still prints but needs staff
 * ('attention').
 */
export function conditionOf(flags: PrinterFlags): PrinterCondition {
  if (flags.paperOut) return { state: 'error', reason: 'PAPER_OUT' }
  if (flags.coverOpen) return { state: 'error', reason: 'COVER_OPEN' }
  if (flags.autocutterError) return { state: 'error', reason: 'CUTTER_ERROR' }
  if (flags.unrecoverableError || flags.recoverableError || flags.autoRecoverableError || flags.errorOccurred)
    return { state: 'error', reason: 'PRINTER_FAULT' }
  if (flags.offline) return { state: 'offline', reason: 'OFFLINE' }
  if (flags.paperNearEnd) return { state: 'attention', reason: 'PAPER_NEAR_END' }
  return { state: 'online', reason: null }
}

/** Decodes four answers into a condition; malformed answers are BAD_STATUS. */
export function conditionOfBytes(bytes: StatusBytes): PrinterCondition {
  if (!bytes.every(isStatusByte)) return { state: 'error', reason: 'BAD_STATUS' }
  return conditionOf(decodeStatusBytes(bytes))
}

/** A receipt can be printed in these states; 'attention' (near end) still prints. */
export function canPrintIn(state: DeviceState): boolean {
  return state === 'online' || state === 'attention'
}
