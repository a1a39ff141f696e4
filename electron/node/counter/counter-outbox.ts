/**
 * The counter's own durable outbox for operator transactions (entitlement
 * approvals, terminal registration, day close). LedgerService's outbox is
 * built for beneficiary claims only, so this is a small sibling with the same
 * rules: a transaction is signed and stored (nonce, raw bytes, hash) in one
 * SQLite transaction before anyone is told; acceptance by the node is only a
 * hint; a receipt decides; a transaction the node lost is re-sent with the
 * same bytes; one whose nonce was consumed by something else is re-signed.
 * One instance per signing key, so its nonces never collide with the
 * terminal's claim outbox.
 */
import type { CounterTxView } from '../../common/contract/counter'
import { type Hex, fromQuantity } from '../../common/ledger/hex'
import type { Db } from '../db/database'
import type { TxSigner } from '../ledger/keys/signer'
import type { Logger } from '../log/logger'
import { type RpcReceipt, revertReason } from '../ledger/outbox/receipts'
import { RpcError, type RpcClient } from '../ledger/rpc-client'

export type CounterTxKind = CounterTxView['kind']

export interface CounterOutboxOptions {
  db: Db
  rpc: RpcClient
  signer: TxSigner
  chainId: number
  contract: Hex
  log: Logger
  pollMs?: number
  /** Re-ask the node about a sent transaction after this long without a receipt. */
  recheckAfterMs?: number
  now?: () => number
}

interface TxRow {
  id: number
  kind: CounterTxKind
  ref: string
  nonce: number
  calldata: string
  gas: number
  raw_tx: string
  tx_hash: string
  state: 'pending' | 'confirmed' | 'rejected'
  attempts: number
  last_sent_at: number | null
  last_error: string | null
  reject_code: string | null
  block_number: number | null
  created_at: number
}

const ALREADY_KNOWN = /already known|already imported|known transaction|nonce too low/i
const floorKey = (chainId: number, sender: Hex) => `counter.nonceFloor.${chainId}.${sender.toLowerCase()}`

export class CounterOutbox {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private disposed = false
  private readonly now: () => number
  private readonly changeListeners = new Set<(ids: number[]) => void>()
  /** Last time the node answered, and the last error while it did not. */
  reachable = { ok: true, since: Date.now(), lastError: null as string | null }

  constructor(private readonly o: CounterOutboxOptions) {
    this.now = o.now ?? Date.now
  }

  get sender(): Hex {
    return this.o.signer.address
  }

  start(): void {
    this.schedule(0)
  }

  /** Learns the node's next nonce for this key (best effort) so new transactions start there. */
  async syncNonce(): Promise<void> {
    try {
      this.raiseFloor(Number(fromQuantity(await this.o.rpc.request<string>('eth_getTransactionCount', [this.sender, 'pending']))))
    } catch (e) {
      if (!(e instanceof RpcError)) throw e
    }
  }

