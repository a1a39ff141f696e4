/**
 * Rows for one INSERT, gathered and written many to a statement: a range of
 * thousands of events costs a few dozen trips into SQLite instead of one per
 * row. Call flush() before anything reads the table, and at the end.
 */
import type { Statement } from 'better-sqlite3'
import type { Db } from '../db/database'

/** 64 rows of up to 12 values stay under SQLite's oldest limit of 999 bound values per statement. */
const ROWS_PER_STATEMENT = 64

export class RowBatch {
  private readonly one: Statement
  private readonly many: Statement
  private readonly values: unknown[] = []
  private rows = 0

  /** `insert` is the statement up to VALUES; `row` is one row's placeholders, e.g. "(?, ?, 1)". */
  constructor(db: Db, insert: string, row: string) {
    this.one = db.prepare(`${insert} VALUES ${row}`)
    this.many = db.prepare(`${insert} VALUES ${Array(ROWS_PER_STATEMENT).fill(row).join(', ')}`)
  }

  add(...row: unknown[]): void {
    for (const v of row) this.values.push(v)
    if (++this.rows === ROWS_PER_STATEMENT) {
      this.many.run(this.values)
      this.clear()
    }
  }

  flush(): void {
    if (this.rows === 0) return
    const width = this.values.length / this.rows
    for (let i = 0; i < this.values.length; i += width) this.one.run(this.values.slice(i, i + width))
    this.clear()
  }

  /** Forgets rows not yet written (their transaction failed). */
  clear(): void {
    this.values.length = 0
    this.rows = 0
  }
}
