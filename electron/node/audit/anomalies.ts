/**
 * Flags for staff and the public screen (real-time monitoring of effect):
 *  - lateBulk: a township paying out many claims in the last 10% of their
 *    validity windows within a day;
 *  - terminalRate: a terminal paying far more in an hour than it usually does;
 *  - unclaimed: entitlements still unclaimed past 80% of their window.
 * All read the incremental tables; "now" is chain time (the newest indexed
 * block), so flags agree with the ledger rather than the local clock.
 * A flag whose place has a name (place_names) says the name, with a *Named
 * message key; otherwise the code.
 */
import { placeLabel } from '../../common/audit/place-label'
import type { Anomaly, PlaceNames, UnclaimedEntry } from '../../common/contract/audit'
import type { Db } from '../db/database'
import { hex } from './blobs'
import { PLACE_COLUMNS, PLACE_JOINS, type PlaceNameColumns, placeNamesOf } from './place-names/place-sql'

export interface AnomalyThresholds {
  /** lateBulk: at least this many late claims in 24 h, and at least half of that township's claims. */
  lateMin: number
  /** terminalRate: at least this many claims in the hour... */
  rateMin: number
  /** ...and this many times the terminal's usual hourly count (or the hour's median across terminals when it has no history). */
  rateFactor: number
  /** unclaimed: at least this many open entitlements in a village and program. */
  unclaimedMin: number
  limit: number
}

export const DEFAULT_THRESHOLDS: AnomalyThresholds = { lateMin: 10, rateMin: 20, rateFactor: 4, unclaimedMin: 5, limit: 10 }

/** Open past 80% of its window and not yet over (binds now, now): what an unclaimed flag counts, and what its list shows. */
const UNCLAIMED = 'status = 1 AND warn_at <= ? AND valid_until >= ?'

export class AnomalyDetector {
  private readonly s

  constructor(
    db: Db,
    private readonly thresholds: AnomalyThresholds = DEFAULT_THRESHOLDS,
  ) {
    this.s = {
      late: db.prepare(
        `SELECT township, SUM(late_n) AS late, SUM(paid_n) AS n FROM audit_terminal_hours WHERE hour > ?
         GROUP BY township HAVING late >= ? AND late * 2 >= n ORDER BY late DESC LIMIT ?`,
      ),
      hour: db.prepare('SELECT terminal, township, paid_n FROM audit_terminal_hours WHERE hour = ?'),
      history: db.prepare('SELECT AVG(paid_n) AS avg, COUNT(*) AS hours FROM audit_terminal_hours WHERE terminal = ? AND hour >= ? AND hour < ?'),
      unclaimed: db.prepare(
        `SELECT e.*, ${PLACE_COLUMNS} FROM (
           SELECT program_id, township, village, COUNT(*) AS n, SUM(amount) AS amount FROM audit_entitlements INDEXED BY audit_entitlements_open
           WHERE ${UNCLAIMED} GROUP BY program_id, village HAVING n >= ? ORDER BY n DESC LIMIT ?) e ${PLACE_JOINS}
         ORDER BY e.n DESC`,
      ),
      placeName: db.prepare('SELECT name FROM place_names WHERE code = ?').pluck(),
      unclaimedIn: db.prepare(
        `SELECT masked_name AS maskedName, amount, valid_from AS validFrom, valid_until AS validUntil FROM audit_entitlements INDEXED BY audit_entitlements_open
         WHERE ${UNCLAIMED} AND village = ? AND program_id = ? ORDER BY valid_until, seq LIMIT ?`,
      ),
    }
  }

  /** The entitlements an unclaimed flag counts (one village and programme), soonest ending first. */
  unclaimedIn(village: number, programId: number, now: number, limit = 200): UnclaimedEntry[] {
    return this.s.unclaimedIn.all(now, now, village, programId, limit) as UnclaimedEntry[]
  }

  detect(now: number): Anomaly[] {
    return [...this.lateBulk(now), ...this.terminalRate(now), ...this.unclaimed(now)]
  }

  private lateBulk(now: number): Anomaly[] {
    const hour = Math.floor(now / 3600)
    const rows = this.s.late.all(hour - 24, this.thresholds.lateMin, this.thresholds.limit) as { township: number; late: number; n: number }[]
    return rows.map((r) => ({
      kind: 'lateBulk',
      ...named('audit.anomaly.lateBulk', { township: r.township, count: r.late, total: r.n }, this.township(r.township), 'township'),
      township: r.township,
      village: null,
      programId: null,
      terminal: null,
      count: r.late,
    }))
  }

  private terminalRate(now: number): Anomaly[] {
    const hour = Math.floor(now / 3600)
    const current = this.s.hour.all(hour) as { terminal: Buffer; township: number; paid_n: number }[]
    if (current.length === 0) return []
    const counts = current.map((c) => c.paid_n).sort((a, b) => a - b)
    const median = counts[Math.floor(counts.length / 2)]!
    const out: Anomaly[] = []
    for (const c of current) {
      if (c.paid_n < this.thresholds.rateMin) continue
      const h = this.s.history.get(c.terminal, hour - 24 * 7, hour) as { avg: number | null; hours: number }
      const usual = h.hours >= 3 && h.avg !== null ? h.avg : current.length >= 3 ? median : null
      if (usual === null || c.paid_n < this.thresholds.rateFactor * Math.max(usual, 1)) continue
      const address = hex(c.terminal)!
      const short = `${address.slice(0, 6)}…${address.slice(-4)}`
      out.push({
        kind: 'terminalRate',
        ...named(
          'audit.anomaly.terminalRate',
          { terminal: short, township: c.township, count: c.paid_n, usual: Math.round(usual * 10) / 10 },
          this.township(c.township),
          'township',
        ),
        township: c.township,
        village: null,
        programId: null,
        terminal: short,
        count: c.paid_n,
      })
    }
    return out.sort((a, b) => b.count - a.count).slice(0, this.thresholds.limit)
  }

  private unclaimed(now: number): Anomaly[] {
    const rows = this.s.unclaimed.all(now, now, this.thresholds.unclaimedMin, this.thresholds.limit) as ({
      program_id: number
      township: number
      village: number
      n: number
      amount: number
    } & PlaceNameColumns)[]
    return rows.map((r) => ({
      kind: 'unclaimed',
      ...named('audit.anomaly.unclaimed', { village: r.village, programId: r.program_id, count: r.n, amount: r.amount }, placeNamesOf(r), 'village'),
      township: r.township,
      village: r.village,
      programId: r.program_id,
      terminal: null,
      count: r.n,
    }))
  }

  private township(code: number): PlaceNames {
    const name = this.s.placeName.get(code) as string | undefined
    return name ? { townshipName: name } : {}
  }
}

/** The flag's message key and params, plus the place's names: `${key}Named` with params.place when the place has a name. */
function named(key: string, params: Anomaly['params'], names: PlaceNames, level: 'village' | 'township'): Pick<Anomaly, 'messageKey' | 'params'> & PlaceNames {
  const place = placeLabel(names, level)
  return place ? { messageKey: `${key}Named`, params: { ...params, place }, ...names } : { messageKey: key, params, ...names }
}
