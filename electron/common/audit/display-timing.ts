/**
 * How long things stay on the hall's audit display, shared by its face, its
 * store and the end-to-end tests that fast-forward its clock.
 */

/** A TV on the wall: each screen stays this long while nobody touches it. */
export const SCREEN_CYCLE_MS = 15_000

/** A touch holds the screen it shows for this long. */
export const TOUCH_HOLD_MS = 60_000

/**
 * A beneficiary's own entries stay this long after their card tap, then are
 * forgotten and the screen asks for the next card: one person's record is not
 * left on a public wall for whoever walks by next.
 */
export const SELF_CHECK_SHOWN_MS = 30_000
