/**
 * "Verified on ledger": re-reads each step's transaction receipt and block
 * from the node at the moment of asking, and checks the receipt's log is the
 * very event the index holds (contract, event, entitlement id, log index, and
 * a block that is still on the canonical chain). Nothing here reads the index.
 */
import type { TraceStep, TraceVerification, VerifiedStep } from '../../common/contract/audit'
import { type Hex, toQuantity } from '../../common/ledger/hex'
import { EVENT_TOPICS } from '../ledger/contract/events'
import type { TxReceipt } from '../ledger/contract/transact'
import type { RpcClient } from '../ledger/rpc-client'
import type { RpcBlockHeader } from './log-source'

const STEP_TOPIC: Record<TraceStep['step'], Hex> = {
  approved: EVENT_TOPICS.EntitlementApproved,
  paid: EVENT_TOPICS.Disbursed,
  settled: EVENT_TOPICS.Settled,
  revoked: EVENT_TOPICS.EntitlementRevoked,
}

export async function verifySteps(rpc: RpcClient, contract: Hex, entitlementId: Hex | null, steps: TraceStep[]): Promise<TraceVerification> {
  const checkedAt = Date.now()
  if (steps.length === 0) return { verified: false, checkedAt, headBlock: null, steps: [] }
  let answers: unknown[]
  try {
    answers = await rpc.batch<unknown>([
      { method: 'eth_blockNumber', params: [] },
      ...steps.map((s) => ({ method: 'eth_getTransactionReceipt', params: [s.txHash] })),
      ...steps.map((s) => ({ method: 'eth_getBlockByNumber', params: [toQuantity(s.block), false] })),
    ])
  } catch (e) {
    const reason = (e as Error).message
    return { verified: false, checkedAt, headBlock: null, steps: steps.map((s) => ({ ...s, verdict: 'unreachable', confirmations: null, reason })) }
  }
  const head = typeof answers[0] === 'string' ? Number.parseInt(answers[0], 16) : null
  const out: VerifiedStep[] = steps.map((s, i) => {
    const receipt = answers[1 + i]
    const block = answers[1 + steps.length + i]
    if (receipt instanceof Error || block instanceof Error)
      return { ...s, verdict: 'unreachable', confirmations: null, reason: (receipt instanceof Error ? receipt : (block as Error)).message }
    return judge(s, receipt as TxReceipt | null, block as RpcBlockHeader | null, contract, entitlementId, head)
  })
  return { verified: out.every((s) => s.verdict === 'verified'), checkedAt, headBlock: head, steps: out }
}

function judge(
  step: TraceStep,
  receipt: (TxReceipt & { blockHash?: string }) | null,
  block: RpcBlockHeader | null,
  contract: Hex,
  entitlementId: Hex | null,
  head: number | null,
): VerifiedStep {
  const result = (verdict: VerifiedStep['verdict'], reason: string | null): VerifiedStep => ({
    ...step,
    verdict,
    confirmations: verdict === 'verified' && head !== null ? head - step.block : null,
    reason,
  })
  if (!receipt) return result('missing', 'the node has no receipt for this transaction')
  if (receipt.status !== '0x1') return result('mismatch', 'the transaction reverted')
  if (Number.parseInt(receipt.blockNumber, 16) !== step.block) return result('mismatch', 'the transaction is in another block')
  if (!block || (receipt.blockHash && block.hash.toLowerCase() !== receipt.blockHash.toLowerCase()))
    return result('mismatch', 'the block is no longer on the canonical chain')
  const log = receipt.logs.find((l) => Number.parseInt(l.logIndex, 16) === step.logIndex)
  if (!log) return result('mismatch', 'the receipt has no log at this index')
  if (log.address.toLowerCase() !== contract.toLowerCase()) return result('mismatch', 'the log comes from another contract')
  if (log.topics[0]?.toLowerCase() !== STEP_TOPIC[step.step]) return result('mismatch', 'the log is another event')
  if (entitlementId && log.topics[1]?.toLowerCase() !== entitlementId.toLowerCase()) return result('mismatch', 'the log names another entitlement')
  return result('verified', null)
}
