/**
 * Moves signed transactions from the outbox to the chain and back:
 * sends in nonce order in JSON-RPC batches, treats acceptance as a hint,
 * re-sends the same raw bytes for whatever is neither mined nor known to the
 * node, reads receipts, decodes reverts, re-signs a claim whose nonce was
 * taken by another transaction, and survives the node being down for hours.
 */
import type { Hex } from '../../../common/ledger/hex'
import type { SignedTx } from '../../../common/ledger/sign'
import type { Logger } from '../../log/logger'
import { reliefCalldata } from '../contract/calls'
import { RpcError, type RpcClient } from '../rpc-client'
import type { OutboxStore } from './outbox-store'
import { type RpcReceipt, minedOf, revertReason } from './receipts'
import type { PendingTx } from './types'

export interface SubmitterOptions {
  chainId: number
  sender: Hex
  /** Polling period while work is pending. */
  pollMs: number
  /** Ask the node about a sent transaction again after this long without a receipt. */
  recheckAfterMs: number
  /** A nonce gap below our lowest pending transaction must persist this long before we re-sign over it. */
  gapGraceMs: number
  batchSize: number
  /**
   * At most this many transactions beyond the node's mined nonce are handed
   * to the node at once: real pools cap what they hold per sender (Besu
   * keeps a limited number of future transactions), and a flood is what makes
   * an automining anvil stall and drop.
   */
  maxInFlight: number
  /** Longest wait between attempts while the node is unreachable. */
  maxBackoffMs: number
}

export type SubmitterHealth =
  | { state: 'idle' | 'working'; lastError: string | null }
  | { state: 'paused'; code: 'LEDGER_WRONG_CHAIN' | 'LEDGER_NODE_DOWN'; lastError: string }

export interface SubmitterDeps {
  rpc: RpcClient
  store: OutboxStore
  /** Re-signs a claim's transaction at a new nonce. */
  resign: (claimId: number, nonce: number) => SignedTx
  log: Logger
  onClaimsChanged: (claimIds: number[]) => void
  onHealth: (health: SubmitterHealth) => void
}

const ALREADY_KNOWN = /already known|already imported|known transaction|nonce too low|replacement transaction underpriced/i

export class Submitter {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private wakeRequested = false
  private disposed = false
  private failures = 0
  private gapSince: number | null = null
  private health: SubmitterHealth = { state: 'idle', lastError: null }

  constructor(private readonly deps: SubmitterDeps, private readonly o: SubmitterOptions) {}

  private started = false

  start(): void {
    this.started = true
    this.schedule(0)
  }

  /** Run a pass now (a claim was just written). No effect before start(). */
  wake(): void {
    if (this.disposed || !this.started) return
    if (this.running) this.wakeRequested = true
    else this.schedule(0)
  }

  get currentHealth(): SubmitterHealth {
    return this.health
  }

  /** One pass; resolves when it is done. Exposed for tests. */
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

