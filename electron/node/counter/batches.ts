/**
 * Entitlement lists, maker–checker: a clerk imports a file and gets the
 * validation report (nothing written); a clean list is prepared as a batch
 * (people enrolled encrypted, rows stored); a DIFFERENT supervisor approves
 * it, and only then are `approveEntitlements` transactions signed and queued
 * in the counter outbox. Its maker or a supervisor may cancel it instead.
 * Names go on chain masked, ID numbers as commitments.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { BatchView, CounterProgress, ImportReport } from '../../common/contract/counter'
import type { Hex } from '../../common/ledger/hex'
import { AppError } from '../../common/result'
import type { Db } from '../db/database'
import { reliefCalldata } from '../ledger/contract/calls'
import type { OutboxLane } from '../ledger/outbox/outbox-lane'
import { decodeCsvBytes, parseCsv } from './import/csv'
import { cstDay } from './import/fields'
import { type PlannedRow, validateRows } from './import/validate'
import { readXlsxRows } from './import/xlsx'
import type { Journal } from './journal'
import { knownEntitlements } from './known-entitlements'
import type { PeopleStore } from './people'
import type { ProgramDirectory } from './programs'
import { type StaffSession, actorOf } from './staff-auth'
import type { VillageTable } from './villages'

export interface BatchServiceOptions {
  db: Db
  outbox: OutboxLane
  people: PeopleStore
  villages: VillageTable
  programs: ProgramDirectory
  journal: Journal
  commitmentOf: (idNumber: string) => Hex
  township: string
  /** Largest amount of one entitlement, in fen. Default 1,000,000 (¥10,000). */
  amountCapFen?: number
  /** Entitlements per approveEntitlements transaction. */
  chunkSize?: number
  onProgress?: (p: CounterProgress) => void
  now?: () => number
}

interface PendingImport {
  token: string
  report: ImportReport
  planned: PlannedRow[]
}

/** Gas of one approveEntitlements call: measured ~135k per entitlement on anvil; with headroom. */
export const approveGas = (n: number) => 80_000n + 170_000n * BigInt(n)

export class BatchService {
  private readonly imports = new Map<string, PendingImport>()
  private readonly now: () => number

  constructor(private readonly o: BatchServiceOptions) {
    this.now = o.now ?? Date.now
  }

  /** Parses and validates a file; returns the report and keeps the clean rows (in memory) for prepare(). */
  async validate(staff: StaffSession, format: 'csv' | 'xlsx', bytes: Uint8Array): Promise<ImportReport> {
    const started = performance.now()
    const rows = format === 'csv' ? parseCsv(decodeCsvBytes(bytes)) : await readXlsxRows(bytes)
    await this.o.programs.refresh().catch(() => this.o.programs.cached())
    const importId = randomUUID()
    const { report, planned } = await validateRows(rows, {
      commitmentOf: this.o.commitmentOf,
      village: this.o.villages.resolver(),
      program: (text) => this.o.programs.resolve(text),
      known: (ids) => knownEntitlements(this.o.db, ids),
      amountCapFen: this.o.amountCapFen ?? 1_000_000,
      today: cstDay(this.now()),
      onProgress: (done, total) => this.o.onProgress?.({ task: 'validate', id: importId, done, total }),
    })
    const full: ImportReport = {
      importId,
      fileSha256: createHash('sha256').update(bytes).digest('hex'),
      ...report,
      elapsedMs: Math.round(performance.now() - started),
    }
    this.dropImportsOf(staff.token)
    if (full.ok) this.imports.set(importId, { token: staff.token, report: full, planned })
    this.o.journal.write(actorOf(staff), 'counter.import.validate', {
      format,
      fileSha256: full.fileSha256,
      rows: full.rowCount,
      valid: full.validCount,
      issues: full.issues.length,
    })
    return full
  }

