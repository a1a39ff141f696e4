import type { LedgerOutboxStatus } from '../../common/contract/ledger'
import type { Handler } from '../ipc/dispatcher'
import { reliefCalldata, decodeReliefResult } from '../ledger/contract/calls'
import type { LedgerService } from '../ledger/ledger-service'
import type { SubmitterHealth } from '../ledger/outbox/submitter'
import type { RpcClient } from '../ledger/rpc-client'

export interface LedgerDeps {
  ledger: LedgerService
  rpc: RpcClient
  township: string
  chainId: number
}

export function outboxStatus(ledger: LedgerService, health: SubmitterHealth = ledger.health()): LedgerOutboxStatus {
  return {
    state: health.state,
    code: health.state === 'paused' ? health.code : null,
    lastError: health.lastError,
    counts: ledger.store.counts(),
  }
}

export function createLedgerHandlers(deps: LedgerDeps): {
  'ledger.terminal': Handler<'ledger.terminal'>
  'ledger.outbox': Handler<'ledger.outbox'>
  'ledger.claimStatus': Handler<'ledger.claimStatus'>
  'ledger.queue': Handler<'ledger.queue'>
  'ledger.retry': Handler<'ledger.retry'>
} {
  const { ledger } = deps
  return {
    'ledger.terminal': async () => {
      let registeredTownship: string | null = null
      try {
        const data = await deps.rpc.request<`0x${string}`>('eth_call', [
          { to: ledger.contract, data: reliefCalldata('terminalTownship', [ledger.address]) },
          'latest',
        ])
        const town = decodeReliefResult('terminalTownship', data)['0'] as bigint
        registeredTownship = town === 0n ? null : town.toString()
      } catch {
        // Node unreachable: unknown, shown as not registered.
      }
      return { address: ledger.address, township: deps.township, contract: ledger.contract, chainId: deps.chainId, registeredTownship }
    },
    'ledger.outbox': () => outboxStatus(ledger),
    'ledger.claimStatus': ({ claimNumber }) => ledger.byClaimNumber(claimNumber),
    'ledger.queue': () => ledger.queue(),
    'ledger.retry': ({ claimId }) => ledger.retry(claimId),
  }
}
