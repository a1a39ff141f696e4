/**
 * The place_names table (migration 0006): names the audit queries join by
 * code. Each source is replaced whole, so a name dropped from the gazetteer
 * file goes at the next start; a 'counter' row (this township's villages,
 * kept by triggers on counter_villages) is never overwritten here.
 */
import type { Db } from '../../db/database'
import type { Place } from './gazetteer-csv'

export type LoadedSource = 'gazetteer' | 'demo'

export class PlaceTable {
  private readonly s

  constructor(private readonly db: Db) {
    this.s = {
      clear: db.prepare('DELETE FROM place_names WHERE source = ?'),
      upsert: db.prepare(
        `INSERT INTO place_names (code, name, source) VALUES (?, ?, ?)
         ON CONFLICT(code) DO UPDATE SET name = excluded.name, source = excluded.source WHERE place_names.source <> 'counter'`,
      ),
      name: db.prepare('SELECT name FROM place_names WHERE code = ?').pluck(),
    }
  }

  /**
   * Puts `places` in as `source`, after removing that source's earlier rows,
   * in one transaction. Sources later in a start-up win over earlier ones
   * (the loader puts 'demo' first, then 'gazetteer'). Returns the rows written.
   */
  replace(source: LoadedSource, places: readonly Place[]): number {
    return this.db.transaction(() => {
      this.s.clear.run(source)
      let written = 0
      for (const p of places) written += this.s.upsert.run(Number(p.code), p.name, source).changes
      return written
    })()
  }

  /** Removes a source's rows (demo names once demo mode is off). */
  clear(source: LoadedSource): void {
    this.s.clear.run(source)
  }

  nameOf(code: number | string): string | null {
    return (this.s.name.get(Number(code)) as string | undefined) ?? null
  }
}
