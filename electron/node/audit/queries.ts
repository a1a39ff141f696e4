/**
 * The audit screens' reads, straight from the read models (no recomputation
 * over raw events): each call is a handful of indexed lookups or a scan of
 * the per-year sums. Township and village names come from place_names, one
 * primary-key lookup per row returned (see place-names/place-sql.ts).
 */
import type { AuditFlows, AuditTotals, RecentDisbursement, SelfCheckEntry, TraceResult, TraceStep } from '../../common/contract/audit'
import type { Hex } from '../../common/ledger/hex'
import { shortTxHash } from '../../common/receipt/trace-code'
import type { Db } from '../db/database'
import { yearOf } from './deltas'
import { EVENT_KIND } from './event-kinds'
import { keyOfHex } from './blob-key'
import { buf, hex } from './blobs'
import { PLACE_COLUMNS, PLACE_JOINS, type PlaceNameColumns, placeNamesOf } from './place-names/place-sql'
import { type TraceQuery, parseTraceQuery } from './trace-query'

const STATUS = { 1: 'approved', 2: 'paid', 3: 'settled', 4: 'revoked' } as const
type StatusCode = keyof typeof STATUS

interface EntitlementRow extends PlaceNameColumns {
  id: Buffer
  program_id: number
  name: string | null
  township: number
  village: number
  masked_name: string
  amount: number
  status: StatusCode
  valid_from: number
  valid_until: number
  approved_block: number
  approved_log: number
  paid_block: number | null
  paid_log: number | null
  settled_block: number | null
  settled_log: number | null
  revoked_block: number | null
  revoked_log: number | null
}

interface VillageTotalsRow extends PlaceNameColumns {
  township: number
  village: number
  approved: number
  approved_n: number
  paid: number
  paid_n: number
  settled: number
}

const ENTITLEMENT_COLUMNS = `e.id, e.program_id, p.name, e.township, e.village, e.masked_name, e.amount, e.status, e.valid_from, e.valid_until,
  e.approved_block, e.approved_log, e.paid_block, e.paid_log, e.settled_block, e.settled_log, e.revoked_block, e.revoked_log, ${PLACE_COLUMNS}`
const FROM_ENTITLEMENTS = `audit_entitlements e LEFT JOIN audit_programs p ON p.program_id = e.program_id ${PLACE_JOINS}`
const ENTITLEMENT_KINDS = [EVENT_KIND.EntitlementApproved, EVENT_KIND.EntitlementRevoked, EVENT_KIND.Disbursed, EVENT_KIND.Settled].join(', ')

export class AuditQueries {
  private readonly s

  constructor(db: Db) {
    this.s = {
      chainTime: db.prepare('SELECT indexed_time FROM audit_cursor WHERE id = 1').pluck(),
      programTotals: db.prepare(
        `SELECT t.program_id, p.name, p.budget, t.funded, t.approved_n, t.approved, t.paid_n, t.paid, t.settled_n, t.settled, t.revoked
         FROM audit_program_totals t LEFT JOIN audit_programs p ON p.program_id = t.program_id WHERE t.year = ? ORDER BY t.program_id`,
      ),
      villageTotals: db.prepare(
        `SELECT e.*, ${PLACE_COLUMNS} FROM (
           SELECT township, village, SUM(approved) AS approved, SUM(approved_n) AS approved_n, SUM(paid) AS paid, SUM(paid_n) AS paid_n, SUM(settled) AS settled
           FROM audit_totals WHERE year = ? GROUP BY village ORDER BY approved DESC LIMIT ?) e ${PLACE_JOINS}
         ORDER BY e.approved DESC`,
      ),
      funderFlows: db.prepare('SELECT funder_name, program_id, amount FROM audit_fund_flows WHERE year = ? AND amount > 0'),
      programTownshipFlows: db.prepare(
        'SELECT program_id, township, SUM(paid) AS paid FROM audit_totals WHERE year = ? GROUP BY program_id, township HAVING paid > 0',
      ),
      villageFlows: db.prepare(
        'SELECT township, village, SUM(paid) AS paid FROM audit_totals WHERE year = ? GROUP BY village HAVING paid > 0 ORDER BY paid DESC',
      ),
      placeName: db.prepare('SELECT name FROM place_names WHERE code = ?').pluck(),
      recent: db.prepare(
        `SELECT e.paid_block, e.program_id, p.name, e.township, e.village, e.masked_name, e.amount, e.status, b.time, t.hash AS tx_hash, ${PLACE_COLUMNS}
         FROM audit_entitlements e INDEXED BY audit_entitlements_paid
         LEFT JOIN audit_programs p ON p.program_id = e.program_id ${PLACE_JOINS}
         JOIN audit_blocks b ON b.number = e.paid_block
         JOIN audit_logs l ON l.block = e.paid_block AND l.log_index = e.paid_log
         JOIN audit_txs t ON t.id = l.tx
         WHERE e.paid_block IS NOT NULL ORDER BY e.paid_block DESC, e.paid_log DESC LIMIT ?`,
      ),
      byClaimRef: db.prepare(`SELECT ${ENTITLEMENT_COLUMNS} FROM ${FROM_ENTITLEMENTS} WHERE e.claim_ref = ?`),
      bySeq: db.prepare(`SELECT ${ENTITLEMENT_COLUMNS} FROM ${FROM_ENTITLEMENTS} WHERE e.seq = ?`),
      refByTx: db
        .prepare(
          `SELECT l.ref FROM audit_txs t JOIN audit_logs l ON l.tx = t.id
           WHERE t.hash_key = ? AND t.hash = ? AND l.kind IN (${ENTITLEMENT_KINDS}) AND l.ref IS NOT NULL
           ORDER BY l.kind = ${EVENT_KIND.Disbursed} DESC, l.kind DESC LIMIT 1`,
        )
        .pluck(),
      logAt: db.prepare(
        'SELECT t.hash AS tx_hash, b.time FROM audit_logs l JOIN audit_txs t ON t.id = l.tx JOIN audit_blocks b ON b.number = l.block WHERE l.block = ? AND l.log_index = ?',
      ),
      byCommitment: db.prepare(
        `SELECT ${ENTITLEMENT_COLUMNS}, b.time AS paid_time, t.hash AS paid_tx FROM ${FROM_ENTITLEMENTS}
         LEFT JOIN audit_blocks b ON b.number = e.paid_block
         LEFT JOIN audit_logs l ON l.block = e.paid_block AND l.log_index = e.paid_log
         LEFT JOIN audit_txs t ON t.id = l.tx
         WHERE e.commitment_key = ? AND e.commitment = ? ORDER BY e.approved_block DESC LIMIT 50`,
      ),
      eventCount: db.prepare('SELECT COUNT(*) FROM audit_logs').pluck(),
    }
  }

