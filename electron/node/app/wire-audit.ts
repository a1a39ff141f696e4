import { AuditService } from '../audit/audit-service'
import { runHallDemo } from '../audit/hall-demo'
import { loadPlaceNames } from '../audit/place-names/load-place-names'
import type { AppConfig } from '../config/config'
import type { Db } from '../db/database'
import type { EventBus } from '../ipc/event-bus'
import type { DurableHead } from '../ledger/durable-head'
import type { RpcClient } from '../ledger/rpc-client'
import type { Logger } from '../log/logger'
import type { Hex } from '../../common/ledger/hex'
import type { DisposeScope } from './dispose-scope'

/**
 * The public audit display's index: follows the contract's events from its
 * deployment block. In demo mode it also starts, in the background and once
 * per contract, the neighbouring townships' demo activity for the hall screen.
 * Place names for the screens are loaded first (demo gazetteer, HUIMIN_PLACES).
 */
export function wireAudit(
  config: AppConfig,
  db: Db,
  rpc: RpcClient,
  contract: Hex,
  startBlock: number,
  durableHead: DurableHead | undefined,
  log: Logger,
  bus: EventBus,
  scope: DisposeScope,
): AuditService {
  loadPlaceNames({ db, demo: config.demo, file: config.places, log: log.child('places') })
  const audit = new AuditService({ db, rpc, contract, startBlock, log: log.child('audit'), emit: (name, payload) => bus.emit(name, payload) })
  audit.start()
  const stopping = new AbortController()
  scope.add(() => {
    stopping.abort()
    return audit.dispose()
  })
  if (config.demo) {
    // Not awaited: start-up and the 'ready' stage never wait for it; it logs its own outcome.
    setImmediate(() => {
      if (stopping.signal.aborted) return
      const demo = { db, rpc, contract, chainId: config.ledger.chainId, blockTimeMs: config.ledger.blockTimeSec * 1000, durableHead, township: config.township }
      void runHallDemo({ ...demo, log: log.child('audit-demo'), signal: stopping.signal })
    })
  }
  return audit
}
