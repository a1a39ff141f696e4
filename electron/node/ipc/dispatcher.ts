import { type CallName, type CallResult, type Calls, type Face, type ParsedInput, type StaffRole, calls, isCallName } from '../../common/contract'
import { AppError, type Result, err, ok } from '../../common/result'
// Only the shape of a session: the dispatcher never reaches the counter itself, it is handed `resolveStaff`.
import type { StaffSession } from '../counter/staff-auth'
import type { Logger } from '../log/logger'
import { STORAGE_FULL, isStorageFull } from '../storage/storage-errors'

/** The staff member a call runs for: their live session for a call that declares roles, null for a `staff: 'none'` call. */
export type StaffOf<N extends CallName> = N extends CallName ? (Calls[N]['staff'] extends 'none' ? null : StaffSession) : never

/** Who is calling: the face its window or page is bound to, and the signed-in staff member the call needs. */
export interface CallContext<N extends CallName = CallName> {
  face: Face
  staff: StaffOf<N>
}

export type Handler<N extends CallName> = (input: ParsedInput<N>, ctx: CallContext<N>) => Promise<CallResult<N>> | CallResult<N>
export type Handlers = { [N in CallName]: Handler<N> }

/**
 * Finds the live staff session `token` names and checks its role is one of
 * `roles`; throws an AppError (COUNTER_NOT_SIGNED_IN, COUNTER_SESSION_EXPIRED,
 * COUNTER_ROLE) otherwise. `touch: false` for a screen's background refresh,
 * which does not keep the session alive. The counter's StaffAuth.require.
 */
export type ResolveStaff = (token: string, roles: readonly StaffRole[], touch: boolean) => StaffSession | Promise<StaffSession>

/** For a host without a counter (tests of one face): every staff call is refused as not signed in. */
export const noStaff: ResolveStaff = () => {
  throw new AppError('COUNTER_NOT_SIGNED_IN', 'no staff session for this token')
}

/**
 * The one entry point for every call from a renderer, whatever the shell:
 * checks the call exists, that the caller's face may make it, validates the
 * input against the contract's schema, resolves the staff session when the
 * call declares roles, runs the handler and wraps the outcome. A write that
 * failed for lack of disk space comes back as STORAGE_FULL, anything else
 * unexpected as SYSTEM_INTERNAL.
 */
export function createDispatcher(handlers: Handlers, log: Logger, resolveStaff: ResolveStaff) {
  /** The staff member for a call, as its declaration asks; fails closed on a declaration that is neither 'none' nor roles. */
  async function staffFor(name: CallName, input: unknown): Promise<StaffSession | null> {
    const access: unknown = calls[name].staff
    if (access === 'none') return null
    if (!Array.isArray(access) || access.length === 0) {
      log.error('call declares no staff access', { name })
      throw new AppError('CALL_FORBIDDEN', `${name} declares no staff access`)
    }
    const given = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {}
    if (typeof given.session !== 'string') throw new AppError('COUNTER_NOT_SIGNED_IN', 'no staff session given')
    return resolveStaff(given.session, access as readonly StaffRole[], given.background !== true)
  }

  return async function dispatch(face: Face, name: unknown, rawInput: unknown): Promise<Result<unknown>> {
    if (!isCallName(name)) {
      log.warn('unknown call refused', { face, name: String(name).slice(0, 80) })
      return err('CALL_UNKNOWN', `Unknown call ${JSON.stringify(String(name).slice(0, 80))}`)
    }
    const spec = calls[name]
    if (!spec.faces.includes(face)) {
      log.warn('call refused for face', { face, name })
      return err('CALL_FORBIDDEN', `The ${face} face may not call ${name}`)
    }
    const parsed = spec.input.safeParse(rawInput)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : ''
      return err('CALL_BAD_INPUT', `Invalid input for ${name}${where}: ${issue?.message ?? 'rejected'}`)
    }
    try {
      const staff = await staffFor(name, parsed.data)
      const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown
      return ok(await handler(parsed.data, { face, staff }))
    } catch (e) {
      if (e instanceof AppError) return err(e.code, e.message)
      log.error('call failed', { face, name, error: e as Error })
      if (isStorageFull(e)) return err(STORAGE_FULL, `${name} failed: the data disk is full (${(e as Error).message})`)
      return err('SYSTEM_INTERNAL', `${name} failed: ${(e as Error).message}`)
    }
  }
}

export type Dispatch = ReturnType<typeof createDispatcher>
