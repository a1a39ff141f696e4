import type { z } from 'zod'

/** The three faces of the app. Each window (or browser-host page) is bound to exactly one. */
export const FACES = ['kiosk', 'counter', 'audit'] as const
export type Face = (typeof FACES)[number]
export const ALL_FACES: readonly Face[] = FACES

/** One call the renderer may make: who may make it, what input it takes, what it returns. */
export interface CallSpec<I extends z.ZodType, O> {
  readonly faces: readonly Face[]
  readonly input: I
  /** Phantom field carrying the result type; never set at run time. */
  readonly __result?: O
}

/** One event the renderer may receive, and which faces receive it. */
export interface EventSpec<P> {
  readonly faces: readonly Face[]
  readonly __payload?: P
}

/**
 * Declares a call. The result type is given explicitly, the input type is
 * inferred from the schema:
 *
 *   'ledger.head': call<LedgerHead>()({ faces: ALL_FACES, input: z.object({}).strict() })
 */
export const call =
  <O>() =>
  <I extends z.ZodType>(spec: { faces: readonly Face[]; input: I }): CallSpec<I, O> =>
    spec

/** Declares an event: `'ledger.head': event<LedgerHead>(ALL_FACES)`. */
export const event = <P>(faces: readonly Face[]): EventSpec<P> => ({ faces })

/** An empty, strict input object: extra keys are rejected. */
export type NoInput = Record<string, never>
