/**
 * Sends many pre-signed contract transactions from one account quickly:
 * consecutive nonces, fixed gas, JSON-RPC batches of 100, then waits for
 * every receipt. For demo activity, tests and the benchmark (operator or
 * synthetic traffic); beneficiary claims go through the ledger outbox.
 */
import { AppError } from '../../common/result'
import { type Hex, fromQuantity } from '../../common/ledger/hex'
import { reliefCalldata } from '../ledger/contract/calls'
import type { TxReceipt } from '../ledger/contract/transact'
import type { TxSigner } from '../ledger/keys/signer'
import type { RpcClient } from '../ledger/rpc-client'

export interface BulkCall {
  fn: string
  args: readonly unknown[]
  gas: bigint
}

export class BulkSender {
  private nonce: number | null = null
  private chainId: number | null = null

  constructor(
    private readonly rpc: RpcClient,
    private readonly signer: TxSigner,
    private readonly contract: Hex,
    /** Nudge an automining dev node (anvil) when transactions wait in its pool with no new arrivals. */
    private readonly automine = true,
  ) {}

  /** Sends the calls in order; resolves with their receipts once all are mined; throws if any reverted. */
  async send(calls: readonly BulkCall[], options: { timeoutMs?: number } = {}): Promise<TxReceipt[]> {
    this.chainId ??= Number(fromQuantity(await this.rpc.request<string>('eth_chainId')))
    this.nonce ??= Number(fromQuantity(await this.rpc.request<string>('eth_getTransactionCount', [this.signer.address, 'pending'])))
    const signed = calls.map((c) =>
      this.signer.sign({
        type: 'eip1559',
        chainId: this.chainId!,
        nonce: this.nonce!++,
        gas: c.gas,
        to: this.contract,
        value: 0n,
        data: reliefCalldata(c.fn, c.args),
        maxFeePerGas: 0n,
        maxPriorityFeePerGas: 0n,
      }),
    )
    for (const chunk of chunks(signed, 100, 2_000_000)) {
      const answers = await this.rpc.batch(chunk.map((s) => ({ method: 'eth_sendRawTransaction', params: [s.raw] })))
      const failed = answers.find((a) => a instanceof Error)
      if (failed) {
        this.nonce = null
        throw failed
      }
    }
    return this.receipts(signed, calls, options.timeoutMs ?? 120_000)
  }

  private async receipts(signed: { raw: Hex; hash: Hex }[], calls: readonly BulkCall[], timeoutMs: number): Promise<TxReceipt[]> {
    const hashes = signed.map((s) => s.hash)
    const out: (TxReceipt | null)[] = hashes.map(() => null)
    let lastResend = Date.now()
    const deadline = Date.now() + timeoutMs
    let next = 0
    while (next < hashes.length) {
      const chunk = hashes.slice(next, next + 200)
      const answers = await this.rpc.batch<TxReceipt | null>(chunk.map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] })))
      let progressed = 0
      for (const a of answers) {
        if (a instanceof Error) throw a
        if (!a) break
        if (a.status !== '0x1') throw new AppError('LEDGER_BULK_REVERTED', `${calls[next + progressed]!.fn} in ${a.transactionHash} reverted`)
        out[next + progressed] = a
        progressed++
      }
      next += progressed
      if (progressed < chunk.length) {
        if (Date.now() > deadline) throw new AppError('LEDGER_RECEIPT_TIMEOUT', `${hashes.length - next} transactions not mined in time`)
        // A node may drop accepted transactions from its pool: send again, same bytes, what it no longer knows.
        if (Date.now() - lastResend > 300) {
          lastResend = Date.now()
          await this.resendForgotten(signed.slice(next, next + 100))
        }
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    return out as TxReceipt[]
  }

  private async resendForgotten(txs: { raw: Hex; hash: Hex }[]): Promise<void> {
    const known = await this.rpc.batch(txs.map((t) => ({ method: 'eth_getTransactionByHash', params: [t.hash] })))
    const forgotten = txs.filter((_, i) => known[i] === null)
    if (forgotten.length) await this.rpc.batch(forgotten.map((t) => ({ method: 'eth_sendRawTransaction', params: [t.raw] })))
    // An automining anvil mines when a transaction arrives; what did not fit the block waits for the next arrival.
    else if (this.automine) await this.rpc.batch([{ method: 'evm_mine', params: [] }])
  }
}

/** At most `count` transactions and about `chars` characters of hex per HTTP request (nodes cap request bodies). */
function chunks<T extends { raw: string }>(items: T[], count: number, chars: number): T[][] {
  const out: T[][] = []
  let current: T[] = []
  let size = 0
  for (const item of items) {
    if (current.length && (current.length >= count || size + item.raw.length > chars)) {
      out.push(current)
      current = []
      size = 0
    }
    current.push(item)
    size += item.raw.length
  }
  if (current.length) out.push(current)
  return out
}
