import path from 'node:path'
import type { AppConfig } from '../config/config'
import { type Db, openDatabase } from '../db/database'
import { type Dispatch, type Handlers, createDispatcher } from '../ipc/dispatcher'
import { EventBus } from '../ipc/event-bus'
import type { Hex } from '../../common/ledger/hex'
import type { AnvilNode } from '../ledger/anvil-node'
import type { KeyCustody } from '../ledger/keys/key-custody'
import type { RpcClient } from '../ledger/rpc-client'
import { type Logger, createLogger } from '../log/logger'
import { onDataDir, prepareDataDir } from '../storage/data-dir'
import { tightenModes } from '../storage/private-modes'
import { createAuditHandlers } from './audit-handlers'
import { createCounterHandlers } from './counter-handlers'
import { createDeviceHandlers } from './device-handlers'
import { DisposeScope } from './dispose-scope'
import { createKioskHandlers } from './kiosk-handlers'
import { createLedgerHandlers } from './ledger-handlers'
import { createPrinterHandlers } from './printer-handlers'
import { journaledAs } from './staff-journal'
import { PlaceTable } from '../audit/place-names/place-table'
import { createSystemHandlers } from './system-handlers'
import { wireAudit } from './wire-audit'
import { demoCards } from './demo-cards'
import { counterKeys, wireCounter } from './wire-counter'
import { createSelfTestHandler, createSimPrinterHandler, wireDevices } from './wire-devices'
import { wireComplaints, wireKiosk } from './wire-kiosk'
import { wireLedger } from './wire-ledger'
import { wireStorage } from './wire-storage'

export const APP_VERSION = '0.1.0'

/** Named readiness milestones, announced in this order; tests wait for them. */
export type ReadyStage = 'db' | 'ledger' | 'devices' | 'ready'

export interface App {
  readonly config: AppConfig
  readonly log: Logger
  readonly db: Db
  readonly bus: EventBus
  readonly rpc: RpcClient
  readonly dispatch: Dispatch
  /** The local node when running on embedded defaults. */
  readonly anvil: AnvilNode | null
  /** The relief contract this terminal reads and writes: printed on start so anyone can check it with their own client. */
  readonly contract: Hex
  dispose(): Promise<void>
}

export interface ComposeOptions {
  shell: 'electron' | 'browser-host'
  onStage?: (stage: ReadyStage, detail: Record<string, unknown>) => void
  /**
   * The Electron glue's choice of how keys are sealed at rest (key-custody.ts):
   * a safeStorage box when it accepted one, and why. Without a box, the scrypt
   * box under HUIMIN_KEY_SECRET seals them, as in the browser host.
   */
  keyCustody?: KeyCustody
}

/**
 * The composition root for the main side: builds every service with plain
 * constructor injection, in dependency order, and tears them down in reverse.
 * The Electron main process and the browser host both call this.
 */
