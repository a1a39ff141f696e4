/**
 * SQLite access for the ledger outbox. Every write that changes what a claim
 * means happens in one transaction; better-sqlite3 is synchronous, so a
 * returned call is a committed (fsynced, synchronous=FULL) one.
 */
import { AppError } from '../../../common/result'
import type { Hex } from '../../../common/ledger/hex'
import type { SignedTx } from '../../../common/ledger/sign'
import type { Db } from '../../db/database'
import type { ClaimRecord, ClaimState, Mined, PendingTx } from './types'

export interface NewClaim {
  claimNumber: string
  contract: Hex
  chainId: number
  sender: Hex
  entitlementId: Hex
  claimRef: Hex
  evidenceHash: Hex
  evidenceJson: string
  amount: string | null
  programId: string | null
}

interface ClaimRow {
  id: number
  claim_number: string
  contract: string
  chain_id: number
  entitlement_id: string
  claim_ref: string
  evidence_hash: string
  amount: string | null
  program_id: string | null
  state: ClaimState
  tx_hash: string
  block_number: number | null
  block_hash: string | null
  tx_index: number | null
  reject_code: string | null
  reject_detail: string | null
  settle_ref: string | null
  created_at: number
  updated_at: number
}

const toRecord = (r: ClaimRow): ClaimRecord => ({
  id: r.id,
  claimNumber: r.claim_number,
  contract: r.contract as Hex,
  chainId: r.chain_id,
  entitlementId: r.entitlement_id as Hex,
  claimRef: r.claim_ref as Hex,
  evidenceHash: r.evidence_hash as Hex,
  amount: r.amount,
  programId: r.program_id,
  state: r.state,
  txHash: r.tx_hash as Hex,
  blockNumber: r.block_number,
  blockHash: r.block_hash as Hex | null,
  txIndex: r.tx_index,
  rejectCode: r.reject_code,
  rejectDetail: r.reject_detail,
  settleRef: r.settle_ref as Hex | null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

const floorKey = (chainId: number, sender: Hex) => `ledger.nonceFloor.${chainId}.${sender.toLowerCase()}`

export class OutboxStore {
  constructor(private readonly db: Db) {}

  /**
   * Allocates the next nonce, signs, and stores the claim with its raw
   * transaction, all in one SQLite transaction. Throws LEDGER_ALREADY_CLAIMED
   * when a live claim exists for the entitlement.
   */
  insertClaim(c: NewClaim, sign: (nonce: number) => SignedTx, now = Date.now()): ClaimRecord {
    const run = this.db.transaction(() => {
      const live = this.db
        .prepare(`SELECT claim_number FROM ledger_claims WHERE contract = ? AND entitlement_id = ? AND state <> 'rejected'`)
        .get(c.contract, c.entitlementId) as { claim_number: string } | undefined
      if (live) throw new AppError('LEDGER_ALREADY_CLAIMED', `entitlement ${c.entitlementId} already has claim ${live.claim_number}`)
      const nonce = this.nextNonce(c.chainId, c.sender)
      const signed = sign(nonce)
      const info = this.db
        .prepare(
          `INSERT INTO ledger_claims (claim_number, contract, chain_id, entitlement_id, claim_ref, evidence_hash, evidence_json, amount, program_id, state, tx_hash, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'signed', ?, ?, ?)`,
        )
        .run(c.claimNumber, c.contract, c.chainId, c.entitlementId, c.claimRef, c.evidenceHash, c.evidenceJson, c.amount, c.programId, signed.hash, now, now)
      this.insertTx(Number(info.lastInsertRowid), c.chainId, c.sender, nonce, signed, now)
      return Number(info.lastInsertRowid)
    })
    return this.claim(run.immediate())!
  }

  private insertTx(claimId: number, chainId: number, sender: Hex, nonce: number, signed: SignedTx, now: number): void {
    this.db
      .prepare(`INSERT INTO ledger_txs (claim_id, chain_id, sender, nonce, raw_tx, tx_hash, state, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`)
      .run(claimId, chainId, sender.toLowerCase(), nonce, signed.raw, signed.hash, now)
  }

  /** max(last local live nonce + 1, nonce floor learned from the node). */
  private nextNonce(chainId: number, sender: Hex): number {
    const row = this.db
      .prepare(`SELECT MAX(nonce) AS n FROM ledger_txs WHERE chain_id = ? AND sender = ? AND state <> 'superseded'`)
      .get(chainId, sender.toLowerCase()) as { n: number | null }
    return Math.max(row.n === null ? 0 : row.n + 1, this.nonceFloor(chainId, sender))
  }

  nonceFloor(chainId: number, sender: Hex): number {
    const row = this.db.prepare(`SELECT value FROM settings WHERE key = ?`).get(floorKey(chainId, sender)) as { value: string } | undefined
    return row ? Number(row.value) : 0
  }

  /** Records the node's confirmed nonce so new claims never reuse a consumed one. */
  raiseNonceFloor(chainId: number, sender: Hex, nonce: number): void {
    if (nonce <= this.nonceFloor(chainId, sender)) return
    this.db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(floorKey(chainId, sender), String(nonce))
  }

  pendingTxs(chainId: number, sender: Hex): PendingTx[] {
    const rows = this.db
      .prepare(
        `SELECT id, claim_id, chain_id, sender, nonce, raw_tx, tx_hash, attempts, last_sent_at FROM ledger_txs
         WHERE state = 'pending' AND chain_id = ? AND sender = ? ORDER BY nonce`,
      )
      .all(chainId, sender.toLowerCase()) as { id: number; claim_id: number; chain_id: number; sender: string; nonce: number; raw_tx: string; tx_hash: string; attempts: number; last_sent_at: number | null }[]
    return rows.map((r) => ({
      id: r.id,
      claimId: r.claim_id,
      chainId: r.chain_id,
      sender: r.sender as Hex,
      nonce: r.nonce,
      raw: r.raw_tx as Hex,
      hash: r.tx_hash as Hex,
      attempts: r.attempts,
      lastSentAt: r.last_sent_at,
    }))
  }

  /** After a send (or a check that the node still knows them): attempts, time, error; signed claims become submitted. */
  markSent(sent: { tx: PendingTx; error: string | null; counted: boolean }[], now = Date.now()): number[] {
    const changed: number[] = []
    const tx = this.db.prepare(`UPDATE ledger_txs SET attempts = attempts + ?, last_sent_at = ?, last_error = ? WHERE id = ?`)
    const claim = this.db.prepare(`UPDATE ledger_claims SET state = 'submitted', updated_at = ? WHERE id = ? AND state = 'signed'`)
    this.db.transaction(() => {
      for (const s of sent) {
        tx.run(s.counted ? 1 : 0, now, s.error, s.tx.id)
        if (s.error === null && claim.run(now, s.tx.claimId).changes) changed.push(s.tx.claimId)
      }
    })()
    return changed
  }

  /** Receipts were seen: each claim is confirmed, or rejected with the decoded reason. One SQLite transaction for all. */
  markMined(items: { tx: PendingTx; mined: Mined; outcome: { ok: true } | { ok: false; code: string; detail: string } }[], now = Date.now()): void {
    const txStmt = this.db.prepare(`UPDATE ledger_txs SET state = 'mined' WHERE id = ?`)
    const claimStmt = this.db.prepare(
      `UPDATE ledger_claims SET state = ?, tx_hash = ?, block_number = ?, block_hash = ?, tx_index = ?, reject_code = ?, reject_detail = ?, updated_at = ?
       WHERE id = ? AND state IN ('signed', 'submitted')`,
    )
    this.db.transaction(() => {
      for (const { tx, mined, outcome } of items) {
        txStmt.run(tx.id)
        claimStmt.run(
          outcome.ok ? 'confirmed' : 'rejected',
          tx.hash,
          mined.blockNumber,
          mined.blockHash,
          mined.txIndex,
          outcome.ok ? null : outcome.code,
          outcome.ok ? null : outcome.detail,
          now,
          tx.claimId,
        )
      }
    })()
  }

  /**
   * The nonce of `tx` was consumed by another transaction, so `tx` can never
   * be mined: supersede it and store the claim re-signed at a fresh nonce.
   */
  resign(tx: PendingTx, sign: (nonce: number) => SignedTx, now = Date.now()): void {
    this.db
      .transaction(() => {
        this.db.prepare(`UPDATE ledger_txs SET state = 'superseded' WHERE id = ?`).run(tx.id)
        const nonce = this.nextNonce(tx.chainId, tx.sender)
        const signed = sign(nonce)
        this.insertTx(tx.claimId, tx.chainId, tx.sender, nonce, signed, now)
        this.db.prepare(`UPDATE ledger_claims SET state = 'signed', tx_hash = ?, updated_at = ? WHERE id = ?`).run(signed.hash, now, tx.claimId)
      })
      .immediate()
  }

  /** Supersedes `txs` and re-signs their claims at consecutive nonces from `firstNonce`, in one transaction. */
  resignFrom(txs: PendingTx[], firstNonce: number, sign: (tx: PendingTx, nonce: number) => SignedTx, now = Date.now()): void {
    this.db
      .transaction(() => {
        const supersede = this.db.prepare(`UPDATE ledger_txs SET state = 'superseded' WHERE id = ?`)
        for (const tx of txs) supersede.run(tx.id)
        txs.forEach((tx, i) => {
          const signed = sign(tx, firstNonce + i)
          this.insertTx(tx.claimId, tx.chainId, tx.sender, firstNonce + i, signed, now)
          this.db.prepare(`UPDATE ledger_claims SET state = 'signed', tx_hash = ?, updated_at = ? WHERE id = ?`).run(signed.hash, now, tx.claimId)
        })
      })
      .immediate()
  }

  markSettled(entitlementId: Hex, contract: Hex, bankRef: Hex, now = Date.now()): number | null {
    const row = this.db
      .prepare(`UPDATE ledger_claims SET state = 'settled', settle_ref = ?, updated_at = ? WHERE contract = ? AND entitlement_id = ? AND state = 'confirmed' RETURNING id`)
      .get(bankRef, now, contract, entitlementId.toLowerCase()) as { id: number } | undefined
    return row?.id ?? null
  }

  claim(id: number): ClaimRecord | null {
    const row = this.db.prepare(`SELECT * FROM ledger_claims WHERE id = ?`).get(id) as ClaimRow | undefined
    return row ? toRecord(row) : null
  }

  claimByNumber(claimNumber: string): ClaimRecord | null {
    const row = this.db.prepare(`SELECT * FROM ledger_claims WHERE claim_number = ?`).get(claimNumber) as ClaimRow | undefined
    return row ? toRecord(row) : null
  }

  claims(filter: { states?: ClaimState[]; limit?: number } = {}): ClaimRecord[] {
    const states = filter.states ?? []
    const where = states.length ? `WHERE state IN (${states.map(() => '?').join(',')})` : ''
    const rows = this.db.prepare(`SELECT * FROM ledger_claims ${where} ORDER BY id DESC LIMIT ?`).all(...states, filter.limit ?? 1000) as ClaimRow[]
    return rows.map(toRecord)
  }

  /** Live claims of these entitlements, by entitlement id. */
  liveClaimsFor(contract: Hex, entitlementIds: Hex[]): Map<Hex, ClaimRecord> {
    const out = new Map<Hex, ClaimRecord>()
    const stmt = this.db.prepare(`SELECT * FROM ledger_claims WHERE contract = ? AND entitlement_id = ? AND state <> 'rejected'`)
    for (const id of entitlementIds) {
      const row = stmt.get(contract, id.toLowerCase()) as ClaimRow | undefined
      if (row) out.set(id.toLowerCase() as Hex, toRecord(row))
    }
    return out
  }

  counts(): Record<ClaimState, number> {
    const counts: Record<ClaimState, number> = { signed: 0, submitted: 0, confirmed: 0, rejected: 0, settled: 0 }
    for (const r of this.db.prepare(`SELECT state, COUNT(*) AS n FROM ledger_claims GROUP BY state`).all() as { state: ClaimState; n: number }[])
      counts[r.state] = r.n
    return counts
  }

  /** Oldest block of a confirmed, unsettled claim (where the settlement watch starts). */
  confirmedUnsettled(contract: Hex, limit = 100): { entitlementId: Hex; blockNumber: number }[] {
    return (
      this.db
        .prepare(`SELECT entitlement_id, block_number FROM ledger_claims WHERE contract = ? AND state = 'confirmed' ORDER BY block_number LIMIT ?`)
        .all(contract, limit) as { entitlement_id: string; block_number: number }[]
    ).map((r) => ({ entitlementId: r.entitlement_id as Hex, blockNumber: r.block_number }))
  }

  /** Rejected claims can be retried by a fresh claim: returns what is needed to rebuild it. */
  claimEvidenceJson(id: number): string | null {
    const row = this.db.prepare(`SELECT evidence_json FROM ledger_claims WHERE id = ?`).get(id) as { evidence_json: string } | undefined
    return row?.evidence_json ?? null
  }
}
