import { isErrorCode } from '../../electron/common/i18n'
import { AppError, type ErrorCode } from '../../electron/common/result'

/**
 * Stable device error codes shared by the drivers, the manager and the CLI
 * (translated in i18n `error.<code>`). Protocol status codes (SAM_*, FP_*)
 * come from sam-status.ts and ef01-codes.ts.
 */
export const DEVICE_ERROR_CODES = [
  'DEVICE_TIMEOUT',
  'DEVICE_GONE',
  'DEVICE_NOT_CONFIGURED',
  'DEVICE_BUSY',
  'DEVICE_NO_CARD',
  'DEVICE_NO_FINGER',
  'CARD_NO_FINGERPRINT',
  'DEVICE_PROTOCOL_ERROR',
  'DEVICE_SIM_ONLY',
] as const

export type DeviceErrorCode = (typeof DEVICE_ERROR_CODES)[number]

export class DeviceError extends AppError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
    this.name = 'DeviceError'
  }
}

/** A device fault from a reason reported at run time: a reason the table has no text for becomes DEVICE_PROTOCOL_ERROR. */
export function deviceFault(reason: string | null | undefined, message: string): DeviceError {
  return new DeviceError(reason && isErrorCode(reason) ? reason : 'DEVICE_PROTOCOL_ERROR', message)
}
