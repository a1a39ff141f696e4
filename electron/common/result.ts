import type { MessageKey } from './i18n'

/**
 * Every error code the app may throw or answer: exactly the codes the i18n
 * table has an `error.<CODE>` text for, so a code without zh and en text
 * does not compile. Codes are AREA_REASON in upper snake case.
 */
export type ErrorCode = { [K in MessageKey]: K extends `error.${infer Code}` ? Code : never }[MessageKey]

/** The shape every call across the IPC boundary returns: never a thrown string. */
export type Ok<T> = { ok: true; value: T }
export type Err = { ok: false; error: AppErrorShape }
export type Result<T> = Ok<T> | Err

/** A stable error code the UI can translate and staff can look up, plus an English message for logs. */
export interface AppErrorShape {
  code: string
  message: string
}

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value })
export const err = (code: ErrorCode, message: string): Err => ({ ok: false, error: { code, message } })

/**
 * An error with a stable code. Services throw it; the dispatcher turns it into
 * `{ ok: false, error }`. Anything else thrown becomes `SYSTEM_INTERNAL`.
 */
export class AppError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = 'AppError'
  }
}