  private schedule(ms: number): void {
    if (this.disposed) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.runOnce().then(() => {
        const again = this.wakeRequested
        this.wakeRequested = false
        const pending = this.deps.store.pendingTxs(this.o.chainId, this.o.sender).length > 0
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
    const pending = this.deps.store.pendingTxs(this.o.chainId, this.o.sender)
    if (pending.length === 0) {
      this.failures = 0
      if (this.health.state !== 'paused') this.setHealth({ state: 'idle', lastError: null })
      return
    }
    try {
      const [chainIdHex, minedNonceHex] = await this.deps.rpc.batch<string>([
        { method: 'eth_chainId', params: [] },
        { method: 'eth_getTransactionCount', params: [this.o.sender, 'latest'] },
      ])
      if (chainIdHex instanceof RpcError) throw chainIdHex
      if (minedNonceHex instanceof RpcError) throw minedNonceHex
      const chainId = Number.parseInt(chainIdHex!, 16)
      if (chainId !== this.o.chainId) {
        this.failures++
        this.setHealth({ state: 'paused', code: 'LEDGER_WRONG_CHAIN', lastError: `node is on chain ${chainId}, expected ${this.o.chainId}` })
        return
      }
      const minedNonce = Number.parseInt(minedNonceHex!, 16)
      this.deps.store.raiseNonceFloor(this.o.chainId, this.o.sender, minedNonce)
      this.setHealth({ state: 'working', lastError: null })
      await this.settleMined(pending.filter((t) => t.nonce < minedNonce))
      const live = pending.filter((t) => t.nonce >= minedNonce)
      if (await this.closeGap(live, minedNonce)) return
      await this.sendUnknown(live)
      this.failures = 0
    } catch (e) {
      this.failures++
      const message = (e as Error).message
      this.setHealth({ state: 'paused', code: 'LEDGER_NODE_DOWN', lastError: message })
      if (this.failures === 1 || this.failures % 20 === 0) this.deps.log.warn('ledger submit pass failed', { error: e as Error, failures: this.failures })
    }
  }

  /** Transactions whose nonce the chain has passed: mined (read the receipt) or replaced (re-sign). */
  private async settleMined(done: PendingTx[]): Promise<void> {
    const changed: number[] = []
    for (const chunk of chunks(done, this.o.batchSize)) {
      const receipts = await this.deps.rpc.batch<RpcReceipt | null>(chunk.map((t) => ({ method: 'eth_getTransactionReceipt', params: [t.hash] })))
      for (let i = 0; i < chunk.length; i++) {
        const tx = chunk[i]!
        const receipt = receipts[i]
        if (receipt instanceof RpcError) throw receipt
        if (receipt) {
          const outcome =
            receipt.status === '0x1' ? ({ ok: true } as const) : { ok: false as const, ...(await revertReason(this.deps.rpc, receipt, this.disburseData(tx))) }
          this.deps.store.markMined(tx, minedOf(receipt), outcome)
          changed.push(tx.claimId)
          continue
        }
        const seen = await this.deps.rpc.request<{ blockNumber: string | null } | null>('eth_getTransactionByHash', [tx.hash])
        if (seen?.blockNumber) continue // mined but the receipt is not served yet: next pass
        this.deps.log.warn('outbox nonce taken by another transaction; re-signing the claim', { nonce: tx.nonce, claimId: tx.claimId })
        this.deps.store.resign(tx, (nonce) => this.deps.resign(tx.claimId, nonce))
        changed.push(tx.claimId)
      }
    }
    if (changed.length) this.deps.onClaimsChanged(changed)
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
    this.deps.log.warn('outbox nonce gap below pending transactions; re-signing them', { nodeNonce: minedNonce, lowest: live[0]!.nonce })
    this.deps.store.resignFrom(live, minedNonce, (tx, nonce) => this.deps.resign(tx.claimId, nonce))
    this.gapSince = null
    this.deps.onClaimsChanged(live.map((t) => t.claimId))
    return true
  }

  /** Sends never-sent transactions, and re-sends (same bytes) those the node no longer knows. */
  private async sendUnknown(live: PendingTx[]): Promise<void> {
    const now = Date.now()
    const due = live.filter((t) => t.attempts > 0 && now - (t.lastSentAt ?? 0) >= this.o.recheckAfterMs)
    const unknown = new Set<number>()
    const stillKnown: PendingTx[] = []
    for (const chunk of chunks(due, this.o.batchSize)) {
      const found = await this.deps.rpc.batch<unknown>(chunk.map((t) => ({ method: 'eth_getTransactionByHash', params: [t.hash] })))
      chunk.forEach((t, i) => {
        const f = found[i]
        if (f instanceof RpcError) throw f
        if (f === null) unknown.add(t.id)
        else stillKnown.push(t)
      })
    }
    if (stillKnown.length) this.deps.store.markSent(stillKnown.map((tx) => ({ tx, error: null, counted: false })))
    const window = (live[0]?.nonce ?? 0) + this.o.maxInFlight
    const toSend = live.filter((t) => (t.attempts === 0 || unknown.has(t.id)) && t.nonce < window)
    const changed: number[] = []
    for (const chunk of chunks(toSend, this.o.batchSize)) {
      const results = await this.deps.rpc.batch<string>(chunk.map((t) => ({ method: 'eth_sendRawTransaction', params: [t.raw] })))
      const sent = chunk.map((tx, i) => {
        const r = results[i]
        const error = r instanceof RpcError && !ALREADY_KNOWN.test(r.message) ? r.message : null
        return { tx, error, counted: true }
      })
      const errors = sent.filter((s) => s.error)
      if (errors.length) this.deps.log.warn('node refused outbox transactions', { count: errors.length, first: errors[0]!.error })
      changed.push(...this.deps.store.markSent(sent))
    }
    if (changed.length) this.deps.onClaimsChanged(changed)
  }

  private disburseData(tx: PendingTx): Hex {
    const claim = this.deps.store.claim(tx.claimId)!
    return reliefCalldata('disburse', [claim.entitlementId, claim.evidenceHash, claim.claimRef])
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
