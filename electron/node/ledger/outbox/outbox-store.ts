/**
 * SQLite access for the one outbox: intents (what a transaction is for) and
 * the signed transactions that carry them, for every sender. Every write that
 * changes what an intent means happens in one transaction, with its client's
 * hook inside it; better-sqlite3 is synchronous, so a returned call is a
 * committed (fsynced, synchronous=FULL) one.
 */
import type { Hex } from '../../../common/ledger/hex'
import type { SignedTx } from '../../../common/ledger/sign'
import type { Db } from '../../db/database'
import type { IntentRecord, IntentState, Mined, MinedTx, NewIntent, Outcome, OutboxClient, OutboxPurpose, PendingTx } from './types'

/** One signing key on one chain calling one contract. */
export interface Lane {
  chainId: number
  sender: Hex
  target: Hex
}

/** The call an intent makes, to be signed at a nonce. */
export interface IntentCall {
  target: Hex
  calldata: Hex
  gas: bigint
}

export type SignAt = (call: IntentCall, nonce: number) => SignedTx

interface IntentRow {
  id: number
  purpose: OutboxPurpose
  ref: string
  chain_id: number
  sender: string
  target: string
  calldata: string
  gas: number
  state: IntentState
  tx_hash: string
  block_number: number | null
  reject_code: string | null
  reject_detail: string | null
  forgotten: number
  created_at: number
  nonce: number
  attempts: number
  last_error: string | null
}

interface TxRow {
  id: number
  intent_id: number
  purpose: OutboxPurpose
  chain_id: number
  sender: string
  nonce: number
  raw_tx: string
  tx_hash: string
  attempts: number
  last_sent_at: number | null
}

const floorKey = (chainId: number, sender: Hex) => `outbox.nonceFloor.${chainId}.${sender.toLowerCase()}`

const INTENT_SELECT = `SELECT i.*, t.nonce, t.attempts, t.last_error FROM outbox_intents i JOIN outbox_txs t ON t.tx_hash = i.tx_hash`

const toIntent = (r: IntentRow): IntentRecord => ({
  id: r.id,
  purpose: r.purpose,
  ref: r.ref,
  chainId: r.chain_id,
  sender: r.sender as Hex,
  target: r.target as Hex,
  calldata: r.calldata as Hex,
  gas: BigInt(r.gas),
  state: r.state,
  txHash: r.tx_hash as Hex,
  nonce: r.nonce,
  attempts: r.attempts,
  lastError: r.state === 'rejected' ? r.reject_detail : r.last_error,
  blockNumber: r.block_number,
  rejectCode: r.reject_code,
  rejectDetail: r.reject_detail,
  forgotten: r.forgotten,
  createdAt: r.created_at,
})

const toPending = (r: TxRow): PendingTx => ({
  id: r.id,
  intentId: r.intent_id,
  purpose: r.purpose,
  chainId: r.chain_id,
  sender: r.sender as Hex,
  nonce: r.nonce,
  raw: r.raw_tx as Hex,
  hash: r.tx_hash as Hex,
  attempts: r.attempts,
  lastSentAt: r.last_sent_at,
})

export class OutboxStore {
  private readonly clients = new Map<OutboxPurpose, OutboxClient>()

  constructor(readonly db: Db) {}

  /** Registers the client that keeps its rows in step with intents of this purpose. */
  serve(purpose: OutboxPurpose, client: OutboxClient): void {
    this.clients.set(purpose, client)
  }

