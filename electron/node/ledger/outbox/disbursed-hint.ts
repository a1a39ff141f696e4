/**
 * Where a terminal's successful claims landed, from the relief contract's
 * Disbursed events filtered on the terminal (an indexed topic): one log query
 * per pass instead of a receipt per claim.
 */
import type { Hex } from '../../../common/ledger/hex'
import { toQuantity } from '../../../common/ledger/hex'
import { EVENT_TOPICS, type RawLog } from '../contract/events'
import type { RpcClient } from '../rpc-client'
import type { MinedHint } from './submitter'
import type { Mined } from './types'

export function disbursedBy(rpc: RpcClient, contract: Hex, terminal: Hex): MinedHint {
  const terminalTopic = `0x${terminal.slice(2).toLowerCase().padStart(64, '0')}`
  return async (fromBlock, toBlock) => {
    const logs = await rpc.request<(RawLog & { transactionIndex?: string })[]>('eth_getLogs', [
      { address: contract, fromBlock: toQuantity(fromBlock), toBlock: toQuantity(toBlock), topics: [EVENT_TOPICS.Disbursed, null, null, terminalTopic] },
    ])
    const found = new Map<Hex, Mined>()
    for (const log of logs) {
      if (log.removed || !log.transactionHash || !log.blockHash || !log.blockNumber) continue
      found.set(log.transactionHash.toLowerCase() as Hex, {
        blockNumber: Number.parseInt(log.blockNumber, 16),
        blockHash: log.blockHash.toLowerCase() as Hex,
        txIndex: Number.parseInt(log.transactionIndex ?? '0x0', 16),
      })
    }
    return found
  }
}
