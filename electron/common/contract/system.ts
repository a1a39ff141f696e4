import { z } from 'zod'
import { ALL_FACES, call, event, withSession } from './define'

export interface SystemInfo {
  appName: string
  version: string
  /** The face the caller is bound to, as the main side sees it. */
  face: 'kiosk' | 'counter' | 'audit'
  /** Running on embedded defaults (simulated devices, local ledger, demo data). */
  demo: boolean
  /** 'electron' inside the desktop shell, 'browser-host' when served to a browser. */
  shell: 'electron' | 'browser-host'
  ready: boolean
}

export interface ConfigSummary {
  dataDir: string
  ledgerEndpoints: string[]
  embeddedLedger: boolean
  devices: { idcard: string; fingerprint: string; printer: string }
  township: string
}

export interface LedgerEndpointStatus {
  url: string
  reachable: boolean
  lastError: string | null
  latencyMs: number | null
}

export interface LedgerHead {
  chainId: number | null
  blockNumber: number | null
  blockHash: string | null
  blockTime: number | null
  /** Milliseconds since epoch when the head was last read successfully. */
  observedAt: number | null
  endpoints: LedgerEndpointStatus[]
}

const noInput = z.object({}).strict()

export const systemCalls = {
  'system.info': call<SystemInfo>()({ faces: ALL_FACES, staff: 'none', input: noInput }),
  /**
   * Settings for installers, shown to a signed-in technician: no personal data, but the data dir,
   * the ledger's endpoints and the device paths are a map of the station, so not before sign-in.
   */
  'system.config': call<ConfigSummary>()({ faces: ['counter'], staff: ['technician'], input: withSession({}) }),
  'ledger.head': call<LedgerHead>()({ faces: ALL_FACES, staff: 'none', input: noInput }),
}

export const systemEvents = {
  'ledger.head': event<LedgerHead>(ALL_FACES, { latest: true }),
}
