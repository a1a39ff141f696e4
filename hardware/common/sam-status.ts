/**
 * SW3 module status codes, protocols doc §1.5 (all listed there as matched
 * against sources). Each maps to a stable reason code the UI translates via
 * `error.<code>` / `device.reason.<code>`.
 */
import type { ErrorCode } from '../../electron/common/result'

export const SAM_OK = 0x90
export const SAM_FIND_OK = 0x9f
export const SAM_NO_CARD = 0x80

const SAM_STATUS: Record<number, ErrorCode> = {
  0x91: 'SAM_ITEM_EMPTY',
  0x10: 'SAM_HOST_CHECKSUM',
  0x11: 'SAM_HOST_LENGTH',
  0x21: 'SAM_BAD_COMMAND',
  0x23: 'SAM_NOT_PERMITTED',
  0x24: 'SAM_UNKNOWN_ERROR',
  0x31: 'SAM_CARD_AUTH_FAILED',
  0x32: 'SAM_AUTH_CARD_FAILED',
  0x33: 'SAM_VERIFY_ERROR',
  0x40: 'SAM_UNKNOWN_CARD_TYPE',
  0x41: 'SAM_READ_FAILED',
  0x47: 'SAM_RANDOM_FAILED',
  0x60: 'SAM_SELF_TEST_FAILED',
  0x66: 'SAM_NOT_AUTHORISED',
  0x80: 'SAM_NO_CARD',
  0x81: 'SAM_SELECT_FAILED',
}

/** Every reason code samStatusCode() can return (for the i18n completeness test). */
export const SAM_STATUS_CODES: readonly string[] = [...Object.values(SAM_STATUS), 'SAM_STATUS_UNKNOWN']

/** The stable reason code for a non-success SW3. */
export function samStatusCode(sw3: number): ErrorCode {
  return SAM_STATUS[sw3] ?? 'SAM_STATUS_UNKNOWN'
}
