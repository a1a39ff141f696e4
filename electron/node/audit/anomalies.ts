/**
 * Flags for staff and the public screen (real-time monitoring of effect):
 *  - lateBulk: a township paying out many claims in the last 10% of their
 *    validity windows within a day;
 *  - terminalRate: a terminal paying far more in an hour than it usually does;
 *  - unclaimed: entitlements still unclaimed past 80% of their window.
 * All read the incremental tables; "now" is chain time (the newest indexed
 * block), so flags agree with the ledger rather than the local clock.
 */
import type { Anomaly } from '../../common/contract/audit'
import type { Db } from '../db/database'
import { hex } from './blobs'

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

export class AnomalyDetector {
  private readonly s

  constructor(db: Db, private readonly thresholds: AnomalyThresholds = DEFAULT_THRESHOLDS) {
    this.s = {
      late: db.prepare(
        `SELECT township, SUM(late_n) AS late, SUM(paid_n) AS n FROM audit_terminal_hours WHERE hour > ?
         GROUP BY township HAVING late >= ? AND late * 2 >= n ORDER BY late DESC LIMIT ?`,
      ),
      hour: db.prepare('SELECT terminal, township, paid_n FROM audit_terminal_hours WHERE hour = ?'),
      history: db.prepare('SELECT AVG(paid_n) AS avg, COUNT(*) AS hours FROM audit_terminal_hours WHERE terminal = ? AND hour >= ? AND hour < ?'),
      unclaimed: db.prepare(
        `SELECT program_id, township, village, COUNT(*) AS n, SUM(amount) AS amount FROM audit_entitlements INDEXED BY audit_entitlements_open
         WHERE status = 1 AND warn_at <= ? AND valid_until >= ? GROUP BY program_id, village HAVING n >= ? ORDER BY n DESC LIMIT ?`,
      ),
    }
  }

  detect(now: number): Anomaly[] {
    return [...this.lateBulk(now), ...this.terminalRate(now), ...this.unclaimed(now)]
  }

  private lateBulk(now: number): Anomaly[] {
    const hour = Math.floor(now / 3600)
    const rows = this.s.late.all(hour - 24, this.thresholds.lateMin, this.thresholds.limit) as { township: number; late: number; n: number }[]
    return rows.map((r) => ({
      kind: 'lateBulk',
      messageKey: 'audit.anomaly.lateBulk',
      params: { township: r.township, count: r.late, total: r.n },
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
        messageKey: 'audit.anomaly.terminalRate',
        params: { terminal: short, township: c.township, count: c.paid_n, usual: Math.round(usual * 10) / 10 },
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
    const rows = this.s.unclaimed.all(now, now, this.thresholds.unclaimedMin, this.thresholds.limit) as {
      program_id: number
      township: number
      village: number
      n: number
      amount: number
    }[]
    return rows.map((r) => ({
      kind: 'unclaimed',
      messageKey: 'audit.anomaly.unclaimed',
      params: { village: r.village, programId: r.program_id, count: r.n, amount: r.amount },
      township: r.township,
      village: r.village,
      programId: r.program_id,
      terminal: null,
      count: r.n,
    }))
  }
}
