import type { ErrorCode } from '../result'

/**
 * The relief contract's custom errors and the stable app error codes they
 * map to. The UI shows `error.<code>` from the i18n table.
 */
export const RELIEF_ERROR_CODES = {
  NotTerminal: 'LEDGER_NOT_TERMINAL',
  WrongTownship: 'LEDGER_WRONG_TOWNSHIP',
  UnknownEntitlement: 'LEDGER_UNKNOWN_ENTITLEMENT',
  NotYetValid: 'LEDGER_NOT_YET_VALID',
  Expired: 'LEDGER_EXPIRED',
  Revoked: 'LEDGER_REVOKED',
  AlreadyPaid: 'LEDGER_ALREADY_PAID',
  InsufficientFunds: 'LEDGER_INSUFFICIENT_FUNDS',
  NotAuthorized: 'LEDGER_NOT_AUTHORIZED',
  DuplicateEntitlement: 'LEDGER_DUPLICATE_ENTITLEMENT',
  AlreadySettled: 'LEDGER_ALREADY_SETTLED',
  NotPaid: 'LEDGER_NOT_PAID',
  DayAlreadyClosed: 'LEDGER_DAY_ALREADY_CLOSED',
  UnknownProgram: 'LEDGER_UNKNOWN_PROGRAM',
} as const satisfies Record<string, ErrorCode>

export type ReliefErrorName = keyof typeof RELIEF_ERROR_CODES

export function reliefErrorCode(name: string): ErrorCode {
  return (RELIEF_ERROR_CODES as Record<string, ErrorCode>)[name] ?? 'LEDGER_REVERTED'
}
