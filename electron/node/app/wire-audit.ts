import { AuditService } from '../audit/audit-service'
import type { Db } from '../db/database'
import type { EventBus } from '../ipc/event-bus'
import type { RpcClient } from '../ledger/rpc-client'
import type { Logger } from '../log/logger'
import type { Hex } from '../../common/ledger/hex'
import type { DisposeScope } from './dispose-scope'

/** The public audit display's index: follows the contract's events from its deployment block. */
export function wireAudit(db: Db, rpc: RpcClient, contract: Hex, startBlock: number, log: Logger, bus: EventBus, scope: DisposeScope): AuditService {
  const audit = new AuditService({ db, rpc, contract, startBlock, log: log.child('audit'), emit: (name, payload) => bus.emit(name, payload as never) })
  audit.start()
  scope.add(() => audit.dispose())
  return audit
}
