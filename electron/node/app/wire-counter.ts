import path from 'node:path'
import { demoCards } from './demo-cards'
import type { DeviceManager } from '../../../hardware/device-manager'
import { parseSecretKey } from '../../common/ledger/sign'
import type { AppConfig } from '../config/config'
import { type CounterApp, createCounter } from '../counter/counter-app'
import { deviceCardReader } from '../counter/device-card-reader'
import type { Db } from '../db/database'
import type { EventBus } from '../ipc/event-bus'
import { DEMO_ADMIN_KEY } from '../ledger/dev-accounts'
import { loadOrCreateTerminalKey } from '../ledger/keys/key-store'
import type { RegionalKeys } from '../ledger/keys/regional-keys'
import type { SecretBox } from '../ledger/keys/secret-box'
import { type TxSigner, createSigner } from '../ledger/keys/signer'
import type { LedgerService } from '../ledger/ledger-service'
import type { RpcClient } from '../ledger/rpc-client'
import type { Logger } from '../log/logger'
import type { ReceiptJobService } from '../printing/receipt-job-service'
import type { DisposeScope } from './dispose-scope'

/** The keys the counter signs with besides the kiosk's: the station (a terminal, for day closes) and the operator (approvals). */
export function counterKeys(config: AppConfig, box: SecretBox): { station: TxSigner; operator: TxSigner } {
  const station = loadOrCreateTerminalKey(path.join(config.dataDir, 'keys', 'counter-station-key.json'), box).signer
  // Demo: anvil's first dev account holds ADMIN and APPROVER. Elsewhere the township's own approver key, granted APPROVER by the platform admin.
  const operator = config.demo
    ? createSigner(parseSecretKey(DEMO_ADMIN_KEY))
    : loadOrCreateTerminalKey(path.join(config.dataDir, 'keys', 'operator-key.json'), box).signer
  return { station, operator }
}

export interface CounterWiring {
  config: AppConfig
  db: Db
  rpc: RpcClient
  log: Logger
  bus: EventBus
  scope: DisposeScope
  ledger: LedgerService
  box: SecretBox
  regionalKeys: RegionalKeys
  devices: DeviceManager
  receipts: ReceiptJobService
  keys: { station: TxSigner; operator: TxSigner }
}

/** The staff counter's services; demo mode seeds the three staff cards (PIN 123456) and the township's villages. */
export async function wireCounter(w: CounterWiring): Promise<CounterApp> {
  const counter = createCounter({
    db: w.db,
    rpc: w.rpc,
    log: w.log,
    config: w.config,
    contract: w.ledger.contract,
    ledger: w.ledger,
    box: w.box,
    regionalKeys: w.regionalKeys,
    cards: deviceCardReader(w.devices),
    printer: w.receipts,
    kioskAddress: w.ledger.address,
    operatorSigner: w.keys.operator,
    stationSigner: w.keys.station,
    blockTimeMs: w.config.ledger.blockTimeSec * 1000,
    onProgress: (p) => w.bus.emit('counter.progress', p),
  })
  counter.start()
  w.scope.add(() => counter.dispose())
  if (w.config.demo) await counter.seedDemo([...(await demoCards(true))])
  return counter
}
