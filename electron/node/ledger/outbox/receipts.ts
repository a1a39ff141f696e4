/** Receipt reading and revert-reason recovery for mined outbox transactions. */
import type { Hex } from '../../../common/ledger/hex'
import { isHex, toQuantity } from '../../../common/ledger/hex'
import { reliefErrorCode } from '../../../common/ledger/relief-errors'
import { decodeReliefRevert, revertFromRpcError } from '../contract/revert-error'
import type { RpcClient } from '../rpc-client'
import type { Mined } from './types'

export interface RpcReceipt {
  transactionHash: string
  status: string
  blockNumber: string
  blockHash: string
  transactionIndex: string
  from: string
  to: string | null
}

export const minedOf = (r: RpcReceipt): Mined => ({
  blockNumber: Number.parseInt(r.blockNumber, 16),
  blockHash: r.blockHash.toLowerCase() as Hex,
  txIndex: Number.parseInt(r.transactionIndex, 16),
})

/**
 * Why a mined transaction reverted: the call tracer's output when the node
 * has one (anvil, geth, Besu with DEBUG), else a replay of the call on the
 * parent block. Returns a stable code and a detail line.
 */
export async function revertReason(rpc: RpcClient, receipt: RpcReceipt, data: Hex): Promise<{ code: string; detail: string }> {
  try {
    const trace = await rpc.request<{ output?: string; error?: string }>('debug_traceTransaction', [receipt.transactionHash, { tracer: 'callTracer' }])
    if (isHex(trace.output) && trace.output.length >= 10) {
      const revert = decodeReliefRevert(trace.output)
      return { code: reliefErrorCode(revert.name), detail: describe(revert.name, revert.args) }
    }
  } catch {
    // Tracer unavailable: fall back to a replay.
  }
  try {
    await rpc.request('eth_call', [{ from: receipt.from, to: receipt.to, data }, toQuantity(Number.parseInt(receipt.blockNumber, 16) - 1)])
  } catch (e) {
    const revert = revertFromRpcError(e, 'disburse')
    if (revert) return { code: revert.code, detail: describe(revert.revert.name, revert.revert.args) }
  }
  return { code: 'LEDGER_REVERTED', detail: 'reverted without a recoverable reason' }
}

function describe(name: string, args: Record<string, unknown>): string {
  const parts = Object.entries(args).map(([k, v]) => `${k}=${String(v)}`)
  return parts.length ? `${name}(${parts.join(', ')})` : name
}
