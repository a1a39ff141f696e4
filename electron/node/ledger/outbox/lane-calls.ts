/**
 * Contract calls through an outbox lane, awaited: queues them durably,
 * resolves with their receipts once every one is confirmed, throws if one
 * is rejected. For whoever needs the results before going on (the hall
 * demo's activity, tests, the benchmark); the kiosk and counter do not
 * wait, they follow their intents' changes.
 *
 *   const calls = new LaneCalls(lane, rpc)
 *   const [receipt] = await calls.send([{ fn: 'createProgram', args, gas: 300_000n }])
 *
 *   await withLaneCalls({ store, rpc, chainId, contract, log }, async (callsOf) => {
 *     await callsOf(operator).send(calls)   // one lane per key, stopped when done
 *   })
 */
import { AppError } from '../../../common/result'
import type { Hex } from '../../../common/ledger/hex'
import type { Logger } from '../../log/logger'
import { reliefCalldata } from '../contract/calls'
import type { TxReceipt } from '../contract/transact'
import type { DurableHead } from '../durable-head'
import type { TxSigner } from '../keys/signer'
import { RpcError, type RpcClient } from '../rpc-client'
import { OutboxLane } from './outbox-lane'
import type { OutboxStore } from './outbox-store'
import type { IntentRecord, OutboxPurpose } from './types'

export interface ContractCall {
  fn: string
  args: readonly unknown[]
  gas: bigint
}

/** Decided intents are looked for on each change of the lane, and at least this often (a change may come before we listen). */
const RECHECK_MS = 500

export class LaneCalls {
  constructor(
    private readonly lane: OutboxLane,
    private readonly rpc: RpcClient,
    private readonly purpose: OutboxPurpose = 'demo',
    /** Aborted when the app stops: a wait ends at once (what was queued stays queued). */
    private readonly signal?: AbortSignal,
  ) {}

  async send(calls: readonly ContractCall[], options: { timeoutMs?: number } = {}): Promise<TxReceipt[]> {
    const ids = this.lane.queue(calls.map((c) => ({ purpose: this.purpose, ref: c.fn, calldata: reliefCalldata(c.fn, c.args), gas: c.gas })))
    const intents = await this.decided(ids, options.timeoutMs ?? 120_000)
    const rejected = intents.find((i) => i.state === 'rejected')
    if (rejected)
      throw new AppError(
        'LEDGER_CALL_REJECTED',
        `${rejected.ref} in ${rejected.txHash} was rejected: ${rejected.rejectCode ?? ''} ${rejected.rejectDetail ?? ''}`.trim(),
      )
    return this.receipts(intents.map((i) => i.txHash))
  }

  private decided(ids: number[], timeoutMs: number): Promise<IntentRecord[]> {
    return new Promise((resolve, reject) => {
      const stop = () => finish(() => reject(new AppError('LEDGER_CALLS_STOPPED', 'stopped while waiting for the ledger')))
      const check = () => {
        const intents = ids.map((id) => this.lane.get(id)!)
        if (intents.every((i) => i.state !== 'pending')) finish(() => resolve(intents))
      }
      const timeout = setTimeout(() => {
        const left = ids.filter((id) => this.lane.get(id)!.state === 'pending').length
        finish(() => reject(new AppError('LEDGER_RECEIPT_TIMEOUT', `${left} of ${ids.length} transactions not confirmed in ${timeoutMs} ms`)))
      }, timeoutMs)
      const recheck = setInterval(check, RECHECK_MS)
      const unlisten = this.lane.onChange(check)
      this.signal?.addEventListener('abort', stop)
      const finish = (settle: () => void) => {
        clearTimeout(timeout)
        clearInterval(recheck)
        unlisten()
        this.signal?.removeEventListener('abort', stop)
        settle()
      }
      if (this.signal?.aborted) stop()
      else check()
    })
  }

  private async receipts(hashes: Hex[]): Promise<TxReceipt[]> {
    const out: TxReceipt[] = []
    for (let i = 0; i < hashes.length; i += this.rpc.maxBatch) {
      const answers = await this.rpc.batch<TxReceipt>(hashes.slice(i, i + this.rpc.maxBatch).map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] })))
      for (const a of answers) {
        if (a instanceof RpcError) throw a
        out.push(a)
      }
    }
    return out
  }
}

export interface LaneCallsOptions {
  store: OutboxStore
  rpc: RpcClient
  chainId: number
  contract: Hex
  log: Logger
  /** The chain's block period (0: an automining dev node). Default 1000. */
  blockTimeMs?: number
  /** The embedded node's saved head: nothing is confirmed beyond it (durable-head.ts). */
  durableHead?: DurableHead
  /** Stops the lanes and ends the waits (the app is shutting down; the database may close next). */
  signal?: AbortSignal
}

/** Runs `work` with awaited calls per signing key, each through its own lane of `store`; the lanes stop when it ends. */
export async function withLaneCalls<T>(o: LaneCallsOptions, work: (callsOf: (signer: TxSigner) => LaneCalls) => Promise<T>): Promise<T> {
  const lanes = new Map<Hex, OutboxLane>()
  const stopAll = () => Promise.all([...lanes.values()].map((l) => l.dispose()))
  const onAbort = () => void stopAll()
  o.signal?.addEventListener('abort', onAbort)
  const callsOf = (signer: TxSigner) => {
    if (o.signal?.aborted) throw new AppError('LEDGER_CALLS_STOPPED', 'stopped')
    let lane = lanes.get(signer.address)
    if (!lane) {
      lane = new OutboxLane({
        store: o.store,
        rpc: o.rpc,
        signer,
        chainId: o.chainId,
        target: o.contract,
        log: o.log,
        blockTimeMs: o.blockTimeMs,
        durableHead: o.durableHead,
      })
      lane.start()
      lanes.set(signer.address, lane)
    }
    return new LaneCalls(lane, o.rpc, 'demo', o.signal)
  }
  try {
    return await work(callsOf)
  } finally {
    o.signal?.removeEventListener('abort', onAbort)
    await stopAll()
  }
}
