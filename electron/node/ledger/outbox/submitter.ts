/**
 * Moves one sender's signed transactions from the outbox to the chain and
 * back: sends in nonce order in JSON-RPC batches, treats acceptance as a
 * hint, re-sends the same raw bytes for whatever is neither mined nor known
 * to the node, reads receipts, decodes reverts, re-signs an intent whose
 * nonce was taken by another transaction, closes nonce gaps, brings back
 * transactions the chain forgot after mining them, backs off while the node
 * is down, and says so when the node refuses what it is sent.
 */
import type { Hex } from '../../../common/ledger/hex'
import { type DurableHead, isBlockDurable } from '../durable-head'
import type { Logger } from '../../log/logger'
import { RpcError, type RpcClient } from '../rpc-client'
import type { Lane, OutboxStore, SignAt } from './outbox-store'
import { type RpcReceipt, minedOf, revertReason } from './receipts'
import type { Mined, MinedTx, Outcome, PendingTx } from './types'

export interface SubmitterOptions {
  /** Polling period while work is pending. */
  pollMs: number
  /** Ask the node about a sent transaction again after this long without a receipt. */
  recheckAfterMs: number
  /** A nonce gap below our lowest pending transaction, or a mined transaction the chain no longer has, must persist this long before we act on it. */
  gapGraceMs: number
  batchSize: number
  /**
   * At most this many transactions beyond the node's mined nonce are handed
   * to the node at once: real pools cap what they hold per sender (Besu
   * keeps a limited number of future transactions), and a flood is what makes
   * an automining anvil stall and drop.
   */
  maxInFlight: number
  /** Longest wait between attempts while the node is unreachable or refusing. */
  maxBackoffMs: number
}

export type OutboxPauseCode = 'LEDGER_WRONG_CHAIN' | 'LEDGER_NODE_DOWN' | 'LEDGER_TX_REFUSED'

export type SubmitterHealth = { state: 'idle' | 'working'; lastError: string | null } | { state: 'paused'; code: OutboxPauseCode; lastError: string }

/**
 * Where successful transactions of this sender landed between two blocks,
 * from logs (cheap where receipts are not: a node may rebuild a whole block's
 * receipts per lookup). Anything not found falls back to its receipt.
 */
export type MinedHint = (fromBlock: number, toBlock: number) => Promise<Map<Hex, Mined>>

export interface SubmitterDeps {
  rpc: RpcClient
  store: OutboxStore
  lane: Lane
  sign: SignAt
  log: Logger
  minedHint?: MinedHint
  /** The embedded node's saved head: a receipt in a later block waits (a kill could still lose it). None with external nodes. */
  durableHead?: DurableHead
  onChanged: (intentIds: number[]) => void
  onHealth: (health: SubmitterHealth) => void
}

const ALREADY_KNOWN = /already known|already imported|known transaction|nonce too low|replacement transaction underpriced/i

export class Submitter {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private wakeRequested = false
  private disposed = false
  private started = false
  private failures = 0
  private gapSince: number | null = null
  private forgottenSince: number | null = null
  private idleCheckedAt = 0
  private scannedBlock: number | null = null
  private headNonce: number | null = null
  private headSince = 0
  /** The node's last refusal of a send, until a send goes through or the chain moves on. */
  private refusal: { message: string; atNonce: number } | null = null
  private health: SubmitterHealth = { state: 'idle', lastError: null }

  constructor(
    private readonly deps: SubmitterDeps,
    private readonly o: SubmitterOptions,
  ) {}

  start(): void {
    this.started = true
    this.schedule(0)
  }

  /** Run a pass now (a transaction was just written). No effect before start(). */
  wake(): void {
    if (this.disposed || !this.started) return
    if (this.running) this.wakeRequested = true
    else this.schedule(0)
  }

  get currentHealth(): SubmitterHealth {
    return this.health
  }