  /** The year the screens show by default: the year of the newest indexed block (chain time, UTC+8). */
  currentYear(): number {
    const t = this.s.chainTime.get() as number | null
    return yearOf(t ?? Math.floor(Date.now() / 1000))
  }

  totals(year = this.currentYear(), villageLimit = 10): AuditTotals {
    const programs = (this.s.programTotals.all(year) as Record<string, number | string | null>[]).map((r) => ({
      programId: r.program_id as number,
      name: (r.name as string | null) ?? `#${r.program_id}`,
      budget: (r.budget as number | null) ?? 0,
      funded: r.funded as number,
      approved: r.approved as number,
      approvedCount: r.approved_n as number,
      paid: r.paid as number,
      paidCount: r.paid_n as number,
      settled: r.settled as number,
      settledCount: r.settled_n as number,
      revoked: r.revoked as number,
    }))
    const villages = (this.s.villageTotals.all(year, villageLimit) as VillageTotalsRow[]).map((r) => ({
      township: r.township,
      village: r.village,
      ...placeNamesOf(r),
      approved: r.approved,
      approvedCount: r.approved_n,
      paid: r.paid,
      paidCount: r.paid_n,
      settled: r.settled,
    }))
    const sum = { funded: 0, approved: 0, paid: 0, settled: 0, approvedCount: 0, paidCount: 0 }
    for (const p of programs) {
      sum.funded += p.funded
      sum.approved += p.approved
      sum.paid += p.paid
      sum.settled += p.settled
      sum.approvedCount += p.approvedCount
      sum.paidCount += p.paidCount
    }
    return { year, programs, villages, sum }
  }

