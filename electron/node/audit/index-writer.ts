/**
 * Writes fetched ranges of contract events into the audit read models, one
 * SQLite transaction per range, and undoes them event by event when the chain
 * reorganises. The cursor (last block indexed and its hash) moves in the same
 * transaction as the rows, so a crash never leaves half a range behind.
 */
import type { Db } from '../db/database'
import type { Hex } from '../../common/ledger/hex'
import { Deltas, type DeltaStatements, prepareDeltaStatements, pruneEmptySums, yearOf } from './deltas'
import { EVENT_KIND, KIND_NAME } from './event-kinds'
import { keyOfBytes } from './blob-key'
import { buf } from './blobs'
import { type Cursor, IndexCursor } from './index-cursor'
import type { TimedRow } from './index-rows'
import { RowBatch } from './row-batch'

export interface FetchedRange {
  from: number
  to: number
  /** Hash and time of block `to`, read in the same request as the logs. */
  toHash: Hex
  toTime: number
  /** Events in chain order, each with its block time. */
  events: TimedRow[]
}

export interface AppliedRange {
  from: number
  to: number
  events: number
  disbursed: number
}

/** The last 10% of an entitlement's window counts as "near its end". */
export const LATE_FRACTION = 0.1
/** Entitlements unclaimed past this share of their window are flagged. */
export const WARN_FRACTION = 0.8

export class IndexWriter {
  private readonly s
  private readonly deltaStatements: DeltaStatements
  private readonly position: IndexCursor
  /** Every event's row, each transaction's hash, and new entitlements: written many to a statement (RowBatch). */
  private readonly logs: RowBatch
  private readonly txs: RowBatch
  private readonly approvals: RowBatch
  /** The next audit_txs id and entitlement seq to hand out; read at the start of each range. */
  private nextTx = 0
  private nextSeq = 0
  /** The transaction of the last event applied, and its audit_txs id. */
  private lastTxHash: Buffer | null = null
  private lastTx = 0