  /** One pass; resolves when it is done. */
  runOnce(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null))
    return this.running
  }

  async dispose(): Promise<void> {
    this.disposed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.running
  }

  private get lane(): Lane {
    return this.deps.lane
  }

  private schedule(ms: number): void {
    if (this.disposed) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.runOnce().then(() => {
        const again = this.wakeRequested
        this.wakeRequested = false
        const pending = this.deps.store.pendingTxs(this.lane.chainId, this.lane.sender).length > 0
        const backoff = this.failures ? Math.min(this.o.maxBackoffMs, this.o.pollMs * 2 ** this.failures) : this.o.pollMs
        this.schedule(again && !this.failures ? 0 : pending || this.failures ? backoff : this.o.pollMs * 4)
      })
    }, ms)
  }

  private setHealth(h: SubmitterHealth): void {
    const changed = JSON.stringify(h) !== JSON.stringify(this.health)
    this.health = h
    if (changed) this.deps.onHealth(h)
  }

  private async pass(): Promise<void> {
    const pending = this.deps.store.pendingTxs(this.lane.chainId, this.lane.sender)
    // With nothing to send, the node is still asked now and then, or a chain that forgot what it mined would go unnoticed.
    const lookAgain = this.forgottenSince !== null || Date.now() - this.idleCheckedAt >= this.o.gapGraceMs
    if (pending.length === 0 && !lookAgain) {
      this.failures = 0
      this.refusal = null
      if (this.health.state !== 'paused' || this.health.code === 'LEDGER_TX_REFUSED') this.setHealth({ state: 'idle', lastError: null })
      return
    }
    if (pending.length === 0) this.idleCheckedAt = Date.now()
    try {
      // 'pending' counts what the node holds in its pool too (another tool using this key): new nonces start above it.
      const [chainIdHex, minedNonceHex, poolNonceHex, latestHex] = await this.deps.rpc.batch<string>([
        { method: 'eth_chainId', params: [] },
        { method: 'eth_getTransactionCount', params: [this.lane.sender, 'latest'] },
        { method: 'eth_getTransactionCount', params: [this.lane.sender, 'pending'] },
        { method: 'eth_blockNumber', params: [] },
      ])
      for (const r of [chainIdHex, minedNonceHex, poolNonceHex, latestHex]) if (r instanceof RpcError) throw r
      const chainId = Number.parseInt(chainIdHex as string, 16)
      if (chainId !== this.lane.chainId) {
        this.failures++
        this.setHealth({ state: 'paused', code: 'LEDGER_WRONG_CHAIN', lastError: `node is on chain ${chainId}, expected ${this.lane.chainId}` })
        return
      }
      const minedNonce = Number.parseInt(minedNonceHex as string, 16)
      this.deps.store.raiseNonceFloor(this.lane.chainId, this.lane.sender, Math.max(minedNonce, Number.parseInt(poolNonceHex as string, 16)))
      if (this.refusal && minedNonce > this.refusal.atNonce) this.refusal = null
      if (await this.reopenForgotten(minedNonce)) return this.report(false)
      const live = pending.filter((t) => t.nonce >= minedNonce)
      if (await this.closeGap(live, minedNonce)) return this.report(false)
      await this.sendUnknown(live, minedNonce)
      await this.settleMined(
        pending.filter((t) => t.nonce < minedNonce),
        Number.parseInt(latestHex as string, 16),
      )
      this.failures = this.refusal ? this.failures + 1 : 0
      this.report(pending.length === 0)
    } catch (e) {
      this.failures++
      const message = (e as Error).message
      this.setHealth({ state: 'paused', code: 'LEDGER_NODE_DOWN', lastError: message })
      if (this.failures === 1 || this.failures % 20 === 0)
        this.deps.log.warn('outbox pass failed', { sender: this.lane.sender, error: e as Error, failures: this.failures })
    }
  }

  private report(idle: boolean): void {
    if (this.refusal) this.setHealth({ state: 'paused', code: 'LEDGER_TX_REFUSED', lastError: this.refusal.message })
    else this.setHealth({ state: idle ? 'idle' : 'working', lastError: null })
  }

  /**
   * Transactions we saw mined at or above the node's nonce are not on this
   * chain any more (a node restored from a snapshot, a dev node restarted
   * without its last blocks, failover to a lagging endpoint). Once that has
   * lasted the grace period and their receipts are gone, they go back to
   * pending with the same bytes: the contract's once-only checks keep each
   * single however often it is sent.
   */
  private async reopenForgotten(minedNonce: number): Promise<boolean> {
    const candidates = this.deps.store.minedFrom(this.lane.chainId, this.lane.sender, minedNonce)
    if (candidates.length === 0) {
      this.forgottenSince = null
      return false
    }
    const now = Date.now()
    this.forgottenSince ??= now
    if (now - this.forgottenSince < this.o.gapGraceMs) return false
    const forgotten: MinedTx[] = []
    for (const chunk of chunks(candidates, this.o.batchSize)) {
      const receipts = await this.deps.rpc.batch<RpcReceipt | null>(chunk.map((t) => ({ method: 'eth_getTransactionReceipt', params: [t.hash] })))
      chunk.forEach((t, i) => {
        const r = receipts[i]
        if (r instanceof RpcError) throw r
        if (r === null) forgotten.push(t)
      })
    }
    this.forgottenSince = null
    if (forgotten.length === 0) return false
    const reason = `the ledger no longer has this transaction it had mined (node nonce ${minedNonce}); sent again with the same bytes`
    this.deps.log.warn('ledger forgot mined outbox transactions; sending them again', {
      sender: this.lane.sender,
      count: forgotten.length,
      firstNonce: forgotten[0]!.nonce,
      nodeNonce: minedNonce,
    })
    const reopened = this.deps.store.reopen(forgotten, reason)
    this.scannedBlock = null
    this.deps.onChanged(reopened)
    return true
  }

  /** Transactions whose nonce the chain has passed: mined (read the receipt) or replaced (re-sign). */
  private async settleMined(done: PendingTx[], latestBlock: number): Promise<void> {
    const changed: number[] = []
    const hinted = await this.minedByHint(done, latestBlock)
    for (const chunk of chunks(done, this.o.batchSize)) {
      const mined: { tx: PendingTx; mined: Mined; outcome: Outcome }[] = []
      const missing: PendingTx[] = []
      for (const tx of chunk) {
        const at = hinted.get(tx.hash)
        if (at) mined.push({ tx, mined: at, outcome: { ok: true } })
        else missing.push(tx)
      }
      const receipts = await this.deps.rpc.batch<RpcReceipt | null>(missing.map((t) => ({ method: 'eth_getTransactionReceipt', params: [t.hash] })))
      for (let i = 0; i < missing.length; i++) {
        const tx = missing[i]!
        const receipt = receipts[i]
        if (receipt instanceof RpcError) throw receipt
        if (receipt) {
          const earlier = receipt.status === '0x1' ? null : await this.minedEarlier(tx)
          if (earlier) {
            // Signed again because its nonce looked taken, but the first signing was mined after all: that one decides.
            if (!isBlockDurable(this.deps.durableHead, BigInt(earlier.mined.blockNumber))) continue // next pass
            this.deps.log.warn('outbox intent was mined under an earlier signing; its re-signed copy reverted', {
              sender: this.lane.sender,
              intentId: tx.intentId,
              mined: earlier.tx.hash,
              reverted: tx.hash,
            })
            this.deps.store.retire(tx)
            mined.push(earlier)
            continue
          }
          const outcome: Outcome = receipt.status === '0x1' ? { ok: true } : { ok: false, ...(await revertReason(this.deps.rpc, receipt, this.calldataOf(tx))) }
          mined.push({ tx, mined: minedOf(receipt), outcome })
          continue
        }
        const seen = await this.deps.rpc.request<{ blockNumber: string | null } | null>('eth_getTransactionByHash', [tx.hash])
        if (seen?.blockNumber) continue // mined but the receipt is not served yet: next pass
        this.deps.log.warn('outbox nonce taken by another transaction; signing again', {
          sender: this.lane.sender,
          nonce: tx.nonce,
          intentId: tx.intentId,
          purpose: tx.purpose,
        })
        this.deps.store.resign(tx, this.deps.sign)
        changed.push(tx.intentId)
      }
      const durable = mined.filter((m) => isBlockDurable(this.deps.durableHead, BigInt(m.mined.blockNumber)))
      this.deps.store.markMined(durable)
      changed.push(...durable.map((m) => m.tx.intentId))
    }
    if (changed.length) this.deps.onChanged(changed)
  }

  /** A successful receipt of a transaction `tx` superseded, if the chain has one. */
  private async minedEarlier(tx: PendingTx): Promise<{ tx: PendingTx; mined: Mined; outcome: Outcome } | null> {
    for (const old of this.deps.store.supersededOf(tx)) {
      const receipt = await this.deps.rpc.request<RpcReceipt | null>('eth_getTransactionReceipt', [old.hash])
      if (receipt?.status === '0x1') return { tx: { ...tx, id: old.id, hash: old.hash }, mined: minedOf(receipt), outcome: { ok: true } }
    }
    return null
  }

  /** Where the lane's successful transactions landed since the last pass (one block of overlap), when the client can tell from logs. */
  private async minedByHint(done: PendingTx[], latestBlock: number): Promise<Map<Hex, Mined>> {
    if (!this.deps.minedHint || done.length === 0) return new Map()
    const from = this.scannedBlock === null ? Math.max(0, latestBlock - 256) : this.scannedBlock
    const found = await this.deps.minedHint(from, latestBlock)
    this.scannedBlock = latestBlock
    return found
  }

  /**
   * The node's next nonce is below our lowest pending one and nothing of ours
   * fills the gap (a restored database, a reset chain): our transactions can
   * never be mined. After a grace period, re-sign them from the node's nonce.
   */
  private async closeGap(live: PendingTx[], minedNonce: number): Promise<boolean> {
    if (live.length === 0 || live[0]!.nonce === minedNonce) {
      this.gapSince = null
      return false
    }
    const now = Date.now()
    this.gapSince ??= now
    if (now - this.gapSince < this.o.gapGraceMs) return false
    this.deps.log.warn('outbox nonce gap below pending transactions; signing them again', {
      sender: this.lane.sender,
      nodeNonce: minedNonce,
      lowest: live[0]!.nonce,
    })
    this.deps.store.resignFrom(live, minedNonce, this.deps.sign)
    this.gapSince = null
    this.deps.onChanged(live.map((t) => t.intentId))
    return true
  }

  /**
   * Sends never-sent transactions. Acceptance is only a hint, so the head of
   * the queue (the next nonce to mine) is checked once it has waited
   * recheckAfterMs: if the node no longer knows it, or it has sat unmined for
   * five check periods, everything from the head on is re-sent with the same
   * bytes (a node that still has them answers "already known"). Checking the
   * head alone keeps a healthy node free of lookups during a large drain.
   */
  private async sendUnknown(live: PendingTx[], minedNonce: number): Promise<void> {
    const now = Date.now()
    const head = live[0]
    let resendAll = false
    if (head?.nonce !== this.headNonce) {
      this.headNonce = head?.nonce ?? null
      this.headSince = now
    }
    if (head && head.attempts > 0 && now - (head.lastSentAt ?? 0) >= this.o.recheckAfterMs) {
      const known = await this.deps.rpc.request<unknown>('eth_getTransactionByHash', [head.hash])
      resendAll = known === null || now - this.headSince >= 5 * this.o.recheckAfterMs
      if (resendAll) this.headSince = now
      else this.deps.store.markSent([{ tx: head, error: null, counted: false }])
    }
    const window = (head?.nonce ?? 0) + this.o.maxInFlight
    const toSend = live.filter((t) => (t.attempts === 0 || resendAll) && t.nonce < window)
    const changed: number[] = []
    for (const chunk of bySize(chunks(toSend, this.o.batchSize))) {
      const results = await this.deps.rpc.batch<string>(chunk.map((t) => ({ method: 'eth_sendRawTransaction', params: [t.raw] })))
      const sent = chunk.map((tx, i) => {
        const r = results[i]
        if (r instanceof RpcError && r.transient) throw r
        const error = r instanceof RpcError && !ALREADY_KNOWN.test(r.message) ? r.message : null
        return { tx, error, counted: true }
      })
      const errors = sent.filter((s) => s.error)
      if (errors.length) {
        this.refusal = { message: errors[0]!.error!, atNonce: minedNonce }
        this.deps.log.warn('node refused outbox transactions', { sender: this.lane.sender, count: errors.length, first: errors[0]!.error })
      } else this.refusal = null
      changed.push(...this.deps.store.markSent(sent))
    }
    if (changed.length) this.deps.onChanged(changed)
  }

  private calldataOf(tx: PendingTx): Hex {
    return this.deps.store.intent(tx.intentId)!.calldata
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Splits batches further so none carries more than about 1 MB of hex: nodes cap the size of a request body. */
function bySize(batches: PendingTx[][], maxChars = 1_000_000): PendingTx[][] {
  return batches.flatMap((batch) => {
    const out: PendingTx[][] = [[]]
    let size = 0
    for (const t of batch) {
      if (out.at(-1)!.length && size + t.raw.length > maxChars) {
        out.push([])
        size = 0
      }
      out.at(-1)!.push(t)
      size += t.raw.length
    }
    return out.filter((b) => b.length)
  })
}
