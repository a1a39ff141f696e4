/**
 * AS608 confirmation codes → stable reason codes, protocols doc §2.3.
 * Marked there as from one source only: 04/05 (too dry / too wet) and 1E/1F
 * (enrol error / library full). Unconfirmed meaning: 20 (address error) and
 * 21 (password verification required), Adafruit names only. The names of 0E
 * and 13 vary between sources; the meaning used here is the majority one.
 */
import type { ErrorCode } from '../../electron/common/result'

export const FP_OK = 0x00

const CONFIRMATION: Record<number, ErrorCode> = {
  0x01: 'FP_PACKET_RECEIVE',
  0x02: 'FP_NO_FINGER',
  0x03: 'FP_CAPTURE_FAILED',
  0x04: 'FP_TOO_DRY',
  0x05: 'FP_TOO_WET',
  0x06: 'FP_IMAGE_MESSY',
  0x07: 'FP_TOO_FEW_FEATURES',
  0x08: 'FP_NO_MATCH',
  0x09: 'FP_NOT_FOUND',
  0x0a: 'FP_COMBINE_FAILED',
  0x0b: 'FP_PAGE_RANGE',
  0x0c: 'FP_LOAD_ERROR',
  0x0d: 'FP_UPLOAD_ERROR',
  0x0e: 'FP_DATA_PACKET_ERROR',
  0x0f: 'FP_IMAGE_UPLOAD_ERROR',
  0x10: 'FP_DELETE_FAILED',
  0x11: 'FP_CLEAR_FAILED',
  0x13: 'FP_WRONG_PASSWORD',
  0x15: 'FP_NO_VALID_IMAGE',
  0x18: 'FP_FLASH_ERROR',
  0x1a: 'FP_BAD_REGISTER',
  0x1b: 'FP_BAD_REGISTER_CONFIG',
  0x1c: 'FP_BAD_NOTEPAD_PAGE',
  0x1d: 'FP_PORT_ERROR',
  0x1e: 'FP_ENROL_ERROR',
  0x1f: 'FP_LIBRARY_FULL',
  0x20: 'FP_ADDRESS_ERROR',
  0x21: 'FP_PASSWORD_REQUIRED',
}

/** Every code fpConfirmationCode() can return (for the i18n completeness test). */
export const FP_CONFIRMATION_CODES: readonly string[] = [...Object.values(CONFIRMATION), 'FP_UNKNOWN_CODE']

export function fpConfirmationCode(code: number): ErrorCode {
  return CONFIRMATION[code] ?? 'FP_UNKNOWN_CODE'
}

/** Capture conditions that mean "try again with your finger", not a device fault. */
export const RETRYABLE_CAPTURE = new Set([0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x15])
