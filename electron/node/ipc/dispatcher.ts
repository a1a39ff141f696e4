import { type CallName, type CallResult, type Face, type ParsedInput, calls, isCallName } from '../../common/contract'
import { AppError, type Result, err, ok } from '../../common/result'
import type { Logger } from '../log/logger'

/** Who is calling: the face its window or page is bound to. Later: the signed-in staff member. */
export interface CallContext {
  face: Face
}

export type Handler<N extends CallName> = (input: ParsedInput<N>, ctx: CallContext) => Promise<CallResult<N>> | CallResult<N>
export type Handlers = { [N in CallName]: Handler<N> }

/**
 * The one entry point for every call from a renderer, whatever the shell:
 * checks the call exists, that the caller's face may make it, validates the
 * input against the contract's schema, runs the handler and wraps the outcome.
 */
export function createDispatcher(handlers: Handlers, log: Logger) {
  return async function dispatch(face: Face, name: unknown, rawInput: unknown): Promise<Result<unknown>> {
    if (!isCallName(name)) {
      log.warn('unknown call refused', { face, name: String(name).slice(0, 80) })
      return err('E_UNKNOWN_CALL', `Unknown call ${JSON.stringify(String(name).slice(0, 80))}`)
    }
    const spec = calls[name]
    if (!spec.faces.includes(face)) {
      log.warn('call refused for face', { face, name })
      return err('E_FORBIDDEN', `The ${face} face may not call ${name}`)
    }
    const parsed = spec.input.safeParse(rawInput)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : ''
      return err('E_INPUT', `Invalid input for ${name}${where}: ${issue?.message ?? 'rejected'}`)
    }
    try {
      const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown
      return ok(await handler(parsed.data, { face }))
    } catch (e) {
      if (e instanceof AppError) return err(e.code, e.message)
      log.error('call failed', { face, name, error: e as Error })
      return err('E_INTERNAL', `${name} failed: ${(e as Error).message}`)
    }
  }
}

export type Dispatch = ReturnType<typeof createDispatcher>