  constructor(private readonly db: Db) {
    this.deltaStatements = prepareDeltaStatements(db)
    this.position = new IndexCursor(db)
    this.logs = new RowBatch(db, 'INTO audit_logs (block, log_index, tx, kind, ref)', '(?, ?, ?, ?, ?)')
    this.txs = new RowBatch(db, 'INTO audit_txs (id, hash_key, hash)', '(?, ?, ?)')
    this.approvals = new RowBatch(
      db,
      `INTO audit_entitlements (seq, id, id_key, program_id, commitment, commitment_key, township, village, amount, valid_from, valid_until,
         warn_at, proxy_allowed, masked_name, status, approved_block, approved_log)`,
      '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)',
    )
    this.s = {
      moveCursor: db.prepare('UPDATE audit_cursor SET indexed_block = ?, indexed_hash = ?, indexed_time = ?, updated_at = ? WHERE id = 1'),
      block: db.prepare('INSERT OR REPLACE INTO audit_blocks (number, hash, time) VALUES (?, ?, ?)'),
      program: db.prepare('INSERT OR REPLACE INTO audit_programs (program_id, name, region, budget, block) VALUES (?, ?, ?, ?, ?)'),
      funding: db.prepare('INSERT INTO audit_funding (block, log_index, program_id, funder, funder_name, amount, year) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      revoke: db.prepare(
        'UPDATE audit_entitlements SET status = 4, revoked_block = ?, revoked_log = ? WHERE id_key = ? AND id = ? RETURNING seq, program_id, township, village, amount',
      ),
      pay: db.prepare(
        'UPDATE audit_entitlements SET status = 2, paid_block = ?, paid_log = ?, terminal = ?, claim_ref = ? WHERE id_key = ? AND id = ? RETURNING seq, valid_from, valid_until',
      ),
      settle: db.prepare(
        'UPDATE audit_entitlements SET status = 3, settled_block = ?, settled_log = ? WHERE id_key = ? AND id = ? RETURNING seq, program_id, township, village',
      ),
      lastTx: db.prepare('SELECT COALESCE(MAX(id), 0) FROM audit_txs').pluck(),
      lastSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) FROM audit_entitlements').pluck(),
      // ---- rollback ----
      logsAfter: db.prepare('SELECT block, log_index, kind, ref FROM audit_logs WHERE block > ? ORDER BY block DESC, log_index DESC'),
      blockTime: db.prepare('SELECT time FROM audit_blocks WHERE number = ?').pluck(),
      entitlement: db.prepare('SELECT program_id, township, village, amount, valid_from, valid_until, terminal FROM audit_entitlements WHERE seq = ?'),
      unapprove: db.prepare('DELETE FROM audit_entitlements WHERE seq = ?'),
      unrevoke: db.prepare('UPDATE audit_entitlements SET status = 1, revoked_block = NULL, revoked_log = NULL WHERE seq = ?'),
      unpay: db.prepare('UPDATE audit_entitlements SET status = 1, paid_block = NULL, paid_log = NULL, terminal = NULL, claim_ref = NULL WHERE seq = ?'),
      unsettle: db.prepare('UPDATE audit_entitlements SET status = 2, settled_block = NULL, settled_log = NULL WHERE seq = ?'),
      fundingAt: db.prepare('SELECT program_id, funder_name, amount, year FROM audit_funding WHERE block = ? AND log_index = ?'),
      unfund: db.prepare('DELETE FROM audit_funding WHERE block = ? AND log_index = ?'),
      unprogram: db.prepare('DELETE FROM audit_programs WHERE program_id = ?'),
      // Transaction ids rise with the chain, so the first one after `block` starts the tail to drop.
      dropTxs: db.prepare('DELETE FROM audit_txs WHERE id >= (SELECT MIN(tx) FROM audit_logs WHERE block > ?)'),
      dropLogs: db.prepare('DELETE FROM audit_logs WHERE block > ?'),
      dropBlocks: db.prepare('DELETE FROM audit_blocks WHERE number > ?'),
    }
  }

  cursor(): Cursor | null {
    return this.position.read()
  }

  /** Creates the cursor on first use; refuses an index built for another contract. */
  init(contract: Hex, startBlock: number): Cursor {
    return this.position.init(contract, startBlock)
  }

  /** Applies one range; it must start right after the cursor. IMMEDIATE: see GroupCommit. */
  apply(range: FetchedRange): AppliedRange {
    return this.db.transaction(() => this.applyWithin(range)).immediate()
  }

  /**
   * Applies one range inside a transaction the caller holds, and rolls back
   * if this throws (a savepoint per range would make SQLite keep every page
   * the range changes in its statement journal: ~25% of the write time).
   */
  applyWithin(range: FetchedRange): AppliedRange {
    try {
      return this.applyRange(range)
    } catch (e) {
      // The caller rolls back: rows still waiting in the batches belong to this range.
      this.approvals.clear()
      this.txs.clear()
      this.logs.clear()
      throw e
    }
  }

  private applyRange(range: FetchedRange): AppliedRange {
    const cursor = this.cursor()
    if (!cursor) throw new Error('audit index not initialised')
    if (range.from !== cursor.indexedBlock + 1) throw new Error(`range starts at ${range.from}, index is at ${cursor.indexedBlock}`)
    const deltas = new Deltas()
    this.nextTx = (this.s.lastTx.get() as number) + 1
    this.nextSeq = (this.s.lastSeq.get() as number) + 1
    this.lastTxHash = null
    let disbursed = 0
    let lastBlock = -1
    for (const row of range.events) {
      if (row.block !== lastBlock) {
        this.s.block.run(row.block, row.blockHash, row.blockTime)
        lastBlock = row.block
      }
      if (this.applyRow(row, deltas)) disbursed++
    }
    this.approvals.flush()
    this.txs.flush()
    this.logs.flush()
    deltas.flush(this.deltaStatements)
    this.s.block.run(range.to, buf(range.toHash), range.toTime)
    this.s.moveCursor.run(range.to, buf(range.toHash), range.toTime, Date.now())
    return { from: range.from, to: range.to, events: range.events.length, disbursed }
  }

  /** Returns true for a disbursement. */
  private applyRow(e: TimedRow, deltas: Deltas): boolean {
    const year = yearOf(e.blockTime)
    let ref: number | null = null
    let isDisbursement = false
    switch (e.name) {
      case 'ProgramCreated':
        ref = e.programId
        this.s.program.run(e.programId, e.programName, e.region, e.budget, e.block)
        break
      case 'Funded':
        this.s.funding.run(e.block, e.logIndex, e.programId, e.funder, e.funderName, e.amount, year)
        deltas.funded(year, e.programId, e.funderName, e.amount, 1)
        break
      case 'EntitlementApproved': {
        ref = this.nextSeq++
        const warnAt = e.validFrom + Math.floor((e.validUntil - e.validFrom) * WARN_FRACTION)
        this.approvals.add(
          ref,
          e.id,
          keyOfBytes(e.id),
          e.programId,
          e.commitment,
          keyOfBytes(e.commitment),
          e.township,
          e.village,
          e.amount,
          e.validFrom,
          e.validUntil,
          warnAt,
          e.proxyAllowed ? 1 : 0,
          e.maskedName,
          e.block,
          e.logIndex,
        )
        deltas.count('approved', { year, programId: e.programId, township: e.township, village: e.village }, e.amount, 1)
        break
      }
      case 'EntitlementRevoked': {
        this.approvals.flush()
        const row = this.s.revoke.get(e.block, e.logIndex, keyOfBytes(e.id), e.id) as
          { seq: number; program_id: number; township: number; village: number; amount: number } | undefined
        if (row) {
          ref = row.seq
          deltas.count('revoked', { year, programId: row.program_id, township: row.township, village: row.village }, row.amount, 1)
        }
        break
      }
      case 'Disbursed': {
        this.approvals.flush()
        const row = this.s.pay.get(e.block, e.logIndex, e.terminal, e.claimRef, keyOfBytes(e.id), e.id) as
          { seq: number; valid_from: number; valid_until: number } | undefined
        ref = row?.seq ?? null
        deltas.count('paid', { year, programId: e.programId, township: e.township, village: e.village }, e.amount, 1)
        deltas.terminalPaid(
          e.terminal,
          Math.floor(e.blockTime / 3600),
          e.township,
          e.amount,
          row ? isLate(e.blockTime, row.valid_from, row.valid_until) : false,
          1,
        )
        isDisbursement = true
        break
      }
      case 'Settled': {
        this.approvals.flush()
        const row = this.s.settle.get(e.block, e.logIndex, keyOfBytes(e.id), e.id) as
          { seq: number; program_id: number; township: number; village: number } | undefined
        if (row) {
          ref = row.seq
          deltas.count('settled', { year, programId: row.program_id, township: row.township, village: row.village }, e.amount, 1)
        }
        break
      }
      default:
        break
    }
    this.logs.add(e.block, e.logIndex, this.txOf(e.txHash), EVENT_KIND[e.name], ref)
    return isDisbursement
  }

  /** The audit_txs id of an event's transaction; its logs come one after another, so only a new hash adds a row. */
  private txOf(hash: Buffer): number {
    if (hash !== this.lastTxHash && !(this.lastTxHash && hash.equals(this.lastTxHash))) {
      this.lastTx = this.nextTx++
      this.lastTxHash = hash
      this.txs.add(this.lastTx, keyOfBytes(hash), hash)
    }
    return this.lastTx
  }

  /** Undoes every event after `block`, newest first, and moves the cursor back to it (IMMEDIATE: it reads before it writes). Returns the events undone. */
  rollbackTo(block: number, blockHash: Hex | null, blockTime: number | null): number {
    return this.db
      .transaction(() => {
        const deltas = new Deltas()
        const rows = this.s.logsAfter.all(block) as LoggedEvent[]
        for (const r of rows) this.undoEvent(r, deltas)
        deltas.flush(this.deltaStatements)
        this.s.dropTxs.run(block)
        this.s.dropLogs.run(block)
        this.s.dropBlocks.run(block)
        pruneEmptySums(this.db)
        this.s.moveCursor.run(block, blockHash ? buf(blockHash) : null, blockTime, Date.now())
        return rows.length
      })
      .immediate()
  }

  private undoEvent(r: LoggedEvent, deltas: Deltas): void {
    const time = (this.s.blockTime.get(r.block) as number | undefined) ?? 0
    const year = yearOf(time)
    const name = KIND_NAME[r.kind]
    if (name === 'Funded') {
      const f = this.s.fundingAt.get(r.block, r.log_index) as { program_id: number; funder_name: string; amount: number; year: number } | undefined
      if (f) deltas.funded(f.year, f.program_id, f.funder_name, f.amount, -1)
      this.s.unfund.run(r.block, r.log_index)
      return
    }
    if (name === 'ProgramCreated') {
      if (r.ref !== null) this.s.unprogram.run(r.ref)
      return
    }
    if (r.ref === null) return
    const row = this.s.entitlement.get(r.ref) as
      { program_id: number; township: number; village: number; amount: number; valid_from: number; valid_until: number; terminal: Buffer | null } | undefined
    if (!row) return
    const key = { year, programId: row.program_id, township: row.township, village: row.village }
    if (name === 'EntitlementApproved') {
      deltas.count('approved', key, row.amount, -1)
      this.s.unapprove.run(r.ref)
    } else if (name === 'EntitlementRevoked') {
      deltas.count('revoked', key, row.amount, -1)
      this.s.unrevoke.run(r.ref)
    } else if (name === 'Disbursed') {
      deltas.count('paid', key, row.amount, -1)
      if (row.terminal) deltas.terminalPaid(row.terminal, Math.floor(time / 3600), row.township, row.amount, isLate(time, row.valid_from, row.valid_until), -1)
      this.s.unpay.run(r.ref)
    } else if (name === 'Settled') {
      deltas.count('settled', key, row.amount, -1)
      this.s.unsettle.run(r.ref)
    }
  }
}

/** An audit_logs row as rollback reads it; ref is an entitlement's seq, or a program id. */
interface LoggedEvent {
  block: number
  log_index: number
  kind: number
  ref: number | null
}

export function isLate(paidAt: number, validFrom: number, validUntil: number): boolean {
  const window = validUntil - validFrom
  return window > 0 && paidAt >= validUntil - window * LATE_FRACTION
}
