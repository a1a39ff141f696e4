/**
 * The kiosk's claims (what the receipt shows), kept in step with their
 * intents in the outbox: ledger_claims is the outbox's 'claim' client, so a
 * claim's state changes in the same SQLite transaction as its transaction's.
 */
import { AppError } from '../../../common/result'
import type { Hex } from '../../../common/ledger/hex'
import type { Db } from '../../db/database'
import type { OutboxStore } from './outbox-store'
import type { ClaimRecord, ClaimState, Mined, Outcome } from './types'

/** What the kiosk knows of a claim before it is stored: the record's own fields, and the evidence in full. */
export type NewClaim = Pick<ClaimRecord, 'claimNumber' | 'contract' | 'chainId' | 'entitlementId' | 'claimRef' | 'evidenceHash' | 'amount' | 'programId'> & {
  evidenceJson: string
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
  forgotten: number
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
  forgotten: r.forgotten,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

/** A claim with what its intent knows: how often the chain lost it after mining it. */
const CLAIM_SELECT = `SELECT c.*, i.forgotten FROM ledger_claims c JOIN outbox_intents i ON i.id = c.intent_id`

export class ClaimStore {
  private readonly db: Db

  constructor(outbox: OutboxStore) {
    this.db = outbox.db
    outbox.serve('claim', {
      signed: (intentId, txHash, now) => {
        // Signed again, or brought back after the chain forgot it: 待上链 until a receipt says otherwise.
        this.db
          .prepare(
            `UPDATE ledger_claims SET state = 'signed', tx_hash = ?, block_number = NULL, block_hash = NULL, tx_index = NULL, reject_code = NULL, reject_detail = NULL, settle_ref = NULL, updated_at = ?
             WHERE intent_id = ?`,
          )
          .run(txHash, now, intentId)
      },
      sent: (intentId, now) =>
        this.db.prepare(`UPDATE ledger_claims SET state = 'submitted', updated_at = ? WHERE intent_id = ? AND state = 'signed'`).run(now, intentId).changes > 0,
      decided: (intentId, txHash, mined, outcome, now) => this.decide(intentId, txHash, mined, outcome, now),
    })
  }

  /**
   * Stores a claim for an intent just queued (call it inside the queue's
   * transaction). Throws LEDGER_ALREADY_CLAIMED, so nothing is stored, when
   * a live claim exists for the entitlement.
   */
  insert(c: NewClaim, intentId: number, txHash: Hex, now = Date.now()): number {
    const live = this.db
      .prepare(`SELECT claim_number FROM ledger_claims WHERE contract = ? AND entitlement_id = ? AND state <> 'rejected'`)
      .get(c.contract, c.entitlementId) as { claim_number: string } | undefined
    if (live) throw new AppError('LEDGER_ALREADY_CLAIMED', `entitlement ${c.entitlementId} already has claim ${live.claim_number}`)
    const info = this.db
      .prepare(
        `INSERT INTO ledger_claims (claim_number, contract, chain_id, entitlement_id, claim_ref, evidence_hash, evidence_json, amount, program_id, state, tx_hash, intent_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'signed', ?, ?, ?, ?)`,
      )
      .run(c.claimNumber, c.contract, c.chainId, c.entitlementId, c.claimRef, c.evidenceHash, c.evidenceJson, c.amount, c.programId, txHash, intentId, now, now)
    return Number(info.lastInsertRowid)
  }

  private decide(intentId: number, txHash: Hex, mined: Mined, outcome: Outcome, now: number): void {
    this.db
      .prepare(
        `UPDATE ledger_claims SET state = ?, tx_hash = ?, block_number = ?, block_hash = ?, tx_index = ?, reject_code = ?, reject_detail = ?, updated_at = ?
         WHERE intent_id = ? AND state IN ('signed', 'submitted')`,
      )
      .run(
        outcome.ok ? 'confirmed' : 'rejected',
        txHash,
        mined.blockNumber,
        mined.blockHash,
        mined.txIndex,
        outcome.ok ? null : outcome.code,
        outcome.ok ? null : outcome.detail,
        now,
        intentId,
      )
  }

  /** The claims behind these intents (those that are claims). */
  claimIdsOf(intentIds: number[]): number[] {
    const stmt = this.db.prepare(`SELECT id FROM ledger_claims WHERE intent_id = ?`)
    return intentIds.flatMap((i) => {
      const row = stmt.get(i) as { id: number } | undefined
      return row ? [row.id] : []
    })
  }

  markSettled(entitlementId: Hex, contract: Hex, bankRef: Hex, now = Date.now()): number | null {
    const row = this.db
      .prepare(
        `UPDATE ledger_claims SET state = 'settled', settle_ref = ?, updated_at = ? WHERE contract = ? AND entitlement_id = ? AND state = 'confirmed' RETURNING id`,
      )
      .get(bankRef, now, contract, entitlementId.toLowerCase()) as { id: number } | undefined
    return row?.id ?? null
  }

  claim(id: number): ClaimRecord | null {
    const row = this.db.prepare(`${CLAIM_SELECT} WHERE c.id = ?`).get(id) as ClaimRow | undefined
    return row ? toRecord(row) : null
  }

  claimByNumber(claimNumber: string): ClaimRecord | null {
    const row = this.db.prepare(`${CLAIM_SELECT} WHERE c.claim_number = ?`).get(claimNumber) as ClaimRow | undefined
    return row ? toRecord(row) : null
  }

  claims(filter: { states?: ClaimState[]; limit?: number } = {}): ClaimRecord[] {
    const states = filter.states ?? []
    const where = states.length ? `WHERE c.state IN (${states.map(() => '?').join(',')})` : ''
    const rows = this.db.prepare(`${CLAIM_SELECT} ${where} ORDER BY c.id DESC LIMIT ?`).all(...states, filter.limit ?? 1000) as ClaimRow[]
    return rows.map(toRecord)
  }

  /** Live claims of these entitlements, by entitlement id. */
  liveClaimsFor(contract: Hex, entitlementIds: Hex[]): Map<Hex, ClaimRecord> {
    const out = new Map<Hex, ClaimRecord>()
    const stmt = this.db.prepare(`${CLAIM_SELECT} WHERE c.contract = ? AND c.entitlement_id = ? AND c.state <> 'rejected'`)
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
