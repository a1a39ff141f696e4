/**
 * Rows for one INSERT, gathered and written many to a statement: a range of
 * thousands of events costs a few dozen trips into SQLite instead of one per
 * row. Call flush() before anything reads the table, and at the end.
 *
 * The statements are INSERT OR IGNORE, checked: a many-row INSERT that may
 * abort halfway makes SQLite copy every page it touches into a statement
 * journal first (~2 µs an event with hashed ids); one that cannot abort
 * needs none. A row SQLite leaves out (a duplicate key, a NULL where none is
 * allowed) still fails the write: the statement's count of rows written is
 * checked, and the caller's transaction rolls back.
 */
import type { Statement } from 'better-sqlite3'
import type { Db } from '../db/database'

/** 64 rows of up to 16 values: 1,024 bound values, far below the 32,766 SQLite allows since 3.32 (better-sqlite3 bundles a newer one). */
const ROWS_PER_STATEMENT = 64

export class RowBatch {
  private readonly one: Statement
  private readonly many: Statement
  private readonly values: unknown[] = []
  private rows = 0

  /** `into` is the statement between INSERT OR IGNORE and VALUES, e.g. "INTO t (a, b)"; `row` one row's placeholders, e.g. "(?, ?, 1)". */
  constructor(
    db: Db,
    private readonly into: string,
    row: string,
  ) {
    this.one = db.prepare(`INSERT OR IGNORE ${into} VALUES ${row}`)
    this.many = db.prepare(`INSERT OR IGNORE ${into} VALUES ${Array(ROWS_PER_STATEMENT).fill(row).join(', ')}`)
  }

  add(...row: unknown[]): void {
    for (const v of row) this.values.push(v)
    if (++this.rows === ROWS_PER_STATEMENT) {
      this.written(this.many.run(this.values).changes, ROWS_PER_STATEMENT)
      this.clear()
    }
  }

  flush(): void {
    if (this.rows === 0) return
    const width = this.values.length / this.rows
    for (let i = 0; i < this.values.length; i += width) this.written(this.one.run(this.values.slice(i, i + width)).changes, 1)
    this.clear()
  }

  private written(changes: number, rows: number): void {
    if (changes !== rows) throw new Error(`INSERT ${this.into}: SQLite refused ${rows - changes} of ${rows} rows (duplicate key or invalid value)`)
  }

  /** Forgets rows not yet written (their transaction failed). */
  clear(): void {
    this.values.length = 0
    this.rows = 0
  }
}