  /**
   * Signs and stores contract calls at consecutive nonces in one SQLite
   * transaction; `afterInsert` runs inside it (to link rows to the tx ids).
   */
  queue(items: { kind: CounterTxKind; ref: string; calldata: Hex; gas: bigint }[], afterInsert?: (ids: number[]) => void): number[] {
    const insert = this.o.db.prepare(
      `INSERT INTO counter_txs (kind, ref, chain_id, sender, nonce, calldata, gas, raw_tx, tx_hash, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    )
    const ids = this.o.db
      .transaction(() => {
        let nonce = this.nextNonce()
        const out: number[] = []
        const at = this.now()
        for (const it of items) {
          const signed = this.sign(it.calldata, it.gas, nonce)
          out.push(Number(insert.run(it.kind, it.ref, this.o.chainId, this.sender, nonce, it.calldata, Number(it.gas), signed.raw, signed.hash, at, at).lastInsertRowid))
          nonce++
        }
        afterInsert?.(out)
        return out
      })
      .immediate()
    this.wake()
    return ids
  }

  list(filter: { kind?: CounterTxKind; states?: TxRow['state'][]; limit?: number } = {}): CounterTxView[] {
    const where: string[] = ['sender = ?']
    const args: unknown[] = [this.sender]
    if (filter.kind) where.push('kind = ?') && args.push(filter.kind)
    if (filter.states?.length) where.push(`state IN (${filter.states.map(() => '?').join(',')})`) && args.push(...filter.states)
    const rows = this.o.db.prepare(`SELECT * FROM counter_txs WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`).all(...args, filter.limit ?? 200) as TxRow[]
    return rows.map(toView)
  }

  get(id: number): CounterTxView | null {
    const row = this.o.db.prepare(`SELECT * FROM counter_txs WHERE id = ? AND sender = ?`).get(id, this.sender) as TxRow | undefined
    return row ? toView(row) : null
  }

  onChange(listener: (ids: number[]) => void): () => void {
    this.changeListeners.add(listener)
    return () => this.changeListeners.delete(listener)
  }

  /** Run a pass now. */
  wake(): void {
    if (!this.disposed && !this.running) this.schedule(0)
  }

  /** One pass; resolves when done. */
  flush(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null))
    return this.running
  }

  async dispose(): Promise<void> {
    this.disposed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.running
    this.changeListeners.clear()
  }

  private schedule(ms: number): void {
    if (this.disposed) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.flush().then(() => this.schedule(this.o.pollMs ?? 500))
    }, ms)
  }

  private sign(calldata: string, gas: bigint, nonce: number) {
    return this.o.signer.sign({
      type: 'eip1559',
      chainId: this.o.chainId,
      nonce,
      gas,
      maxFeePerGas: 0n,
      maxPriorityFeePerGas: 0n,
      to: this.o.contract,
      value: 0n,
      data: calldata as Hex,
    })
  }

  private nextNonce(): number {
    const row = this.o.db.prepare(`SELECT MAX(nonce) AS n FROM counter_txs WHERE chain_id = ? AND sender = ?`).get(this.o.chainId, this.sender) as { n: number | null }
    return Math.max(row.n === null ? 0 : row.n + 1, this.floor())
  }

  private floor(): number {
    const row = this.o.db.prepare(`SELECT value FROM settings WHERE key = ?`).get(floorKey(this.o.chainId, this.sender)) as { value: string } | undefined
    return row ? Number(row.value) : 0
  }

  private raiseFloor(nonce: number): void {
    if (nonce <= this.floor()) return
    this.o.db
      .prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
      .run(floorKey(this.o.chainId, this.sender), String(nonce))
  }

  private pending(): TxRow[] {
    return this.o.db.prepare(`SELECT * FROM counter_txs WHERE state = 'pending' AND chain_id = ? AND sender = ? ORDER BY nonce`).all(this.o.chainId, this.sender) as TxRow[]
  }

  private async pass(): Promise<void> {
    const pending = this.pending()
    if (pending.length === 0) return
    try {
      // 'pending' counts transactions already in the pool too (another tool using this key).
      const [minedHex, poolHex] = await this.o.rpc.batch<string>([
        { method: 'eth_getTransactionCount', params: [this.sender, 'latest'] },
        { method: 'eth_getTransactionCount', params: [this.sender, 'pending'] },
      ])
      if (minedHex instanceof RpcError) throw minedHex
      if (poolHex instanceof RpcError) throw poolHex
      const mined = Number(fromQuantity(minedHex!))
      this.raiseFloor(Number(fromQuantity(poolHex!)))
      const changed = await this.settle(pending.filter((t) => t.nonce < mined))
      await this.send(pending.filter((t) => t.nonce >= mined))
      this.reachable = this.reachable.ok ? this.reachable : { ok: true, since: this.now(), lastError: null }
      if (changed.length) this.changeListeners.forEach((l) => l(changed))
    } catch (e) {
      if (!(e instanceof RpcError) || !e.transient) {
        this.o.log.warn('counter outbox pass failed', { error: e as Error })
        return
      }
      if (this.reachable.ok) this.reachable = { ok: false, since: this.now(), lastError: e.message }
      else this.reachable.lastError = e.message
    }
  }

  private async settle(done: TxRow[]): Promise<number[]> {
    const changed: number[] = []
    for (let i = 0; i < done.length; i += 100) {
      const chunk = done.slice(i, i + 100)
      const receipts = await this.o.rpc.batch<RpcReceipt | null>(chunk.map((t) => ({ method: 'eth_getTransactionReceipt', params: [t.tx_hash] })))
      for (let j = 0; j < chunk.length; j++) {
        const tx = chunk[j]!
        const r = receipts[j]
        if (r instanceof RpcError) throw r
        if (r) {
          const failure = r.status === '0x1' ? null : await revertReason(this.o.rpc, r, tx.calldata as Hex)
          this.o.db
            .prepare(`UPDATE counter_txs SET state = ?, block_number = ?, reject_code = ?, last_error = ?, updated_at = ? WHERE id = ?`)
            .run(failure ? 'rejected' : 'confirmed', Number.parseInt(r.blockNumber, 16), failure?.code ?? null, failure?.detail ?? null, this.now(), tx.id)
          changed.push(tx.id)
          continue
        }
        const seen = await this.o.rpc.request<{ blockNumber: string | null } | null>('eth_getTransactionByHash', [tx.tx_hash])
        if (seen?.blockNumber) continue
        // Our nonce was used by another transaction from this key: sign again at a fresh nonce.
        this.o.log.warn('counter tx nonce taken; re-signing', { id: tx.id, kind: tx.kind, nonce: tx.nonce })
        this.o.db
          .transaction(() => {
            const nonce = this.nextNonce()
            const signed = this.sign(tx.calldata, BigInt(tx.gas), nonce)
            this.o.db
              .prepare(`UPDATE counter_txs SET nonce = ?, raw_tx = ?, tx_hash = ?, attempts = 0, last_sent_at = NULL, updated_at = ? WHERE id = ?`)
              .run(nonce, signed.raw, signed.hash, this.now(), tx.id)
          })
          .immediate()
        changed.push(tx.id)
      }
    }
    return changed
  }

  private async send(live: TxRow[]): Promise<void> {
    const at = this.now()
    const recheck = this.o.recheckAfterMs ?? 3000
    const due = live.filter((t) => t.attempts === 0 || at - (t.last_sent_at ?? 0) >= recheck)
    for (const chunk of bySize(due)) {
      const results = await this.o.rpc.batch<string>(chunk.map((t) => ({ method: 'eth_sendRawTransaction', params: [t.raw_tx] })))
      const update = this.o.db.prepare(`UPDATE counter_txs SET attempts = attempts + 1, last_sent_at = ?, last_error = ?, updated_at = ? WHERE id = ?`)
      this.o.db.transaction(() => {
        chunk.forEach((t, j) => {
          const r = results[j]
          if (r instanceof RpcError && r.transient) throw r
          const error = r instanceof RpcError && !ALREADY_KNOWN.test(r.message) ? r.message.slice(0, 200) : null
          update.run(at, error, at, t.id)
        })
      })()
    }
  }
}

/** Send batches of at most 100 transactions and about 1 MB of hex: nodes cap the size of a request body. */
function bySize(txs: TxRow[], maxChars = 1_000_000): TxRow[][] {
  const out: TxRow[][] = []
  let current: TxRow[] = []
  let size = 0
  for (const t of txs) {
    if (current.length && (current.length >= 100 || size + t.raw_tx.length > maxChars)) {
      out.push(current)
      current = []
      size = 0
    }
    current.push(t)
    size += t.raw_tx.length
  }
  if (current.length) out.push(current)
  return out
}

function toView(r: TxRow): CounterTxView {
  return {
    id: r.id,
    kind: r.kind,
    ref: r.ref,
    state: r.state,
    txHash: r.tx_hash,
    nonce: r.nonce,
    attempts: r.attempts,
    lastError: r.last_error,
    rejectCode: r.reject_code,
    blockNumber: r.block_number,
    createdAt: r.created_at,
  }
}
