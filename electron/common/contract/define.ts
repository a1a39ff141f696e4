import { z } from 'zod'

/** The three faces of the app. Each window (or browser-host page) is bound to exactly one. */
export const FACES = ['kiosk', 'counter', 'audit'] as const
export type Face = (typeof FACES)[number]
export const ALL_FACES: readonly Face[] = FACES

/** Staff roles at the counter: clerks make, supervisors check, technicians look after devices and terminals. */
export const STAFF_ROLES = ['clerk', 'supervisor', 'technician'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

/**
 * Which signed-in staff may make a call, on top of its faces. `'none'`: no
 * staff session is asked for (the kiosk, the audit display, sign-in, the dev
 * panel). A list of roles: the dispatcher resolves the session named by the
 * input's `session` token before the handler runs and refuses anyone else.
 */
export type StaffAccess = 'none' | readonly [StaffRole, ...StaffRole[]]

/** Clerks and supervisors: the desk's work with beneficiaries, lists and receipts. */
export const DESK = ['clerk', 'supervisor'] as const satisfies StaffAccess
/** Every signed-in staff member, technicians too. */
export const ANY_STAFF = STAFF_ROLES satisfies StaffAccess

/** What every staff call's input carries: the token sign-in returned, and whether it is a screen's own refresh. */
export interface StaffInput {
  session: string
  /** `true` marks a screen's background refresh: it reads, but does not count as the staff member being active. */
  background?: boolean | undefined
}

const session = z.string().regex(/^[0-9a-f]{64}$/)

/** A staff call's input: the session, the background flag and `shape`, strict (extra keys are rejected). */
export const withSession = <T extends z.ZodRawShape>(shape: T) => z.object({ session, background: z.boolean().optional(), ...shape }).strict()

/** The browser host's cap on a call's request body, unless the call declares its own. */
export const DEFAULT_MAX_BODY_BYTES = 1 << 20

/** One call the renderer may make: who may make it, what input it takes, what it returns. */
export interface CallSpec<I extends z.ZodType, O, S extends StaffAccess = StaffAccess> {
  readonly faces: readonly Face[]
  readonly staff: S
  readonly input: I
  /** The largest request body the browser host reads for this call, in bytes; DEFAULT_MAX_BODY_BYTES when unset. */
  readonly maxBodyBytes?: number
  /** Phantom field carrying the result type; never set at run time. */
  readonly __result?: O
}

/** One event the renderer may receive, and which faces receive it. */
export interface EventSpec<P> {
  readonly faces: readonly Face[]
  /**
   * A state rather than a happening: a new subscriber (a page whose event
   * stream reconnected) gets the latest payload at once, so a change sent
   * while it was away is not lost. Only for payloads without personal data.
   */
  readonly latest?: boolean
  readonly __payload?: P
}

/**
 * Declares a call. The result type is given explicitly, the input type is
 * inferred from the schema; `staff` must be given, and a call for staff
 * roles only compiles when its input carries the session (`withSession`):
 *
 *   'ledger.head': call<LedgerHead>()({ faces: ALL_FACES, staff: 'none', input: z.object({}).strict() })
 *   'counter.batches': call<BatchView[]>()({ faces: ['counter'], staff: DESK, input: withSession({}) })
 */
export const call =
  <O>() =>
  <I extends z.ZodType, const S extends StaffAccess>(spec: {
    faces: readonly Face[]
    staff: S
    input: I & (S extends 'none' ? unknown : z.ZodType<StaffInput>)
    maxBodyBytes?: number
  }): CallSpec<I, O, S> =>
    spec

/** Declares an event: `'ledger.head': event<LedgerHead>(ALL_FACES, { latest: true })`. */
export const event = <P>(faces: readonly Face[], options: { latest?: boolean } = {}): EventSpec<P> => ({ faces, ...options })

/** An empty, strict input object: extra keys are rejected. */
export type NoInput = Record<string, never>
