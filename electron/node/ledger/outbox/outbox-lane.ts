/**
 * One signing key's way to the chain: intents are signed and stored through
 * the shared outbox store, and a submitter moves them. Every sender (the
 * kiosk's terminal key, the counter's operator and station keys) gets one
 * lane; their nonces never collide because each lane owns its sender.
 *
 *   const lane = new OutboxLane({ store, rpc, signer, chainId, target: contract, log })
 *   lane.start()
 *   const [id] = lane.queue([{ purpose: 'approve', ref, calldata, gas }], (ids) => linkRows(ids))
 *   lane.onChange((ids) => …)
 *   await lane.dispose()
 */
import type { Hex } from '../../../common/ledger/hex'
import type { SignedTx } from '../../../common/ledger/sign'
import { fromQuantity } from '../../../common/ledger/hex'
import type { Logger } from '../../log/logger'
import type { DurableHead } from '../durable-head'
import type { TxSigner } from '../keys/signer'
import { RpcError, type RpcClient } from '../rpc-client'
import type { IntentCall, Lane, OutboxStore } from './outbox-store'
import { type MinedHint, Submitter, type SubmitterHealth, type SubmitterOptions } from './submitter'
import type { IntentRecord, IntentState, NewIntent, OutboxPurpose } from './types'

export interface OutboxLaneOptions {
  store: OutboxStore
  rpc: RpcClient
  signer: TxSigner
  chainId: number
  /** The contract every intent of the lane calls. */
  target: Hex
  log: Logger
  /** Consortium chains run a zero base fee, so 0 by default. */
  maxFeePerGas?: bigint
  maxPriorityFeePerGas?: bigint
  /**
   * The chain's block period; paces the submitter. Default 1000. 0 means an
   * automining dev node: a smaller in-flight window, because flooding one
   * makes it stall with transactions it will never mine.
   */
  blockTimeMs?: number
  minedHint?: MinedHint
  /** The embedded node's saved head (durable-head.ts): nothing is confirmed beyond it. */
  durableHead?: DurableHead
  submitter?: Partial<SubmitterOptions>
}

export class OutboxLane {
  readonly lane: Lane
  private readonly submitter: Submitter
  private readonly changeListeners = new Set<(intentIds: number[]) => void>()
  private readonly healthListeners = new Set<(health: SubmitterHealth) => void>()

  constructor(private readonly o: OutboxLaneOptions) {
    this.lane = { chainId: o.chainId, sender: o.signer.address.toLowerCase() as Hex, target: o.target.toLowerCase() as Hex }
    const automine = o.blockTimeMs === 0
    const blockMs = automine ? 500 : (o.blockTimeMs ?? 1000)
    this.submitter = new Submitter(
      {
        rpc: o.rpc,
        store: o.store,
        lane: this.lane,
        sign: (call, nonce) => this.sign(call, nonce),
        log: o.log,
        minedHint: o.minedHint,
        durableHead: o.durableHead,
        onChanged: (ids) => this.changeListeners.forEach((l) => l(ids)),
        onHealth: (h) => this.healthListeners.forEach((l) => l(h)),
      },
      {
        pollMs: blockMs / 2,
        recheckAfterMs: blockMs * 3,
        gapGraceMs: blockMs * 10,
        batchSize: o.rpc.maxBatch, // one HTTP request per batch: nodes cap the calls in one
        maxInFlight: automine ? 500 : 16_384,
        maxBackoffMs: 15_000,
        ...o.submitter,
      },
    )
  }

  get sender(): Hex {
    return this.o.signer.address
  }

  start(): void {
    this.submitter.start()
  }

  /**
   * Signs the calls at consecutive nonces and stores them in one SQLite
   * transaction; `afterInsert` runs inside it (to link the caller's rows to
   * the intent ids; a throw there stores nothing). Durable when it returns.
   */
  queue(items: NewIntent[], afterInsert?: (ids: number[]) => void): number[] {
    const ids = this.o.store.queue(this.lane, items, (call, nonce) => this.sign(call, nonce), afterInsert)
    this.submitter.wake()
    return ids
  }

  /** Learns the node's next nonce for this key (best effort), so new transactions start there even if another tool used the key. */
  async syncNonce(): Promise<void> {
    try {
      const pool = Number(fromQuantity(await this.o.rpc.request<string>('eth_getTransactionCount', [this.sender, 'pending'])))
      this.o.store.raiseNonceFloor(this.lane.chainId, this.lane.sender, pool)
    } catch (e) {
      if (!(e instanceof RpcError)) throw e
    }
  }

  list(filter: { purpose?: OutboxPurpose; states?: IntentState[]; limit?: number } = {}): IntentRecord[] {
    return this.o.store.intents(this.lane.chainId, this.lane.sender, filter)
  }

  /** An intent of this lane, or null. */
  get(id: number): IntentRecord | null {
    const intent = this.o.store.intent(id)
    return intent && intent.sender === this.lane.sender && intent.chainId === this.lane.chainId ? intent : null
  }

  onChange(listener: (intentIds: number[]) => void): () => void {
    this.changeListeners.add(listener)
    return () => this.changeListeners.delete(listener)
  }

  health(): SubmitterHealth {
    return this.submitter.currentHealth
  }

  onHealth(listener: (health: SubmitterHealth) => void): () => void {
    this.healthListeners.add(listener)
    return () => this.healthListeners.delete(listener)
  }

  /** Run a pass now. */
  wake(): void {
    this.submitter.wake()
  }

  /** One pass; resolves when done. */
  flush(): Promise<void> {
    return this.submitter.runOnce()
  }

  async dispose(): Promise<void> {
    await this.submitter.dispose()
    this.changeListeners.clear()
    this.healthListeners.clear()
  }

  private sign(call: IntentCall, nonce: number): SignedTx {
    return this.o.signer.sign({
      type: 'eip1559',
      chainId: this.lane.chainId,
      nonce,
      gas: call.gas,
      maxFeePerGas: this.o.maxFeePerGas ?? 0n,
      maxPriorityFeePerGas: this.o.maxPriorityFeePerGas ?? 0n,
      to: call.target,
      value: 0n,
      data: call.calldata,
    })
  }
}
