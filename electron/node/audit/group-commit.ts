/**
 * Lets consecutive ranges share one SQLite commit while the follower catches
 * up. A batch is committed as soon as no further range is waiting, so a pass
 * of the follower never ends with its work uncommitted, and at the latest
 * after `events` events or `ms` milliseconds.
 *
 * The limits are small because the app's own thread waits for the lock a
 * batch holds (a counter write during a catch-up). Measured here, 100,000
 * hashed approvals with the app writing every 20 ms: at 5,000 events or
 * 250 ms the index ran at 83–91k events/s and the app's writes waited at
 * most 132–183 ms (p90 57–60 ms); at 25,000 events or 1 s, 61–76k events/s
 * and up to 340 ms (p90 80–104 ms). With the app idle the two limits index
 * at the same rate (82–96k events/s, within this machine's noise): since
 * the hashes are indexed by integer keys, a commit rewrites few pages.
 *
 * A batch opens with BEGIN IMMEDIATE, taking the write lock before a range
 * reads anything. A range reads before it writes (the cursor, entitlement
 * ids); opened DEFERRED, its read snapshot went stale whenever the app's own
 * connection committed in between (the counter recording a claim), and the
 * first write then failed at once with "database is locked", without waiting
 * on busy_timeout: the follower's pass failed and backed off. Now the app's
 * write waits for the batch instead (at most one batch: `limits`).
 *
 * Ranges run straight in the batch's transaction, not in savepoints of it
 * (SQLite would keep every page a savepoint changes in its statement journal:
 * a quarter of the write time). So a range that fails undoes the whole
 * uncommitted batch: the follower resumes from the last commit and reads
 * those ranges again.
 */
import type { Db } from '../db/database'

export interface GroupCommitLimits {
  events: number
  ms: number
}

export const GROUP_COMMIT_LIMITS: GroupCommitLimits = { events: 5_000, ms: 250 }

export class GroupCommit {
  private open: { since: number; events: number } | null = null

  constructor(
    private readonly db: Db,
    private readonly limits: GroupCommitLimits = GROUP_COMMIT_LIMITS,
  ) {}

  /** Runs one range's writes inside the open batch; if they throw, the batch is rolled back. */
  write<T extends { events: number }>(range: () => T): T {
    if (!this.open) {
      this.db.exec('BEGIN IMMEDIATE')
      this.open = { since: Date.now(), events: 0 }
    }
    let written: T
    try {
      written = range()
    } catch (e) {
      this.open = null
      if (this.db.inTransaction) this.db.exec('ROLLBACK')
      throw e
    }
    this.open.events += written.events
    return written
  }

  /** Commits the batch unless more ranges are waiting and it is still small and young. */
  settle(moreWaiting: boolean): void {
    const open = this.open
    if (!open) return
    if (moreWaiting && open.events < this.limits.events && Date.now() - open.since < this.limits.ms) return
    this.commit()
  }

  /** Commits what the batch holds; if that fails, undoes it and rethrows. */
  commit(): void {
    if (!this.open) return
    this.open = null
    try {
      this.db.exec('COMMIT')
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK')
      throw e
    }
  }
}
