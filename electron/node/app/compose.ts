import path from 'node:path'
import type { AppConfig } from '../config/config'
import { type Db, openDatabase } from '../db/database'
import { type Dispatch, type Handlers, createDispatcher } from '../ipc/dispatcher'
import { EventBus } from '../ipc/event-bus'
import { type AnvilNode, startAnvil } from '../ledger/anvil-node'
import { HeadMonitor } from '../ledger/head-monitor'
import { RpcClient } from '../ledger/rpc-client'
import { type Logger, createLogger } from '../log/logger'
import { createSystemHandlers } from './system-handlers'

export const APP_VERSION = '0.1.0'

/** Named readiness milestones, announced in this order; tests wait for them. */
export type ReadyStage = 'db' | 'ledger' | 'ready'

export interface App {
  readonly config: AppConfig
  readonly log: Logger
  readonly db: Db
  readonly bus: EventBus
  readonly rpc: RpcClient
  readonly dispatch: Dispatch
  /** The local node when running on embedded defaults. */
  readonly anvil: AnvilNode | null
  dispose(): Promise<void>
}

export interface ComposeOptions {
  shell: 'electron' | 'browser-host'
  onStage?: (stage: ReadyStage, detail: Record<string, unknown>) => void
}

/**
 * The composition root for the main side: builds every service with plain
 * constructor injection, in dependency order, and tears them down in reverse.
 * The Electron main process and the browser host both call this.
 */
export async function composeApp(config: AppConfig, options: ComposeOptions): Promise<App> {
  const disposers: (() => unknown)[] = []
  const log = createLogger({ file: path.join(config.dataDir, 'logs', 'huimin.log'), level: config.logLevel }, 'main')
  disposers.push(() => log.dispose())
  const stage = (s: ReadyStage, detail: Record<string, unknown> = {}) => {
    log.info(`stage ${s}`, detail)
    options.onStage?.(s, detail)
  }
  try {
    const db = openDatabase(path.join(config.dataDir, 'huimin.sqlite'))
    disposers.push(() => db.close())
    stage('db')

    let anvil: AnvilNode | null = null
    if (config.ledger.endpoints.length === 0) {
      anvil = await startAnvil({
        blockTimeSec: config.ledger.blockTimeSec,
        chainId: config.ledger.chainId,
        stateFile: path.join(config.dataDir, 'ledger', 'anvil-state.json'),
      })
      disposers.push(() => anvil!.dispose())
      log.info('embedded ledger node started', { url: anvil.url, pid: anvil.pid })
    }
    const endpoints = anvil ? [anvil.url] : config.ledger.endpoints
    const rpc = new RpcClient({ endpoints })

    const bus = new EventBus()
    const headMonitor = new HeadMonitor(rpc, config.ledger.blockTimeSec * 1000, (head) => bus.emit('ledger.head', head), log.child('ledger'))
    disposers.push(() => headMonitor.dispose())
    headMonitor.start()
    await headMonitor.poll()
    stage('ledger', { endpoints, blockNumber: headMonitor.current.blockNumber })

    let ready = false
    const handlers: Handlers = {
      ...createSystemHandlers({
        config,
        version: APP_VERSION,
        shell: options.shell,
        isReady: () => ready,
        ledgerEndpoints: () => endpoints,
        headMonitor,
      }),
    }
    const dispatch = createDispatcher(handlers, log.child('ipc'))
    ready = true
    stage('ready')

    return {
      config,
      log,
      db,
      bus,
      rpc,
      dispatch,
      anvil,
      dispose: () => runDisposers(disposers),
    }
  } catch (e) {
    await runDisposers(disposers)
    throw e
  }
}

async function runDisposers(disposers: (() => unknown)[]): Promise<void> {
  while (disposers.length) {
    const d = disposers.pop()!
    try {
      await d()
    } catch {
      // Keep tearing down: one failing disposer must not leave children running.
    }
  }
}
