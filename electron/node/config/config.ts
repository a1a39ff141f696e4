import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import { type DeviceSpec, DeviceSpecError, parseDeviceSpec } from '../../../hardware/common/device-spec'
import type { LogLevel } from '../log/logger'

export interface AppConfig {
  dataDir: string
  /** GB/T 2260 + township digits this terminal serves, e.g. 410122101. */
  township: string
  ledger: {
    /** JSON-RPC endpoints, tried in order with failover. Empty means: start the embedded local node. */
    endpoints: string[]
    chainId: number
    blockTimeSec: number
    /** HUIMIN_KEY_SECRET: seals the terminal key at rest outside Electron. A fixed demo secret in demo mode only; null otherwise when unset. */
    keySecret: string | null
    /**
     * HUIMIN_REGIONAL_KEY (hex, >= 16 bytes): HMAC key for beneficiary commitments, imported once and
     * sealed in the data dir (regional-keys.ts), then ignored. Null when unset (demo mode then seals
     * DEMO_REGIONAL_KEY into a data dir that has none).
     */
    regionalKey: string | null
    /** HUIMIN_REGIONAL_KEY_ROTATE=1: seal a HUIMIN_REGIONAL_KEY the data dir lacks as the next key epoch. */
    regionalKeyRotate: boolean
    /** HUIMIN_CONTRACT: address of the relief contract on the consortium chain; demo mode deploys its own. */
    contract: string | null
  }
  devices: { idcard: DeviceSpec; fingerprint: DeviceSpec; printer: DeviceSpec }
  /** Kiosk session resets after this many seconds without a touch; a warning shows 15 s before. */
  kioskIdleSec: number
  /** How long the thank-you screen stays once the card is taken away. */
  kioskFinishSec: number
  /** How often the data disk's free space is read (the counter's 空间不足 / 空间已满 warning). */
  storageCheckSec: number
  /** Receipt paper: 58 mm (32 columns) or 80 mm (48 columns). */
  printerPaper: '58mm' | '80mm'
  /** HUIMIN_PLACES: the county gazetteer CSV (code,name) naming townships and villages on the audit screens; null for none. */
  places: string | null
  /** HUIMIN_TERMINAL_NAME: this terminal as the hall calls it (官渡镇便民服务厅1号机), printed on receipts before its address; null for the address alone. */
  terminalName: string | null
  /** Load demo programs and entitlements for the simulator's cards. */
  demo: boolean
  host: {
    port: number
    /** HUIMIN_COUNTER_TOKEN: the browser host's counter token, never served in the page; null for a random one that is. */
    counterToken: string | null
  }
  logLevel: LogLevel
}

/** A bad setting. The message is one line that names the setting. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    reason: string,
  ) {
    super(`Invalid setting ${setting}: ${reason}`)
    this.name = 'ConfigError'
  }
}

/** The settings file in the data dir; every field optional, environment variables win. */
const fileSchema = z
  .object({
    township: z.string(),
    ledgerRpc: z.array(z.string()),
    chainId: z.number(),
    blockTimeSec: z.number(),
    idcard: z.string(),
    fingerprint: z.string(),
    printer: z.string(),
    printerPaper: z.string(),
    kioskIdleSec: z.number(),
    kioskFinishSec: z.number(),
    storageCheckSec: z.number(),
    contract: z.string(),
    demo: z.boolean(),
    hostPort: z.number(),
    logLevel: z.string(),
    places: z.string(),
    terminalName: z.string(),
  })
  .partial()
  .strict()

type FileSettings = z.infer<typeof fileSchema>

export const CONFIG_FILE_NAME = 'config.json'

