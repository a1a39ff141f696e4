import path from 'node:path'
import type { Hex } from '../../common/ledger/hex'
import { type AppConfig, DEMO_REGIONAL_KEY } from '../config/config'
import type { Db } from '../db/database'
import type { EventBus } from '../ipc/event-bus'
import { type AnvilNode, startAnvil } from '../ledger/anvil-node'
import { readDeployment } from '../ledger/deployment'
import type { DurableHead } from '../ledger/durable-head'
import { ApprovalsByCommitment } from '../audit/approvals-by-commitment'
import { EntitlementIndex } from '../ledger/entitlement-index'
import { HeadMonitor } from '../ledger/head-monitor'
import { TERMINAL_KEY_FILE, loadOrCreateTerminalKey } from '../ledger/keys/key-store'
import { keysBox } from '../ledger/keys/keys-box'
import { type RegionalKeys, openRegionalKeys } from '../ledger/keys/regional-keys'
import type { SecretBox } from '../ledger/keys/secret-box'
import type { KeyCustody } from '../ledger/keys/key-custody'
import { LedgerService } from '../ledger/ledger-service'
import { RpcClient } from '../ledger/rpc-client'
import type { Logger } from '../log/logger'
import type { DisposeScope } from './dispose-scope'
import { outboxStatus } from './ledger-handlers'

export interface LedgerParts {
  anvil: AnvilNode | null
  rpc: RpcClient
  endpoints: string[]
  /**
   * The highest block the embedded node has saved (durable-head.ts): a claim
   * in a later block is not yet 已上链. Undefined with external nodes: no limit.
   */
  durableHead: DurableHead | undefined
  headMonitor: HeadMonitor
  box: SecretBox
  ledger: LedgerService
  index: EntitlementIndex
  contract: Hex
  deployBlock: number
  regionalKeys: RegionalKeys
}

/**
 * The ledger side: the embedded node (demo) or the consortium endpoints, the
 * head monitor, the terminal key sealed at rest, the contract (deployed and
 * seeded with demo data in demo mode) and the durable claim outbox.
 */
export async function wireLedger(config: AppConfig, db: Db, log: Logger, bus: EventBus, scope: DisposeScope, custody?: KeyCustody): Promise<LedgerParts> {
  let anvil: AnvilNode | null = null
  if (config.ledger.endpoints.length === 0) {
    anvil = await startAnvil({
      blockTimeSec: config.ledger.blockTimeSec,
      chainId: config.ledger.chainId,
      stateFile: path.join(config.dataDir, 'ledger', 'anvil-state.json'),
      log: log.child('ledger-node'),
    })
    scope.add(() => anvil!.dispose())
    log.info('embedded ledger node started', { url: anvil.url, pid: anvil.pid, durableHead: String(anvil.durableHead()) })
  }
  const endpoints = anvil ? [anvil.url] : config.ledger.endpoints
  const node = anvil
  const durableHead: DurableHead | undefined = node ? () => node.durableHead() : undefined
  const rpc = new RpcClient({ endpoints })
  const headMonitor = new HeadMonitor(rpc, config.ledger.blockTimeSec * 1000, (head) => bus.emit('ledger.head', head), log.child('ledger'))
  scope.add(() => headMonitor.dispose())
  headMonitor.start()
  await headMonitor.poll()

  const box = keysBox(config.ledger.keySecret, custody?.box ?? undefined, custody?.refused ?? undefined)
  const { signer, created, resealed } = loadOrCreateTerminalKey(path.join(config.dataDir, 'keys', TERMINAL_KEY_FILE), box)
  if (created) log.info('terminal key created', { address: signer.address })
  if (resealed) log.info('terminal key sealed again with the new key store', { box: box.kind })
  const regionalKeys = openRegionalKeys({
    db,
    box,
    offered: config.ledger.regionalKey,
    rotate: config.ledger.regionalKeyRotate,
    demoKey: config.demo ? DEMO_REGIONAL_KEY : null,
    log: log.child('keys'),
  })

  // Demo data is a module of its own, loaded only in demo mode: a production start never imports it.
  const deployment = config.demo
    ? await (
        await import('../ledger/demo-seed')
      ).seedDemoLedger({ rpc, db, log: log.child('demo'), terminal: signer.address, township: config.township, regionalKeys })
    : (readDeployment(db) ?? { contract: config.ledger.contract as Hex, chainId: config.ledger.chainId, deployBlock: 0 })
  const ledger = new LedgerService({
    db,
    rpc,
    signer,
    log: log.child('outbox'),
    chainId: config.ledger.chainId,
    contract: deployment.contract,
    township: config.township,
    blockTimeMs: config.ledger.blockTimeSec * 1000,
    durableHead,
  })
  ledger.onClaimChange((claim) => bus.emit('ledger.claim', claim))
  ledger.onHealth((health) => bus.emit('ledger.outbox', outboxStatus(ledger, health)))
  ledger.start()
  scope.add(() => ledger.dispose())
  const index = new EntitlementIndex({
    rpc,
    store: ledger.store,
    contract: deployment.contract,
    fromBlock: deployment.deployBlock,
    local: new ApprovalsByCommitment(db),
    durableHead,
    log: log.child('kiosk-index'),
  })
  return {
    anvil,
    rpc,
    endpoints,
    durableHead,
    headMonitor,
    box,
    ledger,
    index,
    contract: deployment.contract,
    deployBlock: deployment.deployBlock,
    regionalKeys,
  }
}
