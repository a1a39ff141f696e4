import { appMessages } from './messages/app'
import { auditMessages } from './messages/audit'
import { counterMessages } from './messages/counter'
import { devicesMessages } from './messages/devices'
import { kioskMessages } from './messages/kiosk'
import { ledgerMessages } from './messages/ledger'
import { printerMessages } from './messages/printer'
import type { ErrorCode } from '../result'
import type { Locale, Messages } from './types'

export { LOCALES, type Locale, type Messages } from './types'

/**
 * The one i18n table of the app. Each area keeps its messages in its own file;
 * they are merged here. A unit test checks that no key is defined twice.
 */
export const messageSources = { appMessages, auditMessages, counterMessages, devicesMessages, kioskMessages, ledgerMessages, printerMessages }

export const messages = Object.assign({}, ...Object.values(messageSources)) as typeof appMessages &
  typeof auditMessages &
  typeof counterMessages &
  typeof devicesMessages &
  typeof kioskMessages &
  typeof ledgerMessages &
  typeof printerMessages

export type MessageKey = keyof typeof messages

const PLACEHOLDER = /\{(\w+)\}/g

/** Translates a key; `{name}` placeholders are filled from params. Unknown keys come back as the key. */
export function translate(key: string, locale: Locale, params: Record<string, string | number> = {}): string {
  const entry = (messages as Messages)[key]
  const text = entry ? entry[locale] : key
  return text.replace(PLACEHOLDER, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

/** Does the table have a text for this code? Narrows a code read from storage or a device to the union. */
export function isErrorCode(code: string): code is ErrorCode {
  return `error.${code}` in messages
}

/** Translates an error code from a Result, falling back to the generic internal error. */
export function translateError(code: string, locale: Locale): string {
  const key = `error.${code}`
  return key in messages ? translate(key, locale) : translate('error.SYSTEM_INTERNAL', locale)
}

/** Every key defined in more than one source: must be empty. */
export function duplicateMessageKeys(sources: Record<string, Messages> = messageSources): string[] {
  const seen = new Set<string>()
  const duplicates: string[] = []
  for (const source of Object.values(sources))
    for (const key of Object.keys(source)) {
      if (seen.has(key)) duplicates.push(key)
      seen.add(key)
    }
  return duplicates
}