  /** Funder → program → township → village, by money paid out; the rest of each program's funds flows to "not yet paid". */
  flows(year = this.currentYear(), villageLimit = 5): AuditFlows {
    const totals = this.totals(year, 0)
    const names = new Map(totals.programs.map((p) => [p.programId, p.name]))
    const nodes = new Map<string, AuditFlows['nodes'][number]>()
    const links: AuditFlows['links'] = []
    const placeNames = new Map<number, string | undefined>()
    const placeName = (code: number) => {
      if (!placeNames.has(code)) placeNames.set(code, (this.s.placeName.get(code) as string | undefined) ?? undefined)
      return placeNames.get(code)
    }
    const node = (id: string, kind: AuditFlows['nodes'][number]['kind'], name: string, code: number | null, place: number | null = null) => {
      if (nodes.has(id)) return id
      const known = place === null ? undefined : placeName(place)
      nodes.set(id, known ? { id, kind, name, code, placeName: known } : { id, kind, name, code })
      return id
    }
    for (const f of this.s.funderFlows.all(year) as { funder_name: string; program_id: number; amount: number }[])
      links.push({
        source: node(`f:${f.funder_name}`, 'funder', f.funder_name, null),
        target: node(`p:${f.program_id}`, 'program', names.get(f.program_id) ?? `#${f.program_id}`, f.program_id),
        value: f.amount,
      })
    for (const r of this.s.programTownshipFlows.all(year) as { program_id: number; township: number; paid: number }[])
      links.push({
        source: node(`p:${r.program_id}`, 'program', names.get(r.program_id) ?? `#${r.program_id}`, r.program_id),
        target: node(`t:${r.township}`, 'township', String(r.township), r.township, r.township),
        value: r.paid,
      })
    for (const p of totals.programs)
      if (p.funded > p.paid)
        links.push({ source: node(`p:${p.programId}`, 'program', p.name, p.programId), target: node('u', 'undisbursed', '', null), value: p.funded - p.paid })
    const villages = this.s.villageFlows.all(year) as { township: number; village: number; paid: number }[]
    const others = new Map<number, number>()
    villages.forEach((v, i) => {
      if (i < villageLimit)
        links.push({ source: `t:${v.township}`, target: node(`v:${v.village}`, 'village', String(v.village), v.village, v.village), value: v.paid })
      else others.set(v.township, (others.get(v.township) ?? 0) + v.paid)
    })
    for (const [township, paid] of others)
      links.push({ source: `t:${township}`, target: node(`o:${township}`, 'village', '', township, township), value: paid })
    return { year, nodes: [...nodes.values()], links }
  }

  recent(limit = 20): RecentDisbursement[] {
    return (this.s.recent.all(limit) as (Record<string, number | string | Buffer | null> & PlaceNameColumns)[]).map((r) => {
      const txHash = hex(r.tx_hash as Buffer)!
      return {
        time: r.time as number,
        programId: r.program_id as number,
        programName: (r.name as string | null) ?? `#${r.program_id as number}`,
        township: r.township as number,
        village: r.village as number,
        ...placeNamesOf(r),
        maskedName: r.masked_name as string,
        amount: r.amount as number,
        state: r.status === 3 ? 'settled' : 'paid',
        block: r.paid_block as number,
        txHash,
        txShort: shortTxHash(txHash),
      }
    })
  }

  trace(text: string): TraceResult {
    const query = parseTraceQuery(text)
    const row = this.find(query)
    if (!row) return { queryKind: query.kind, found: false, entitlement: null, steps: [] }
    return {
      queryKind: query.kind,
      found: true,
      entitlement: {
        entitlementId: hex(row.id)!,
        programId: row.program_id,
        programName: row.name ?? `#${row.program_id}`,
        township: row.township,
        village: row.village,
        ...placeNamesOf(row),
        maskedName: row.masked_name,
        amount: row.amount,
        status: STATUS[row.status],
        validFrom: row.valid_from,
        validUntil: row.valid_until,
      },
      steps: this.steps(row),
    }
  }

  private find(query: TraceQuery): EntitlementRow | undefined {
    if (query.kind === 'claimNumber') return this.s.byClaimRef.get(buf(query.claimRef)) as EntitlementRow | undefined
    if (query.kind === 'txHash') {
      const seq = this.s.refByTx.get(keyOfHex(query.txHash), buf(query.txHash)) as number | undefined
      return seq === undefined ? undefined : (this.s.bySeq.get(seq) as EntitlementRow | undefined)
    }
    return undefined
  }

  private steps(row: EntitlementRow): TraceStep[] {
    const out: TraceStep[] = []
    const add = (step: TraceStep['step'], block: number | null, logIndex: number | null) => {
      if (block === null || logIndex === null) return
      const at = this.s.logAt.get(block, logIndex) as { tx_hash: Buffer; time: number } | undefined
      if (at) out.push({ step, block, time: at.time, txHash: hex(at.tx_hash)!, logIndex })
    }
    add('approved', row.approved_block, row.approved_log)
    add('revoked', row.revoked_block, row.revoked_log)
    add('paid', row.paid_block, row.paid_log)
    add('settled', row.settled_block, row.settled_log)
    return out
  }

  selfCheck(commitment: Hex): SelfCheckEntry[] {
    return (this.s.byCommitment.all(keyOfHex(commitment), buf(commitment)) as (EntitlementRow & { paid_time: number | null; paid_tx: Buffer | null })[]).map(
      (r) => ({
        programName: r.name ?? `#${r.program_id}`,
        township: r.township,
        village: r.village,
        ...placeNamesOf(r),
        maskedName: r.masked_name,
        amount: r.amount,
        status: STATUS[r.status],
        validFrom: r.valid_from,
        validUntil: r.valid_until,
        paidTime: r.paid_time,
        txShort: r.paid_tx ? shortTxHash(hex(r.paid_tx)!) : null,
      }),
    )
  }

  eventCount(): number {
    return this.s.eventCount.get() as number
  }
}