  /**
   * Signs the calls at consecutive fresh nonces and stores them, all in one
   * SQLite transaction; `afterInsert` runs inside it (to link the client's
   * rows to the intent ids). Returns the intent ids.
   */
  queue(lane: Lane, items: NewIntent[], sign: SignAt, afterInsert?: (ids: number[]) => void, now = Date.now()): number[] {
    const sender = lane.sender.toLowerCase()
    const insert = this.db.prepare(
      `INSERT INTO outbox_intents (purpose, ref, chain_id, sender, target, calldata, gas, state, tx_hash, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
    )
    return this.db
      .transaction(() => {
        let nonce = this.nextNonce(lane.chainId, lane.sender)
        const ids = items.map((it) => {
          const signed = sign({ target: lane.target, calldata: it.calldata, gas: it.gas }, nonce)
          const id = Number(
            insert.run(it.purpose, it.ref, lane.chainId, sender, lane.target.toLowerCase(), it.calldata, Number(it.gas), signed.hash, now, now).lastInsertRowid,
          )
          this.insertTx(id, lane.chainId, sender, nonce++, signed, now)
          this.clients.get(it.purpose)?.signed?.(id, signed.hash, now)
          return id
        })
        afterInsert?.(ids)
        return ids
      })
      .immediate()
  }

  private insertTx(intentId: number, chainId: number, sender: string, nonce: number, signed: SignedTx, now: number): void {
    this.db
      .prepare(`INSERT INTO outbox_txs (intent_id, chain_id, sender, nonce, raw_tx, tx_hash, state, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`)
      .run(intentId, chainId, sender, nonce, signed.raw, signed.hash, now)
  }

  /** max(last local live nonce + 1, nonce floor learned from the node). */
  private nextNonce(chainId: number, sender: Hex): number {
    const row = this.db
      .prepare(`SELECT MAX(nonce) AS n FROM outbox_txs WHERE chain_id = ? AND sender = ? AND state <> 'superseded'`)
      .get(chainId, sender.toLowerCase()) as { n: number | null }
    return Math.max(row.n === null ? 0 : row.n + 1, this.nonceFloor(chainId, sender))
  }

  nonceFloor(chainId: number, sender: Hex): number {
    const row = this.db.prepare(`SELECT value FROM settings WHERE key = ?`).get(floorKey(chainId, sender)) as { value: string } | undefined
    return row ? Number(row.value) : 0
  }

  /** Records a nonce the node has consumed (or holds in its pool) so new transactions never reuse it. */
  raiseNonceFloor(chainId: number, sender: Hex, nonce: number): void {
    if (nonce <= this.nonceFloor(chainId, sender)) return
    this.db
      .prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
      .run(floorKey(chainId, sender), String(nonce))
  }

  pendingTxs(chainId: number, sender: Hex): PendingTx[] {
    const rows = this.db
      .prepare(
        `SELECT t.id, t.intent_id, i.purpose, t.chain_id, t.sender, t.nonce, t.raw_tx, t.tx_hash, t.attempts, t.last_sent_at
         FROM outbox_txs t JOIN outbox_intents i ON i.id = t.intent_id
         WHERE t.state = 'pending' AND t.chain_id = ? AND t.sender = ? ORDER BY t.nonce`,
      )
      .all(chainId, sender.toLowerCase()) as TxRow[]
    return rows.map(toPending)
  }

  /** Transactions seen mined at this nonce or above: the node's own count says it has not mined them (any more). */
  minedFrom(chainId: number, sender: Hex, nonce: number): MinedTx[] {
    return (
      this.db
        .prepare(`SELECT id, intent_id, nonce, tx_hash FROM outbox_txs WHERE state = 'mined' AND chain_id = ? AND sender = ? AND nonce >= ? ORDER BY nonce`)
        .all(chainId, sender.toLowerCase(), nonce) as { id: number; intent_id: number; nonce: number; tx_hash: string }[]
    ).map((r) => ({ id: r.id, intentId: r.intent_id, nonce: r.nonce, hash: r.tx_hash as Hex }))
  }

  /** After a send (or a check that the node still knows them): attempts, time, error. Returns intents whose client row changed or whose transaction was sent for the first time. */
  markSent(sent: { tx: PendingTx; error: string | null; counted: boolean }[], now = Date.now()): number[] {
    const changed: number[] = []
    const update = this.db.prepare(`UPDATE outbox_txs SET attempts = attempts + ?, last_sent_at = ?, last_error = ? WHERE id = ?`)
    this.db.transaction(() => {
      for (const s of sent) {
        update.run(s.counted ? 1 : 0, now, s.error === null ? null : s.error.slice(0, 300), s.tx.id)
        const client = this.clients.get(s.tx.purpose)
        const moved = s.error === null && client?.sent ? client.sent(s.tx.intentId, now) : s.tx.attempts === 0
        if (moved) changed.push(s.tx.intentId)
      }
    })()
    return changed
  }

  /** Receipts were seen: each intent is confirmed, or rejected with the decoded reason. One SQLite transaction for all. */
  markMined(items: { tx: PendingTx; mined: Mined; outcome: Outcome }[], now = Date.now()): void {
    const txStmt = this.db.prepare(`UPDATE outbox_txs SET state = 'mined' WHERE id = ?`)
    const intentStmt = this.db.prepare(
      `UPDATE outbox_intents SET state = ?, tx_hash = ?, block_number = ?, block_hash = ?, tx_index = ?, reject_code = ?, reject_detail = ?, updated_at = ?
       WHERE id = ? AND state = 'pending'`,
    )
    this.db.transaction(() => {
      for (const { tx, mined, outcome } of items) {
        txStmt.run(tx.id)
        const ok = outcome.ok
        intentStmt.run(
          ok ? 'confirmed' : 'rejected',
          tx.hash,
          mined.blockNumber,
          mined.blockHash,
          mined.txIndex,
          ok ? null : outcome.code,
          ok ? null : outcome.detail,
          now,
          tx.intentId,
        )
        this.clients.get(tx.purpose)?.decided?.(tx.intentId, tx.hash, mined, outcome, now)
      }
    })()
  }

  /**
   * The nonce of `tx` was consumed by another transaction, so `tx` can never
   * be mined: supersede it and sign the intent again at a fresh nonce.
   */
  resign(tx: PendingTx, sign: SignAt, now = Date.now()): void {
    this.db
      .transaction(() => {
        this.supersede(tx)
        this.signAgain(tx, this.nextNonce(tx.chainId, tx.sender), sign, now)
      })
      .immediate()
  }

  /** Supersedes `txs` and signs their intents again at consecutive nonces from `firstNonce`, in one transaction. */
  resignFrom(txs: PendingTx[], firstNonce: number, sign: SignAt, now = Date.now()): void {
    this.db
      .transaction(() => {
        for (const tx of txs) this.supersede(tx)
        txs.forEach((tx, i) => this.signAgain(tx, firstNonce + i, sign, now))
      })
      .immediate()
  }

  /**
   * The chain forgot transactions it had mined (a node restored from a
   * snapshot, a restarted dev node, a lagging endpoint): they go back to
   * pending with the same bytes, so they are sent again and counted once;
   * their intents are pending again. Returns the intent ids.
   */
  reopen(txs: MinedTx[], reason: string, now = Date.now()): number[] {
    const tx = this.db.prepare(`UPDATE outbox_txs SET state = 'pending', attempts = 0, last_sent_at = NULL, last_error = ? WHERE id = ? AND state = 'mined'`)
    const intent = this.db.prepare(
      `UPDATE outbox_intents SET state = 'pending', forgotten = forgotten + 1, block_number = NULL, block_hash = NULL, tx_index = NULL, reject_code = NULL, reject_detail = NULL, updated_at = ?
       WHERE id = ? RETURNING purpose`,
    )
    return this.db
      .transaction(() =>
        txs.flatMap((t) => {
          if (tx.run(reason, t.id).changes === 0) return []
          const row = intent.get(now, t.intentId) as { purpose: OutboxPurpose }
          this.clients.get(row.purpose)?.signed?.(t.intentId, t.hash, now)
          return [t.intentId]
        }),
      )
      .immediate()
  }

  /** The transactions an intent was signed as before `tx` superseded them, oldest first. */
  supersededOf(tx: PendingTx): { id: number; hash: Hex }[] {
    return this.db
      .prepare(`SELECT id, tx_hash AS hash FROM outbox_txs WHERE intent_id = ? AND state = 'superseded' AND id <> ? ORDER BY id`)
      .all(tx.intentId, tx.id) as { id: number; hash: Hex }[]
  }

  /** A transaction that was mined but decides nothing (its intent was decided by an earlier one): it no longer waits. */
  retire(tx: PendingTx): void {
    this.db.prepare(`UPDATE outbox_txs SET state = 'mined' WHERE id = ?`).run(tx.id)
  }

  private supersede(tx: PendingTx): void {
    this.db.prepare(`UPDATE outbox_txs SET state = 'superseded' WHERE id = ?`).run(tx.id)
  }

  private signAgain(tx: PendingTx, nonce: number, sign: SignAt, now: number): void {
    const call = this.db.prepare(`SELECT target, calldata, gas FROM outbox_intents WHERE id = ?`).get(tx.intentId) as {
      target: Hex
      calldata: Hex
      gas: number
    }
    const signed = sign({ target: call.target, calldata: call.calldata, gas: BigInt(call.gas) }, nonce)
    this.insertTx(tx.intentId, tx.chainId, tx.sender.toLowerCase(), nonce, signed, now)
    this.db.prepare(`UPDATE outbox_intents SET tx_hash = ?, updated_at = ? WHERE id = ?`).run(signed.hash, now, tx.intentId)
    this.clients.get(tx.purpose)?.signed?.(tx.intentId, signed.hash, now)
  }

  intent(id: number): IntentRecord | null {
    const row = this.db.prepare(`${INTENT_SELECT} WHERE i.id = ?`).get(id) as IntentRow | undefined
    return row ? toIntent(row) : null
  }

  /** A lane's intents, newest first. */
  intents(chainId: number, sender: Hex, filter: { purpose?: OutboxPurpose; states?: IntentState[]; limit?: number } = {}): IntentRecord[] {
    const where = ['i.chain_id = ?', 'i.sender = ?']
    const args: unknown[] = [chainId, sender.toLowerCase()]
    if (filter.purpose) {
      where.push('i.purpose = ?')
      args.push(filter.purpose)
    }
    if (filter.states?.length) {
      where.push(`i.state IN (${filter.states.map(() => '?').join(',')})`)
      args.push(...filter.states)
    }
    const rows = this.db.prepare(`${INTENT_SELECT} WHERE ${where.join(' AND ')} ORDER BY i.id DESC LIMIT ?`).all(...args, filter.limit ?? 200) as IntentRow[]
    return rows.map(toIntent)
  }
}
