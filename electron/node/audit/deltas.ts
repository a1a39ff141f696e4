/**
 * Changes to the summed read models, gathered in memory while a range of
 * events is applied (or undone) and written once per key at the end: a range
 * of 5,000 events touches a few hundred sums, not 5,000.
 */
import type { Db } from '../db/database'

/** China Standard Time has no daylight saving: a fixed +8 h offset gives the calendar year. */
export function yearOf(unixSeconds: number): number {
  if (unixSeconds >= yearCache.from && unixSeconds < yearCache.until) return yearCache.year
  const year = new Date((unixSeconds + 8 * 3600) * 1000).getUTCFullYear()
  yearCache = { year, from: Date.UTC(year, 0, 1) / 1000 - 8 * 3600, until: Date.UTC(year + 1, 0, 1) / 1000 - 8 * 3600 }
  return year
}

let yearCache = { year: 0, from: 0, until: 0 }

export type Measure = 'approved' | 'paid' | 'settled' | 'revoked'

interface Counts {
  approved_n: number
  approved: number
  paid_n: number
  paid: number
  settled_n: number
  settled: number
  revoked_n: number
  revoked: number
}

const zero = (): Counts => ({ approved_n: 0, approved: 0, paid_n: 0, paid: 0, settled_n: 0, settled: 0, revoked_n: 0, revoked: 0 })

interface VillageKey {
  year: number
  programId: number
  township: number
  village: number
}
interface TerminalHour {
  terminal: Buffer
  hour: number
  township: number
  paid_n: number
  paid: number
  late_n: number
}

export class Deltas {
  /** By village, then a short list by year and program: numeric keys, no key strings built per event. */
  private readonly villages = new Map<number, (VillageKey & Counts)[]>()
  private readonly programs = new Map<number, ({ year: number; programId: number; funded: number } & Counts)[]>()
  private readonly flows = new Map<string, { year: number; funderName: string; programId: number; amount: number }>()
  private readonly terminalHours = new Map<string, TerminalHour>()

  /** sign +1 when applying an event, -1 when undoing it. */
  count(measure: Measure, key: VillageKey, amount: number, sign: 1 | -1): void {
    add(this.village(key), measure, amount, sign)
    add(this.program(key.year, key.programId), measure, amount, sign)
  }

  funded(year: number, programId: number, funderName: string, amount: number, sign: 1 | -1): void {
    this.program(year, programId).funded += sign * amount
    const fk = `${year}|${programId}|${funderName}`
    let f = this.flows.get(fk)
    if (!f) this.flows.set(fk, (f = { year, funderName, programId, amount: 0 }))
    f.amount += sign * amount
  }

  terminalPaid(terminal: Buffer, hour: number, township: number, amount: number, late: boolean, sign: 1 | -1): void {
    const tk = `${terminal.toString('hex')}|${hour}`
    let t = this.terminalHours.get(tk)
    if (!t) this.terminalHours.set(tk, (t = { terminal, hour, township, paid_n: 0, paid: 0, late_n: 0 }))
    t.paid_n += sign
    t.paid += sign * amount
    if (late) t.late_n += sign
  }

  private village(key: VillageKey): VillageKey & Counts {
    let list = this.villages.get(key.village)
    if (!list) this.villages.set(key.village, (list = []))
    for (const v of list) if (v.year === key.year && v.programId === key.programId) return v
    const v = { year: key.year, programId: key.programId, township: key.township, village: key.village, ...zero() }
    list.push(v)
    return v
  }

  private program(year: number, programId: number) {
    let list = this.programs.get(programId)
    if (!list) this.programs.set(programId, (list = []))
    for (const p of list) if (p.year === year) return p
    const p = { year, programId, funded: 0, ...zero() }
    list.push(p)
    return p
  }

  /** Writes every gathered change; call inside the range's transaction. */
  flush(statements: DeltaStatements): void {
    for (const list of this.villages.values()) for (const v of list) statements.village.run(v)
    for (const list of this.programs.values()) for (const p of list) statements.program.run(p)
    for (const f of this.flows.values()) statements.flow.run(f)
    for (const t of this.terminalHours.values()) statements.terminalHour.run(t)
  }
}

const COUNT_OF: Record<Measure, keyof Counts> = { approved: 'approved_n', paid: 'paid_n', settled: 'settled_n', revoked: 'revoked_n' }

function add(c: Counts, measure: Measure, amount: number, sign: 1 | -1): void {
  c[COUNT_OF[measure]] += sign
  c[measure] += sign * amount
}

const COUNT_COLUMNS = 'approved_n, approved, paid_n, paid, settled_n, settled, revoked_n, revoked'
const COUNT_VALUES = '@approved_n, @approved, @paid_n, @paid, @settled_n, @settled, @revoked_n, @revoked'
const COUNT_ADD = COUNT_COLUMNS.split(', ')
  .map((c) => `${c} = ${c} + excluded.${c}`)
  .join(', ')

export function prepareDeltaStatements(db: Db) {
  return {
    village: db.prepare(
      `INSERT INTO audit_totals (year, program_id, township, village, ${COUNT_COLUMNS})
       VALUES (@year, @programId, @township, @village, ${COUNT_VALUES})
       ON CONFLICT (year, program_id, village) DO UPDATE SET ${COUNT_ADD}`,
    ),
    program: db.prepare(
      `INSERT INTO audit_program_totals (year, program_id, funded, ${COUNT_COLUMNS})
       VALUES (@year, @programId, @funded, ${COUNT_VALUES})
       ON CONFLICT (year, program_id) DO UPDATE SET funded = funded + excluded.funded, ${COUNT_ADD}`,
    ),
    flow: db.prepare(
      `INSERT INTO audit_fund_flows (year, funder_name, program_id, amount) VALUES (@year, @funderName, @programId, @amount)
       ON CONFLICT (year, funder_name, program_id) DO UPDATE SET amount = amount + excluded.amount`,
    ),
    terminalHour: db.prepare(
      `INSERT INTO audit_terminal_hours (terminal, hour, township, paid_n, paid, late_n) VALUES (@terminal, @hour, @township, @paid_n, @paid, @late_n)
       ON CONFLICT (terminal, hour) DO UPDATE SET paid_n = paid_n + excluded.paid_n, paid = paid + excluded.paid, late_n = late_n + excluded.late_n`,
    ),
  }
}

export type DeltaStatements = ReturnType<typeof prepareDeltaStatements>

/** After a rollback, sums that went back to nothing are removed so screens do not list empty rows. */
export function pruneEmptySums(db: Db): void {
  db.exec(`DELETE FROM audit_totals WHERE approved_n = 0 AND paid_n = 0 AND settled_n = 0 AND revoked_n = 0;
    DELETE FROM audit_program_totals WHERE funded = 0 AND approved_n = 0 AND paid_n = 0 AND settled_n = 0 AND revoked_n = 0;
    DELETE FROM audit_fund_flows WHERE amount = 0;
    DELETE FROM audit_terminal_hours WHERE paid_n = 0;`)
}
