import type { z } from 'zod'
import type { Result } from '../result'
import { auditCalls, auditEvents } from './audit'
import { counterCalls, counterEvents } from './counter'
import { deviceSelfTestCalls, devicesCalls, devicesEvents, simPrinterCalls } from './devices'
import { type CallSpec, DEFAULT_MAX_BODY_BYTES, type EventSpec, type StaffRole } from './define'
import { kioskCalls, kioskEvents } from './kiosk'
import { ledgerCalls, ledgerEvents } from './ledger'
import { printerCalls, printerEvents } from './printer'
import { systemCalls, systemEvents } from './system'

export type * from './audit'
export type * from './counter'
export type * from './devices'
export * from './define'
export type * from './kiosk'
export type * from './ledger'
export type * from './printer'
export type * from './system'

/**
 * Every call the renderer may make. Each area of the app declares its calls in
 * its own file and they are listed here, once. The Electron preload and the
 * browser host both build their API from this object; the main side validates
 * every input against the schema and checks the caller's face.
 */
export const calls = {
  ...systemCalls,
  ...kioskCalls,
  ...auditCalls,
  ...printerCalls,
  ...counterCalls,
  ...ledgerCalls,
  ...devicesCalls,
  ...simPrinterCalls,
  ...deviceSelfTestCalls,
}

/** Every event the renderer may receive. */
export const events = {
  ...systemEvents,
  ...kioskEvents,
  ...auditEvents,
  ...printerEvents,
  ...counterEvents,
  ...devicesEvents,
  ...ledgerEvents,
}

export type Calls = typeof calls
export type CallName = keyof Calls
export type EventName = keyof typeof events
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>
export type ParsedInput<N extends CallName> = z.output<Calls[N]['input']>
export type CallResult<N extends CallName> = Calls[N] extends CallSpec<z.ZodType, infer O> ? O : never
/** The calls that need a signed-in staff member (their `staff` is a list of roles). */
export type StaffCallName = { [N in CallName]: Calls[N]['staff'] extends 'none' ? never : N }[CallName]
export type EventPayload<E extends EventName> = (typeof events)[E] extends EventSpec<infer P> ? P : never

export const callNames = Object.keys(calls) as CallName[]
export const eventNames = Object.keys(events) as EventName[]

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name)
}

/**
 * The staff roles that may make a call, as its declaration says; null when it
 * needs no staff session. For the counter to offer each staff member only
 * what their role may do (the dispatcher enforces it either way).
 */
export function rolesFor(name: CallName): readonly StaffRole[] | null {
  const staff = calls[name].staff
  return staff === 'none' ? null : staff
}

/** May a signed-in staff member of `role` make this call? True for a call that needs no session. */
export function mayCall(role: StaffRole, name: CallName): boolean {
  const roles = rolesFor(name)
  return roles === null || roles.includes(role)
}

/** The API object the renderer sees, the same in Electron and in the browser host. */
export type HuiminApi = {
  [N in CallName]: (input: CallInput<N>) => Promise<Result<CallResult<N>>>
} & {
  /** Subscribe to an event; returns the unsubscribe function. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void
}

/** Builds the API object from one transport function; used by the preload and the browser bridge. */
export function buildApi(
  invoke: (name: CallName, input: unknown) => Promise<Result<unknown>>,
  subscribe: (name: EventName, listener: (payload: unknown) => void) => () => void,
): HuiminApi {
  const api: Record<string, unknown> = {}
  for (const name of callNames) api[name] = (input: unknown) => invoke(name, input ?? {})
  api.on = (name: EventName, listener: (payload: unknown) => void) => {
    if (!isEventName(name)) throw new Error(`Unknown event: ${String(name)}`)
    return subscribe(name, listener)
  }
  return api as HuiminApi
}

/** The largest request body the browser host reads for a call, as its declaration says; the default for any other name. */
export function maxBodyBytesFor(name: string): number {
  return (isCallName(name) ? calls[name].maxBodyBytes : undefined) ?? DEFAULT_MAX_BODY_BYTES
}
