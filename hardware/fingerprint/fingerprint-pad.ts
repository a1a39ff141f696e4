import { DeviceError } from '../common/device-error'
import { counterGrowthLogger, silentLog, type DeviceLog } from '../common/device-log'
import { FP_OK, RETRYABLE_CAPTURE } from '../common/ef01-codes'
import { TEMPLATE_BYTES } from '../common/ef01-packet'
import { StatusTracker, type ManagedDevice } from '../managed-device'
import type { Transport } from '../transport/transport'
import { ackError, Ef01Client, type Ef01ClientOptions } from './ef01-client'

export interface FingerprintPadOptions extends Ef01ClientOptions {
  spec: string
  /** Module password for VfyPwd (default 0). */
  password?: number
  /** A match needs at least this score (default 50; assumption, tune on site). */
  threshold?: number
  /** How long to wait for a usable finger in ms (default 10 s). */
  captureTimeoutMs?: number
  /** GenImg polling interval while no finger is on the pad, in ms (default 100). */
  capturePollMs?: number
  /** When idle, check the module answers this often in ms (default 3000; 0 disables). */
  heartbeatMs?: number
  log?: DeviceLog
}

export interface VerifyResult {
  matched: boolean
  score: number
  threshold: number
}

type OpenOrRetry = { openOrRetry(): Promise<boolean> }

/**
 * AS608 / R30x optical fingerprint module over EF01 packets. Verifies a live
 * finger against a template taken from the ID card (人证比对).
 *
 * Assumption (not confirmed by any source): the card's fingerprint block is
 * 1024 bytes = two 512-byte templates the module can load with DownChar; the
 * first one is used. Real card templates are in the card issuer's format and
 * real deployments match them with a certified module; the simulator makes
 * this path testable end to end.
 */
export class FingerprintPad implements ManagedDevice {
  private readonly tracker: StatusTracker
  private readonly client: Ef01Client
  private readonly opts: Required<Omit<FingerprintPadOptions, keyof Ef01ClientOptions>>
  private busy = false
  private heartbeat: NodeJS.Timeout | null = null
  private readonly logWireErrors: () => void

  constructor(
    readonly transport: Transport,
    options: FingerprintPadOptions,
  ) {
    this.opts = {
      spec: options.spec,
      password: options.password ?? 0,
      threshold: options.threshold ?? 50,
      captureTimeoutMs: options.captureTimeoutMs ?? 10_000,
      capturePollMs: options.capturePollMs ?? 100,
      heartbeatMs: options.heartbeatMs ?? 3000,
      log: options.log ?? silentLog,
    }
    this.client = new Ef01Client(transport, options)
    this.logWireErrors = counterGrowthLogger(this.opts.log, 'fingerprint pad', this.client.decoder.counters)
    this.tracker = new StatusTracker('fingerprint', options.spec, [
      'verifications',
      'matches',
      'timeouts',
      'garbageBytes',
      'checksumErrors',
      'lengthErrors',
      'headerErrors',
    ])
    transport.onDisconnect(() => this.tracker.set('offline', 'PORT_GONE'))
    // A ReconnectingTransport says when the link is back: handshake again right away.
    const reconnecting = transport as Partial<{ onReconnect(listener: () => void): () => void }>
    reconnecting.onReconnect?.(() => void this.check())
  }

  get status() {
    const { garbageBytes, checksumErrors, lengthErrors, headerErrors } = this.client.decoder.counters
    this.tracker.setCounters({ garbageBytes, checksumErrors, lengthErrors, headerErrors })
    return this.tracker.status
  }

  onStatus(listener: Parameters<StatusTracker['onStatus']>[0]): () => void {
    return this.tracker.onStatus(listener)
  }

  get threshold(): number {
    return this.opts.threshold
  }

  async open(): Promise<void> {
    if (!this.transport.isOpen) {
      if (typeof (this.transport as Partial<OpenOrRetry>).openOrRetry === 'function') await (this.transport as unknown as OpenOrRetry).openOrRetry()
      else await this.transport.open()
    }
    await this.check()
    if (this.opts.heartbeatMs > 0) {
      this.heartbeat = setInterval(() => void this.check(), this.opts.heartbeatMs)
      this.heartbeat.unref()
    }
  }

  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat)
    this.heartbeat = null
    this.client.dispose()
    await this.transport.close()
    this.tracker.set('offline', 'NOT_OPEN')
  }

  /** Handshake (VfyPwd) when idle: online if the module answers, else offline/error with a reason. Never throws. */
  async check(): Promise<void> {
    if (this.busy) return
    if (!this.transport.isOpen) {
      if (this.tracker.status.reason !== 'PORT_GONE') this.tracker.set('offline', 'NO_DEVICE')
      return
    }
    try {
      await this.client.verifyPassword(this.opts.password)
      this.tracker.set('online')
    } catch (error) {
      this.fault(error)
    }
    this.logWireErrors()
  }

  /**
   * Captures a live finger and matches it against the card's fingerprint
   * block (1024 bytes: the first 512-byte template is used) or a single
   * 512-byte template. Throws DEVICE_NO_FINGER when no usable finger came in time,
   * or a FP_* / DEVICE_* code.
   */
  async verify(cardFingerprint: Uint8Array): Promise<VerifyResult> {
    if (cardFingerprint.length < TEMPLATE_BYTES) throw new DeviceError('CARD_NO_FINGERPRINT', 'the card carries no fingerprint template')
    if (this.busy) throw new DeviceError('DEVICE_BUSY', 'the fingerprint pad is busy')
    this.busy = true
    this.tracker.set('busy', 'CAPTURING')
    try {
      await this.capture()
      await this.client.img2Tz(1)
      await this.client.downChar(2, cardFingerprint.subarray(0, TEMPLATE_BYTES))
      const score = await this.client.match()
      this.tracker.count('verifications')
      const matched = score >= this.opts.threshold
      if (matched) this.tracker.count('matches')
      this.tracker.set('online')
      return { matched, score, threshold: this.opts.threshold }
    } catch (error) {
      if (error instanceof DeviceError && (error.code === 'DEVICE_NO_FINGER' || error.code.startsWith('FP_'))) this.tracker.set('online')
      else this.fault(error)
      throw error
    } finally {
      this.busy = false
      this.logWireErrors()
    }
  }

  /** GenImg until a finger image is taken; retries "no finger", dry, wet, messy until the capture timeout. */
  private async capture(): Promise<void> {
    const deadline = performance.now() + this.opts.captureTimeoutMs
    let last: number
    for (;;) {
      const code = await this.client.genImg()
      if (code === FP_OK) return
      if (!RETRYABLE_CAPTURE.has(code)) throw ackError(code)
      last = code
      if (performance.now() + this.opts.capturePollMs > deadline) break
      await new Promise((r) => setTimeout(r, this.opts.capturePollMs))
    }
    if (last === 0x02) throw new DeviceError('DEVICE_NO_FINGER', `no finger on the pad within ${this.opts.captureTimeoutMs} ms`)
    throw ackError(last)
  }

  private fault(error: unknown): void {
    const code = error instanceof DeviceError ? error.code : 'DEVICE_PROTOCOL_ERROR'
    if (code === 'DEVICE_GONE') return
    if (code === 'DEVICE_TIMEOUT') this.tracker.count('timeouts')
    this.opts.log.warn('fingerprint pad fault', { code })
    this.tracker.set('error', code)
  }
}
