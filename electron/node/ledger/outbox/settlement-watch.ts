/**
 * Moves confirmed claims to settled when the bank's Settled event appears,
 * by asking the node for Settled logs of exactly those entitlements.
 */
import type { Hex } from '../../../common/ledger/hex'
import { toQuantity } from '../../../common/ledger/hex'
import { EVENT_TOPICS, type RawLog, decodeReliefLog } from '../contract/events'
import type { RpcClient } from '../rpc-client'
import type { ClaimStore } from './claim-store'

export async function watchSettlements(rpc: RpcClient, store: ClaimStore, contract: Hex): Promise<number[]> {
  const open = store.confirmedUnsettled(contract, 100)
  if (open.length === 0) return []
  const logs = await rpc.request<RawLog[]>('eth_getLogs', [
    {
      address: contract,
      fromBlock: toQuantity(Math.min(...open.map((o) => o.blockNumber))),
      toBlock: 'latest',
      topics: [EVENT_TOPICS.Settled, open.map((o) => o.entitlementId)],
    },
  ])
  const changed: number[] = []
  for (const log of logs) {
    const event = decodeReliefLog(log)
    if (event?.name !== 'Settled' || event.removed) continue
    const id = store.markSettled(event.args.entitlementId, contract, event.args.bankRef)
    if (id !== null) changed.push(id)
  }
  return changed
}