/** Default data dir: the platform's per-user app-data folder. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir()
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'huimin-kiosk')
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'huimin-kiosk')
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'huimin-kiosk')
}

/**
 * Loads configuration: built-in defaults, then `config.json` in the data dir,
 * then environment variables. Throws ConfigError on the first bad value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, fallbackDataDir?: string): AppConfig {
  const dataDir = path.resolve(env.HUIMIN_DATA_DIR || fallbackDataDir || defaultDataDir(env))
  const file = readSettingsFile(path.join(dataDir, CONFIG_FILE_NAME))

  const pick = (envName: string, fileValue: unknown): { setting: string; value: unknown } | null => {
    const raw = env[envName]
    if (raw !== undefined && raw !== '') return { setting: envName, value: raw }
    if (fileValue !== undefined) return { setting: `${CONFIG_FILE_NAME}:${envName}`, value: fileValue }
    return null
  }

  const endpointsSource = pick('HUIMIN_LEDGER_RPC', file.ledgerRpc)
  const endpoints = endpointsSource ? parseEndpoints(endpointsSource.setting, endpointsSource.value) : []

  const demoSource = pick('HUIMIN_DEMO', file.demo)
  const demo = demoSource ? parseBool(demoSource.setting, demoSource.value) : endpoints.length === 0
  // Demo mode's key secret and regional key are public: they must never sign for, or commit people on, a real chain.
  const remote = demo ? endpoints.find((e) => !isLoopbackEndpoint(e)) : undefined
  if (remote !== undefined)
    throw new ConfigError(
      demoSource!.setting,
      `demo mode (public demo key secret and regional key) cannot be used with ${endpointsSource!.setting} host ${new URL(remote).host}, which is not loopback (127.0.0.0/8, ::1, localhost)`,
    )

  return {
    dataDir,
    township: parseTownship(pick('HUIMIN_TOWNSHIP', file.township)),
    ledger: {
      endpoints,
      chainId: parseInteger(pick('HUIMIN_CHAIN_ID', file.chainId), 31337, 1, 2 ** 32),
      blockTimeSec: parseInteger(pick('HUIMIN_BLOCK_TIME', file.blockTimeSec), 1, 1, 60),
      keySecret: env.HUIMIN_KEY_SECRET || (demo ? DEMO_KEY_SECRET : null),
      regionalKey: parseRegionalKey(env.HUIMIN_REGIONAL_KEY),
      regionalKeyRotate: env.HUIMIN_REGIONAL_KEY_ROTATE ? parseBool('HUIMIN_REGIONAL_KEY_ROTATE', env.HUIMIN_REGIONAL_KEY_ROTATE) : false,
      contract: parseContract(pick('HUIMIN_CONTRACT', file.contract), demo),
    },
    devices: {
      idcard: parseDevice(pick('HUIMIN_IDCARD', file.idcard), 115200),
      fingerprint: parseDevice(pick('HUIMIN_FINGERPRINT', file.fingerprint), 57600),
      printer: parseDevice(pick('HUIMIN_PRINTER', file.printer), 115200),
    },
    printerPaper: parsePaper(pick('HUIMIN_PRINTER_PAPER', file.printerPaper)),
    kioskIdleSec: parseInteger(pick('HUIMIN_IDLE_SECONDS', file.kioskIdleSec), 60, 20, 600),
    kioskFinishSec: parseInteger(pick('HUIMIN_FINISH_SECONDS', file.kioskFinishSec), 10, 3, 60),
    storageCheckSec: parseInteger(pick('HUIMIN_STORAGE_CHECK_SECONDS', file.storageCheckSec), 10, 1, 600),
    places: parsePlacesFile(pick('HUIMIN_PLACES', file.places), dataDir),
    terminalName: parseTerminalName(pick('HUIMIN_TERMINAL_NAME', file.terminalName), demo),
    demo,
    host: { port: parseInteger(pick('HUIMIN_HOST_PORT', file.hostPort), 0, 0, 65535), counterToken: parseCounterToken(env.HUIMIN_COUNTER_TOKEN) },
    logLevel: parseLogLevel(pick('HUIMIN_LOG_LEVEL', file.logLevel)),
  }
}

/** Demo-only secrets: public by design, never accepted outside demo mode. */
export const DEMO_KEY_SECRET = 'huimin-demo-key-secret'
export const DEMO_REGIONAL_KEY = '0x6875696d696e2d64656d6f2d726567696f6e616c2d6b6579'

function parseRegionalKey(value: string | undefined): string | null {
  if (!value) return null
  if (!/^0x([0-9a-fA-F]{2}){16,}$/.test(value)) throw new ConfigError('HUIMIN_REGIONAL_KEY', 'must be 0x-prefixed hex of at least 16 bytes')
  return value.toLowerCase()
}

/** The demo hall's terminal: named as a real hall would name it. */
export const DEMO_TERMINAL_NAME = '官渡镇便民服务厅1号机'

function parseTerminalName(source: { setting: string; value: unknown } | null, demo: boolean): string | null {
  if (!source) return demo ? DEMO_TERMINAL_NAME : null
  const name = String(source.value).normalize('NFC').trim()
  // No control, format (bidi, zero-width) or unassigned characters: it is printed on every receipt.
  if (!/^[^\p{C}]{1,20}$/u.test(name)) throw new ConfigError(source.setting, 'must be 1 to 20 printable characters, e.g. 官渡镇便民服务厅1号机')
  return name
}

/** A secret, so from the environment only, like HUIMIN_KEY_SECRET; it goes in an HTTP header. */
function parseCounterToken(value: string | undefined): string | null {
  if (!value) return null
  if (!/^[\x21-\x7e]{32,256}$/.test(value))
    throw new ConfigError(
      'HUIMIN_COUNTER_TOKEN',
      `must be 32 to 256 printable ASCII characters without spaces (given: ${value.length} characters), e.g. from openssl rand -hex 32`,
    )
  return value
}

