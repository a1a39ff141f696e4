/**
 * Direct, wait-for-receipt contract transactions for operator work (deploy,
 * roles, programs, approvals: CLI, demo seed, tests). Beneficiary claims do
 * NOT go through here: they go through the durable outbox.
 */
import { AppError } from '../../../common/result'
import { type Hex, fromQuantity, toQuantity } from '../../../common/ledger/hex'
import type { UnsignedTx } from '../../../common/ledger/tx'
import type { TxSigner } from '../keys/signer'
import { RpcError, type RpcClient } from '../rpc-client'
import { decodeReliefResult, reliefCalldata } from './calls'
import { LedgerRevertError, decodeReliefRevert, revertFromRpcError } from './revert-error'

export interface TxReceipt {
  transactionHash: Hex
  status: Hex
  blockNumber: Hex
  transactionIndex: Hex
  contractAddress: Hex | null
  gasUsed: Hex
  logs: { address: string; topics: string[]; data: string; blockNumber: string; blockHash: string; transactionHash: string; logIndex: string }[]
}

export interface ContractCall {
  fn: string
  args: readonly unknown[]
}

export interface TransactorOptions {
  /** How long to wait for a receipt. */
  receiptTimeoutMs?: number
  pollMs?: number
}

export class ContractTransactor {
  private chainId: number | null = null
  private nextNonce: number | null = null

  constructor(
    private readonly rpc: RpcClient,
    private readonly signer: TxSigner,
    private readonly options: TransactorOptions = {},
  ) {}

  get address(): Hex {
    return this.signer.address
  }

  async deploy(bytecode: Hex): Promise<{ address: Hex; receipt: TxReceipt }> {
    const receipt = await this.send(null, bytecode, 'deploy')
    if (!receipt.contractAddress) throw new AppError('LEDGER_DEPLOY_FAILED', 'deployment receipt has no contract address')
    return { address: receipt.contractAddress.toLowerCase() as Hex, receipt }
  }

  /** Calls a contract function in a transaction and waits for its receipt; reverts throw LedgerRevertError. */
  transact(contract: Hex, fn: string, args: readonly unknown[]): Promise<TxReceipt> {
    return this.send(contract, reliefCalldata(fn, args), fn)
  }

  /** eth_call of a view function; returns its named outputs. */
  async view(contract: Hex, fn: string, args: readonly unknown[]): Promise<Record<string, unknown>> {
    try {
      const data = await this.rpc.request<Hex>('eth_call', [{ from: this.signer.address, to: contract, data: reliefCalldata(fn, args) }, 'latest'])
      return decodeReliefResult(fn, data)
    } catch (e) {
      throw revertFromRpcError(e, fn) ?? e
    }
  }

  /**
   * Sends independent calls back to back, then waits for all receipts (one
   * block instead of one block per call). Each call's gas is estimated
   * against the current state, so no call may depend on another in the list.
   */
  transactAll(contract: Hex, calls: readonly ContractCall[]): Promise<TxReceipt[]> {
    return this.sendAll(contract, calls, 'latest')
  }

  /**
   * Like transactAll, but each call's gas is estimated against the node's
   * pending state, so a call may depend on the ones sent before it (a
   * programme funded right after it is created). Anvil estimates on its
   * pool; a node that treats `pending` as `latest` refuses a dependent call
   * with the revert it sees there, so nothing is sent blind.
   */
  transactInOrder(contract: Hex, calls: readonly ContractCall[]): Promise<TxReceipt[]> {
    return this.sendAll(contract, calls, 'pending')
  }

  private async sendAll(contract: Hex, calls: readonly ContractCall[], estimateAt: 'latest' | 'pending'): Promise<TxReceipt[]> {
    const sent: { hash: Hex; data: Hex; fn: string }[] = []
    for (const c of calls) {
      const data = reliefCalldata(c.fn, c.args)
      sent.push({ hash: await this.submit(contract, data, c.fn, estimateAt), data, fn: c.fn })
    }
    const receipts: TxReceipt[] = []
    for (const s of sent) {
      const receipt = await this.waitForReceipt(s.hash)
      if (receipt.status !== '0x1') throw await this.replayRevert(contract, s.data, receipt, s.fn)
      receipts.push(receipt)
    }
    return receipts
  }

  private async send(to: Hex | null, data: Hex, context: string): Promise<TxReceipt> {
    const receipt = await this.waitForReceipt(await this.submit(to, data, context))
    if (receipt.status !== '0x1') throw await this.replayRevert(to, data, receipt, context)
    return receipt
  }

  private async submit(to: Hex | null, data: Hex, context: string, estimateAt: 'latest' | 'pending' = 'latest'): Promise<Hex> {
    const chainId = (this.chainId ??= Number(fromQuantity(await this.rpc.request<string>('eth_chainId'))))
    let gas: bigint
    try {
      gas = fromQuantity(await this.rpc.request<string>('eth_estimateGas', [{ from: this.signer.address, to: to ?? undefined, data }, estimateAt]))
    } catch (e) {
      throw revertFromRpcError(e, context) ?? e
    }
    const fees = await this.fees()
    const nonce = (this.nextNonce ??= Number(fromQuantity(await this.rpc.request<string>('eth_getTransactionCount', [this.signer.address, 'pending']))))
    const tx: UnsignedTx = { type: 'eip1559', chainId, nonce, gas: (gas * 12n) / 10n + 10_000n, to, value: 0n, data, ...fees }
    const signed = this.signer.sign(tx)
    try {
      await this.rpc.request('eth_sendRawTransaction', [signed.raw])
    } catch (e) {
      this.nextNonce = null
      throw e
    }
    this.nextNonce = nonce + 1
    return signed.hash
  }

  private async fees(): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
    const block = await this.rpc.request<{ baseFeePerGas?: string }>('eth_getBlockByNumber', ['latest', false])
    const baseFee = block.baseFeePerGas ? fromQuantity(block.baseFeePerGas) : 0n
    if (baseFee === 0n) return { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }
    const tip = fromQuantity(await this.rpc.request<string>('eth_maxPriorityFeePerGas'))
    return { maxFeePerGas: baseFee * 2n + tip, maxPriorityFeePerGas: tip }
  }

  private async waitForReceipt(hash: Hex): Promise<TxReceipt> {
    const deadline = Date.now() + (this.options.receiptTimeoutMs ?? 60_000)
    for (;;) {
      const receipt = await this.rpc.request<TxReceipt | null>('eth_getTransactionReceipt', [hash])
      if (receipt) return receipt
      if (Date.now() > deadline) throw new AppError('LEDGER_RECEIPT_TIMEOUT', `no receipt for ${hash} within the timeout`)
      await new Promise((r) => setTimeout(r, this.options.pollMs ?? 100))
    }
  }

  /** A mined revert carries no reason; replaying the call at its block recovers the custom error. */
  private async replayRevert(to: Hex | null, data: Hex, receipt: TxReceipt, context: string): Promise<Error> {
    try {
      await this.rpc.request('eth_call', [{ from: this.signer.address, to: to ?? undefined, data }, toQuantity(fromQuantity(receipt.blockNumber) - 1n)])
    } catch (e) {
      const revert = revertFromRpcError(e, context)
      if (revert) return revert
    }
    return new LedgerRevertError(decodeReliefRevert('0x'), context)
  }
}

export { LedgerRevertError, RpcError }
