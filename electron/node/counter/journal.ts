/**
 * The terminal's append-only journal (table `journal`, migration 0001): who
 * did what at the counter. `actor` is a staff work number (`staff:S0001`) or
 * `system`; `detail` never carries personal data (ids are commitments,
 * counts, claim numbers, batch numbers).
 */
import type { Db } from '../db/database'

export interface JournalEntry {
  id: number
  at: number
  actor: string
  action: string
  detail: Record<string, unknown>
}

export class Journal {
  private readonly insert
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare(`INSERT INTO journal (at, actor, action, detail) VALUES (?, ?, ?, ?)`)
  }

  write(actor: string, action: string, detail: Record<string, unknown> = {}): void {
    this.insert.run(this.now(), actor, action, JSON.stringify(detail))
  }

  /** Newest first; `prefix` filters by action (e.g. 'counter.'). */
  recent(limit = 100, prefix = ''): JournalEntry[] {
    const rows = this.db.prepare(`SELECT id, at, actor, action, detail FROM journal WHERE action LIKE ? ORDER BY id DESC LIMIT ?`).all(`${prefix}%`, limit) as {
      id: number
      at: number
      actor: string
      action: string
      detail: string
    }[]
    return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }))
  }

  /** Every entry in [from, to), oldest first: what the day close hashes. */
  between(from: number, to: number): JournalEntry[] {
    const rows = this.db.prepare(`SELECT id, at, actor, action, detail FROM journal WHERE at >= ? AND at < ? ORDER BY id`).all(from, to) as {
      id: number
      at: number
      actor: string
      action: string
      detail: string
    }[]
    return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }))
  }
}