function parseContract(source: { setting: string; value: unknown } | null, demo: boolean): string | null {
  if (!source) {
    if (demo) return null
    throw new ConfigError('HUIMIN_CONTRACT', 'the relief contract address is required outside demo mode')
  }
  const value = String(source.value)
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) throw new ConfigError(source.setting, `"${value}" is not a contract address (0x and 40 hex digits)`)
  return value.toLowerCase()
}

function parsePaper(source: { setting: string; value: unknown } | null): '58mm' | '80mm' {
  if (!source) return '58mm'
  const value = String(source.value)
  if (value === '58mm' || value === '80mm') return value
  throw new ConfigError(source.setting, `"${value}" must be 58mm or 80mm`)
}

/** A path relative to the data dir, where config.json lives; the file must be there. Its rows are checked when it is loaded. */
function parsePlacesFile(source: { setting: string; value: unknown } | null, dataDir: string): string | null {
  if (!source) return null
  const value = String(source.value).trim()
  if (value === '') throw new ConfigError(source.setting, 'no gazetteer file given')
  const file = path.resolve(dataDir, value)
  let isFile: boolean
  try {
    isFile = fs.statSync(file).isFile()
  } catch {
    throw new ConfigError(source.setting, `"${value}" does not exist (looked for ${file})`)
  }
  if (!isFile) throw new ConfigError(source.setting, `"${value}" is not a file`)
  return file
}

function readSettingsFile(file: string): FileSettings {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new ConfigError(file, `cannot read: ${(e as Error).message}`)
  }
  let json: unknown
  try {
    // Windows Notepad starts a UTF-8 file with a byte-order mark, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (e) {
    throw new ConfigError(file, `not valid JSON: ${(e as Error).message}`)
  }
  const parsed = fileSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new ConfigError(`${file}${issue.path.length ? ` field ${issue.path.join('.')}` : ''}`, issue.message)
  }
  return parsed.data
}

function parseEndpoints(setting: string, value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(String) : String(value).split(',')
  const endpoints = list.map((s) => s.trim()).filter(Boolean)
  if (endpoints.length === 0) throw new ConfigError(setting, 'no endpoint given')
  for (const e of endpoints) {
    let url: URL
    try {
      url = new URL(e)
    } catch {
      throw new ConfigError(setting, `"${e}" is not a URL`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(setting, `"${e}" must be an http:// or https:// JSON-RPC endpoint`)
  }
  return endpoints
}

/**
 * Whether a JSON-RPC endpoint is on this machine: 127.0.0.0/8, ::1 or
 * localhost. The WHATWG parser has already normalised the host (127.1,
 * 0x7f000001 and [0:0:0:0:0:0:0:1] arrive as 127.0.0.1 and [::1]).
 */
export function isLoopbackEndpoint(endpoint: string): boolean {
  let host: string
  try {
    host = new URL(endpoint).hostname
  } catch {
    return false
  }
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

function parseDevice(source: { setting: string; value: unknown } | null, defaultBaud: number): DeviceSpec {
  if (!source) return { kind: 'sim' }
  try {
    return parseDeviceSpec(String(source.value), defaultBaud)
  } catch (e) {
    if (e instanceof DeviceSpecError) throw new ConfigError(source.setting, e.message)
    throw e
  }
}

function parseTownship(source: { setting: string; value: unknown } | null): string {
  if (!source) return '410122101'
  const value = String(source.value)
  if (!/^\d{9}$/.test(value)) throw new ConfigError(source.setting, `"${value}" must be a 9-digit township code`)
  return value
}

function parseInteger(source: { setting: string; value: unknown } | null, fallback: number, min: number, max: number): number {
  if (!source) return fallback
  const n = Number(source.value)
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(source.setting, `"${String(source.value)}" must be a whole number from ${min} to ${max}`)
  return n
}

function parseBool(setting: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value
  const s = String(value).toLowerCase()
  if (['1', 'true', 'yes', 'on'].includes(s)) return true
  if (['0', 'false', 'no', 'off'].includes(s)) return false
  throw new ConfigError(setting, `"${String(value)}" must be true or false`)
}

function parseLogLevel(source: { setting: string; value: unknown } | null): LogLevel {
  if (!source) return 'info'
  const v = String(source.value)
  if (v === 'debug' || v === 'info' || v === 'warn' || v === 'error') return v
  throw new ConfigError(source.setting, `"${v}" must be debug, info, warn or error`)
}