  /** Stores a clean, validated list as a batch awaiting a supervisor. */
  prepare(staff: StaffSession, importId: string): BatchView {
    const pending = this.imports.get(importId)
    if (!pending || pending.token !== staff.token) throw new AppError('COUNTER_IMPORT_UNKNOWN', 'no validated list with this id in this session')
    const known = knownEntitlements(
      this.o.db,
      pending.planned.map((p) => p.entitlementId),
    )
    if (known.size) throw new AppError('COUNTER_IMPORT_STALE', `${known.size} entitlements were added since validation; validate again`)
    const { report, planned } = pending
    const batchId = this.o.db
      .transaction(() => {
        const id = Number(
          this.o.db
            .prepare(`INSERT INTO counter_batches (file_sha256, row_count, total_fen, state, prepared_by, prepared_at) VALUES (?, ?, ?, 'prepared', ?, ?)`)
            .run(report.fileSha256, planned.length, report.totalFen, staff.id, this.now()).lastInsertRowid,
        )
        const insertRow = this.o.db.prepare(
          `INSERT INTO counter_batch_rows (batch_id, row_no, entitlement_id, program_id, person_id, village_code, amount_fen, valid_from, valid_until, proxy_allowed, masked_name)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        for (const p of planned) {
          const personId = this.o.people.upsert({ commitment: p.commitment, name: p.name, idNumber: p.idNumber, villageCode: p.villageCode })
          insertRow.run(
            id,
            p.row,
            p.entitlementId,
            p.programId,
            personId,
            p.villageCode,
            p.amountFen,
            p.validFrom,
            p.validUntil,
            p.proxyAllowed ? 1 : 0,
            p.maskedName,
          )
        }
        return id
      })
      .immediate()
    this.imports.delete(importId)
    this.o.journal.write(actorOf(staff), 'counter.batch.prepare', { batchId, rows: planned.length, totalFen: report.totalFen, fileSha256: report.fileSha256 })
    return this.view(batchId)
  }

  /** A different supervisor approves: the approvals are signed and queued, all in one SQLite transaction. */
  async approve(staff: StaffSession, batchId: number): Promise<BatchView> {
    const batch = this.row(batchId)
    if (batch.state !== 'prepared') throw new AppError('COUNTER_BATCH_STATE', `batch ${batchId} is ${batch.state}`)
    if (batch.prepared_by === staff.id) {
      this.o.journal.write(actorOf(staff), 'counter.batch.approve.refused', { batchId, reason: 'same-person' })
      throw new AppError('COUNTER_SAME_PERSON', 'the person who prepared a list cannot approve it')
    }
    const rows = this.o.db
      .prepare(
        `SELECT r.row_no, r.entitlement_id, r.program_id, r.village_code, r.amount_fen, r.valid_from, r.valid_until, r.proxy_allowed, r.masked_name, p.commitment
         FROM counter_batch_rows r JOIN counter_people p ON p.id = r.person_id WHERE r.batch_id = ? ORDER BY r.row_no`,
      )
      .all(batchId) as {
      row_no: number
      entitlement_id: string
      program_id: number
      village_code: string
      amount_fen: number
      valid_from: number
      valid_until: number
      proxy_allowed: number
      masked_name: string
      commitment: string
    }[]
    const chunk = this.o.chunkSize ?? 50
    const township = BigInt(this.o.township)
    const items: { purpose: 'approve'; ref: string; calldata: Hex; gas: bigint }[] = []
    const chunks: number[][] = []
    for (let i = 0; i < rows.length; i += chunk) {
      const part = rows.slice(i, i + chunk)
      chunks.push(part.map((r) => r.row_no))
      const tuples = part.map((r) => [
        r.entitlement_id,
        BigInt(r.program_id),
        r.commitment,
        township,
        BigInt(r.village_code),
        BigInt(r.amount_fen),
        BigInt(r.valid_from),
        BigInt(r.valid_until),
        r.proxy_allowed === 1,
        r.masked_name,
      ])
      items.push({ purpose: 'approve', ref: `batch:${batchId}`, calldata: reliefCalldata('approveEntitlements', [tuples]), gas: approveGas(part.length) })
    }
    await this.o.outbox.syncNonce()
    const link = this.o.db.prepare(`UPDATE counter_batch_rows SET tx_id = ? WHERE batch_id = ? AND row_no = ?`)
    const decide = this.o.db.prepare(`UPDATE counter_batches SET state = 'approved', decided_by = ?, decided_at = ? WHERE id = ? AND state = 'prepared'`)
    this.o.outbox.queue(items, (txIds) => {
      if (decide.run(staff.id, this.now(), batchId).changes !== 1) throw new AppError('COUNTER_BATCH_STATE', `batch ${batchId} changed meanwhile`)
      txIds.forEach((txId, i) => {
        for (const rowNo of chunks[i]!) link.run(txId, batchId, rowNo)
        this.o.onProgress?.({ task: 'approve', id: String(batchId), done: i + 1, total: txIds.length })
      })
    })
    this.o.journal.write(actorOf(staff), 'counter.batch.approve', { batchId, rows: rows.length, transactions: items.length })
    return this.view(batchId)
  }

  /** Only the staff member who prepared the list, or a supervisor, may cancel it. */
  cancel(staff: StaffSession, batchId: number): BatchView {
    const batch = this.row(batchId)
    if (batch.state !== 'prepared') throw new AppError('COUNTER_BATCH_STATE', `batch ${batchId} is ${batch.state}`)
    if (batch.prepared_by !== staff.id && staff.role !== 'supervisor') {
      this.o.journal.write(actorOf(staff), 'counter.batch.cancel.refused', { batchId, reason: 'not-maker' })
      throw new AppError('COUNTER_NOT_MAKER', 'only the person who prepared a list, or a supervisor, can cancel it')
    }
    this.o.db.prepare(`UPDATE counter_batches SET state = 'cancelled', decided_by = ?, decided_at = ? WHERE id = ?`).run(staff.id, this.now(), batchId)
    this.o.journal.write(actorOf(staff), 'counter.batch.cancel', { batchId })
    return this.view(batchId)
  }

  list(limit = 50): BatchView[] {
    const ids = this.o.db.prepare(`SELECT id FROM counter_batches ORDER BY id DESC LIMIT ?`).pluck().all(limit) as number[]
    return ids.map((id) => this.view(id))
  }

  view(batchId: number): BatchView {
    const b = this.row(batchId)
    const staffNo = this.o.db.prepare(`SELECT staff_no FROM counter_staff WHERE id = ?`).pluck()
    const ledger = { confirmed: 0, pending: 0, rejected: 0 }
    const counts = this.o.db
      .prepare(`SELECT t.state AS state, COUNT(*) AS n FROM counter_batch_rows r JOIN outbox_intents t ON t.id = r.tx_id WHERE r.batch_id = ? GROUP BY t.state`)
      .all(batchId) as { state: keyof typeof ledger; n: number }[]
    for (const c of counts) ledger[c.state] = c.n
    return {
      id: b.id,
      rowCount: b.row_count,
      totalFen: b.total_fen,
      state: b.state,
      preparedBy: staffNo.get(b.prepared_by) as string,
      preparedAt: b.prepared_at,
      decidedBy: b.decided_by === null ? null : (staffNo.get(b.decided_by) as string),
      decidedAt: b.decided_at,
      ledger,
    }
  }

  /** Drops validated lists held for a session (sign-out, expiry). */
  dropImportsOf(token: string): void {
    for (const [id, p] of this.imports) if (p.token === token) this.imports.delete(id)
  }

  private row(batchId: number) {
    const b = this.o.db.prepare(`SELECT * FROM counter_batches WHERE id = ?`).get(batchId) as
      | {
          id: number
          row_count: number
          total_fen: number
          state: BatchView['state']
          prepared_by: number
          prepared_at: number
          decided_by: number | null
          decided_at: number | null
        }
      | undefined
    if (!b) throw new AppError('COUNTER_BATCH_UNKNOWN', `no batch ${batchId}`)
    return b
  }
}