export async function composeApp(config: AppConfig, options: ComposeOptions): Promise<App> {
  const scope = new DisposeScope()
  prepareDataDir(config.dataDir, ['logs'])
  const modes = tightenModes(config.dataDir)
  const log = onDataDir(config.dataDir, () => createLogger({ file: path.join(config.dataDir, 'logs', 'huimin.log'), level: config.logLevel }, 'main'))
  scope.add(() => log.dispose())
  if (modes.tightened || modes.failed)
    log.warn('data dir was open to other users; tightened it to dirs 0700, files 0600', { dataDir: config.dataDir, ...modes })
  const stage = (s: ReadyStage, detail: Record<string, unknown> = {}) => {
    log.info(`stage ${s}`, detail)
    options.onStage?.(s, detail)
  }
  try {
    const db = onDataDir(config.dataDir, () => openDatabase(path.join(config.dataDir, 'huimin.sqlite')))
    scope.add(() => db.close())
    stage('db')

    const bus = new EventBus()
    const custody = options.keyCustody
    if (custody) log[custody.box ? 'info' : 'warn'](custody.why)
    const ledgerParts = await wireLedger(config, db, log, bus, scope, custody)
    const { rpc, ledger } = ledgerParts
    stage('ledger', { endpoints: ledgerParts.endpoints, blockNumber: ledgerParts.headMonitor.current.blockNumber, contract: ledger.contract })

    // Opening sealed keys costs ~150 ms of scrypt each: done before the devices start polling, so it cannot delay a reply.
    const keys = counterKeys(config, ledgerParts.box)
    // Receipts name the township from the gazetteer, the counter's villages or the demo names (read at print time).
    const places = new PlaceTable(db)
    const { devices, receipts, printerSimulator } = await wireDevices(config, log, bus, scope, (code) => places.nameOf(code))
    const storage = wireStorage(config.dataDir, config.storageCheckSec * 1000, log, bus, scope)
    stage('devices', { devices: devices.statuses().map((s) => `${s.role}:${s.state}`) })

    const counter = await wireCounter({
      config,
      db,
      rpc,
      log,
      bus,
      scope,
      ledger,
      box: ledgerParts.box,
      regionalKeys: ledgerParts.regionalKeys,
      devices,
      receipts,
      keys,
    })
    const kiosk = wireKiosk({
      devices,
      receipts,
      ledger,
      index: ledgerParts.index,
      regionalKeys: ledgerParts.regionalKeys,
      township: config.township,
      terminalName: config.terminalName,
      idleSec: config.kioskIdleSec,
      finishSec: config.kioskFinishSec,
      isStaffCard: (idNumber) => counter.auth.isStaffCard(idNumber),
      log,
      bus,
      scope,
    })
    const audit = wireAudit(config, db, rpc, ledger.contract, ledgerParts.deployBlock, ledgerParts.durableHead, log, bus, scope)

    let ready = false
    const journal = db.prepare('INSERT INTO journal (at, actor, action, detail) VALUES (?, ?, ?, ?)')
    const printer = createPrinterHandlers({ receipts })
    const ledgerCalls = createLedgerHandlers({ ledger, rpc, township: config.township, chainId: config.ledger.chainId })
    const handlers: Handlers = {
      ...createSystemHandlers({
        config,
        version: APP_VERSION,
        shell: options.shell,
        isReady: () => ready,
        ledgerEndpoints: () => ledgerParts.endpoints,
        headMonitor: ledgerParts.headMonitor,
      }),
      ...ledgerCalls,
      'ledger.retry': journaledAs(counter.journal, 'ledger.retry', ledgerCalls['ledger.retry']),
      ...createDeviceHandlers({ devices, demo: config.demo, demoCards: await demoCards(config.demo) }),
      ...storage,
      ...createSimPrinterHandler(printerSimulator, config.demo, () => receipts.readiness()),
      ...createSelfTestHandler(devices, receipts),
      ...printer,
      'printer.testPage': journaledAs(counter.journal, 'printer.testPage', printer['printer.testPage']),
      'printer.reprint': journaledAs(counter.journal, 'printer.reprint', printer['printer.reprint']),
      'printer.receiptLater': journaledAs(counter.journal, 'printer.receiptLater', printer['printer.receiptLater']),
      ...createKioskHandlers({
        session: kiosk,
        complaints: wireComplaints({ db, station: counter.station, receipts, ledger, township: config.township, terminalName: config.terminalName, log }),
        journal: (action, detail) => journal.run(Date.now(), 'kiosk', action, JSON.stringify(detail)),
      }),
      ...createCounterHandlers(counter),
      ...createAuditHandlers(audit),
    }
    // Staff calls get their session checked against the roles the contract declares, by the counter's StaffAuth.
    const dispatch = createDispatcher(handlers, log.child('ipc'), (token, roles, touch) => counter.auth.require(token, roles, touch))
    ready = true
    stage('ready')

    return { config, log, db, bus, rpc, dispatch, anvil: ledgerParts.anvil, contract: ledger.contract, dispose: () => scope.dispose() }
  } catch (e) {
    await scope.dispose()
    throw e
  }
}
