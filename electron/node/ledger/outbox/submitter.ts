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
import { toQuantity } from '../../../common/ledger/hex'
import { reliefCalldata } from '../contract/calls'
import { EVENT_TOPICS, type RawLog } from '../contract/events'
import { RpcError, type RpcClient } from '../rpc-client'
import type { OutboxStore } from './outbox-store'
import { type RpcReceipt, minedOf, revertReason } from './receipts'
import type { Mined, PendingTx } from './types'

export interface SubmitterOptions {
  chainId: number
  /** The relief contract: its Disbursed events tell where claims landed. */
  contract: Hex
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
  private scannedBlock: number | null = null
  private headNonce: number | null = null
  private headSince = 0
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
      const [chainIdHex, minedNonceHex, latestHex] = await this.deps.rpc.batch<string>([
        { method: 'eth_chainId', params: [] },
        { method: 'eth_getTransactionCount', params: [this.o.sender, 'latest'] },
        { method: 'eth_blockNumber', params: [] },
      ])
      for (const r of [chainIdHex, minedNonceHex, latestHex]) if (r instanceof RpcError) throw r
      const chainId = Number.parseInt(chainIdHex as string, 16)
      if (chainId !== this.o.chainId) {
        this.failures++
        this.setHealth({ state: 'paused', code: 'LEDGER_WRONG_CHAIN', lastError: `node is on chain ${chainId}, expected ${this.o.chainId}` })
        return
      }
      const minedNonce = Number.parseInt(minedNonceHex as string, 16)
      this.deps.store.raiseNonceFloor(this.o.chainId, this.o.sender, minedNonce)
      this.setHealth({ state: 'working', lastError: null })
      const live = pending.filter((t) => t.nonce >= minedNonce)
      if (await this.closeGap(live, minedNonce)) return
      await this.sendUnknown(live)
      await this.settleMined(pending.filter((t) => t.nonce < minedNonce), Number.parseInt(latestHex as string, 16))
      this.failures = 0
    } catch (e) {
      this.failures++
      const message = (e as Error).message
      this.setHealth({ state: 'paused', code: 'LEDGER_NODE_DOWN', lastError: message })
      if (this.failures === 1 || this.failures % 20 === 0) this.deps.log.warn('ledger submit pass failed', { error: e as Error, failures: this.failures })
    }
  }

  /** Transactions whose nonce the chain has passed: mined (read the receipt) or replaced (re-sign). */
  private async settleMined(done: PendingTx[], latestBlock: number): Promise<void> {
    const changed: number[] = []
    const paid = await this.disbursedSince(done, latestBlock)
    for (const chunk of chunks(done, this.o.batchSize)) {
      const mined: Parameters<OutboxStore['markMined']>[0] = []
      const missing: PendingTx[] = []
      for (const tx of chunk) {
        const at = paid.get(tx.hash)
        if (at) mined.push({ tx, mined: at, outcome: { ok: true } })
        else missing.push(tx)
      }
      changed.push(...mined.map((m) => m.tx.claimId))
      const receipts = await this.deps.rpc.batch<RpcReceipt | null>(missing.map((t) => ({ method: 'eth_getTransactionReceipt', params: [t.hash] })))
      for (let i = 0; i < missing.length; i++) {
        const tx = missing[i]!
        const receipt = receipts[i]
        if (receipt instanceof RpcError) throw receipt
        if (receipt) {
          const outcome =
            receipt.status === '0x1' ? ({ ok: true } as const) : { ok: false as const, ...(await revertReason(this.deps.rpc, receipt, this.disburseData(tx))) }
          mined.push({ tx, mined: minedOf(receipt), outcome })
          changed.push(tx.claimId)
          continue
        }
        const seen = await this.deps.rpc.request<{ blockNumber: string | null } | null>('eth_getTransactionByHash', [tx.hash])
        if (seen?.blockNumber) continue // mined but the receipt is not served yet: next pass
        this.deps.log.warn('outbox nonce taken by another transaction; re-signing the claim', { nonce: tx.nonce, claimId: tx.claimId })
        this.deps.store.resign(tx, (nonce) => this.deps.resign(tx.claimId, nonce))
        changed.push(tx.claimId)
      }
      this.deps.store.markMined(mined)
    }
    if (changed.length) this.deps.onClaimsChanged(changed)
  }

  /**
   * Where our successful claims landed, from the contract's Disbursed events
   * filtered on this terminal (indexed), since the last pass with one block of
   * overlap. Logs are cheap where receipts are not (a node may rebuild a whole
   * block's receipts per lookup). Anything not found here (a revert, a taken
   * nonce, an older block) falls back to its receipt.
   */
  private async disbursedSince(done: PendingTx[], latestBlock: number): Promise<Map<Hex, Mined>> {
    const found = new Map<Hex, Mined>()
    const from = this.scannedBlock === null ? Math.max(0, latestBlock - 256) : this.scannedBlock
    if (done.length === 0) return found
    const logs = await this.deps.rpc.request<RawLog[]>('eth_getLogs', [
      { address: this.o.contract, fromBlock: toQuantity(from), toBlock: toQuantity(latestBlock), topics: [EVENT_TOPICS.Disbursed, null, null, senderTopic(this.o.sender)] },
    ])
    this.scannedBlock = latestBlock
    for (const log of logs) {
      if (log.removed || !log.transactionHash || !log.blockHash || !log.blockNumber) continue
      found.set(log.transactionHash.toLowerCase() as Hex, {
        blockNumber: Number.parseInt(log.blockNumber, 16),
        blockHash: log.blockHash.toLowerCase() as Hex,
        txIndex: Number.parseInt((log as RawLog & { transactionIndex?: string }).transactionIndex ?? '0x0', 16),
      })
    }
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
    this.deps.log.warn('outbox nonce gap below pending transactions; re-signing them', { nodeNonce: minedNonce, lowest: live[0]!.nonce })
    this.deps.store.resignFrom(live, minedNonce, (tx, nonce) => this.deps.resign(tx.claimId, nonce))
    this.gapSince = null
    this.deps.onClaimsChanged(live.map((t) => t.claimId))
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
  private async sendUnknown(live: PendingTx[]): Promise<void> {
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

function senderTopic(address: Hex): Hex {
  return `0x${address.slice(2).toLowerCase().padStart(64, '0')}`
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
