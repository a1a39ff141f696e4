import { DeviceError } from '../common/device-error'
import type { DeviceLog } from '../common/device-log'
import { counterGrowthLogger, silentLog } from '../common/device-log'
import { decodeIdText } from '../common/id-text'
import { buildIdentity, localToday, type Identity, type IdentityProblem } from '../common/identity'
import { Listeners } from '../common/listeners'
import { parseReadReply } from '../common/sam-read-reply'
import { StatusTracker, type ManagedDevice } from '../managed-device'
import type { Transport } from '../transport/transport'
import { DEFAULT_SAM_TIMEOUTS, SamClient, type SamTimeouts } from './sam-client'

export interface CardRead {
  /** Personal data: memory only. */
  identity: Identity
  /** Why the card must be refused (bad check digit, expired, …), or null. */
  problem: IdentityProblem | null
  /** Select + read time in ms. */
  readMs: number
}

export type CardEvent = { type: 'placed'; card: CardRead } | { type: 'changed'; card: CardRead } | { type: 'removed' } | { type: 'read-failed'; code: string }

export interface IdCardReaderOptions {
  spec: string
  /** Find is polled this often in ms (default 250; one daemon polls every 1 s). */
  pollMs?: number
  /** Extra attempts for select/read and for timed-out commands (default 2). */
  retries?: number
  /** Read with `30 10` (text+photo+fingerprint) instead of `30 01` (default true). */
  readFingerprint?: boolean
  /** Consecutive "no card" finds before a card counts as removed (default 2). */
  missesForRemoval?: number
  timeouts?: Partial<SamTimeouts>
  /** Today as YYYY-MM-DD, for the validity check (default: local date). */
  today?: () => string
  log?: DeviceLog
}

type OpenOrRetry = { openOrRetry(): Promise<boolean> }

/**
 * Second-generation ID-card reader over the SAM protocol (GA 467). Polls
 * find → select → read, decodes and validates the card, and reports
 * placed / changed / removed. Assumption (no source says): a card stays
 * findable while it lies on the reader, and its 4-byte management number tells
 * cards apart (readers that zero it still see removal via failed finds).
 */
export class IdCardReader implements ManagedDevice {
  private readonly tracker: StatusTracker
  private readonly client: SamClient
  private readonly events = new Listeners<[CardEvent]>()
  private readonly opts: Required<Omit<IdCardReaderOptions, 'timeouts'>>
  private running = false
  private loopDone: Promise<void> = Promise.resolve()
  private wake: (() => void) | null = null
  private initialised = false
  private readonly afterTick: (() => void)[] = []
  private card: { managementNumber: string; read: CardRead } | null = null
  private misses = 0
  private consecutiveTimeouts = 0
  private failedManagementNumber: string | null = null
  private readonly logWireErrors: () => void
  samId: string | null = null

  constructor(
    readonly transport: Transport,
    options: IdCardReaderOptions,
  ) {
    this.opts = {
      spec: options.spec,
      pollMs: options.pollMs ?? 250,
      retries: options.retries ?? 2,
      readFingerprint: options.readFingerprint ?? true,
      missesForRemoval: options.missesForRemoval ?? 2,
      today: options.today ?? (() => localToday()),
      log: options.log ?? silentLog,
    }
    this.client = new SamClient(transport, { ...DEFAULT_SAM_TIMEOUTS, ...options.timeouts })
    this.logWireErrors = counterGrowthLogger(this.opts.log, 'idcard reader', this.client.decoder.counters)
    this.tracker = new StatusTracker('idcard', options.spec, [
      'reads',
      'readErrors',
      'refused',
      'timeouts',
      'garbageBytes',
      'checksumErrors',
      'lengthErrors',
      'truncated',
    ])
    // A reader that is gone can no longer vouch for the card on it: the card counts as removed, and is read afresh once it is back.
    transport.onDisconnect(() => {
      this.initialised = false
      this.tracker.set('offline', 'PORT_GONE')
      const hadCard = this.card !== null
      this.forgetCard()
      if (hadCard) this.events.emit({ type: 'removed' })
    })
  }

  get status() {
    const { garbageBytes, checksumErrors, lengthErrors, truncated } = this.client.decoder.counters
    this.tracker.setCounters({ garbageBytes, checksumErrors, lengthErrors, truncated })
    return this.tracker.status
  }

  onStatus(listener: Parameters<StatusTracker['onStatus']>[0]): () => void {
    return this.tracker.onStatus(listener)
  }

  onCard(listener: (event: CardEvent) => void): () => void {
    return this.events.add(listener)
  }

  /** The card on the reader now, if it was read. */
  get currentCard(): CardRead | null {
    return this.card?.read ?? null
  }

  /** The card on the reader, or the next one placed within `timeoutMs`; DEVICE_NO_CARD otherwise. */
  waitForCard(timeoutMs: number): Promise<CardRead> {
    if (this.card) return Promise.resolve(this.card.read)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off()
        reject(new DeviceError('DEVICE_NO_CARD', `no card within ${timeoutMs} ms`))
      }, timeoutMs)
      const off = this.onCard((e) => {
        if (e.type !== 'placed' && e.type !== 'changed') return
        clearTimeout(timer)
        off()
        resolve(e.card)
      })
    })
  }

  async open(): Promise<void> {
    if (this.running) return
    if (!this.transport.isOpen) {
      if (isReopenable(this.transport)) await this.transport.openOrRetry()
      else await this.transport.open()
    }
    this.running = true
    this.loopDone = this.loop()
  }

  async close(): Promise<void> {
    this.running = false
    this.wake?.()
    await this.loopDone
    this.client.dispose()
    await this.transport.close()
    this.forgetCard()
    this.tracker.set('offline', 'NOT_OPEN')
  }

  private async loop(): Promise<void> {
    while (this.running) {
      await this.tick()
      if (!this.running) break
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.opts.pollMs)
        this.wake = () => {
          clearTimeout(t)
          resolve()
        }
      })
      this.wake = null
    }
  }

  private async tick(): Promise<void> {
    if (!this.transport.isOpen) {
      this.initialised = false
      if (this.tracker.status.reason !== 'PORT_GONE') this.tracker.set('offline', 'NO_DEVICE')
      return
    }
    try {
      if (!this.initialised) await this.initialise()
      await this.poll()
      this.consecutiveTimeouts = 0
    } catch (error) {
      this.onCommandError(error)
      // A self-test reports its own failure at once, without waiting for repeated timeouts.
      if (this.afterTick.length && this.tracker.status.state === 'online')
        this.tracker.set('error', error instanceof DeviceError ? error.code : 'DEVICE_PROTOCOL_ERROR')
    }
    this.logWireErrors()
    for (const done of this.afterTick.splice(0)) done()
  }

  /**
   * Staff's self-test: re-runs the start-up check (SAM status and SAM id) on
   * the poll loop itself, so it never interleaves with a card read, and
   * resolves with the status it left behind.
   */
  async selfTest() {
    if (!this.running) return this.status
    this.initialised = false
    const done = new Promise<void>((resolve) => this.afterTick.push(resolve))
    this.wake?.()
    await done
    return this.status
  }

  private async initialise(): Promise<void> {
    await this.client.status()
    this.samId = await this.client.samId()
    this.initialised = true
    this.tracker.set('online')
    this.opts.log.info('idcard reader ready', { spec: this.opts.spec, samId: this.samId })
  }

  private async poll(): Promise<void> {
    const found = await this.client.find()
    if (!found) {
      this.failedManagementNumber = null
      if (this.card && ++this.misses >= this.opts.missesForRemoval) {
        this.forgetCard()
        this.events.emit({ type: 'removed' })
      }
      return
    }
    this.misses = 0
    const managementNumber = Buffer.from(found).toString('hex')
    if (this.card?.managementNumber === managementNumber || this.failedManagementNumber === managementNumber) return
    const read = await this.readWithRetries(managementNumber)
    if (!read) return
    const changed = this.card !== null
    this.card = { managementNumber, read }
    this.events.emit(changed ? { type: 'changed', card: read } : { type: 'placed', card: read })
  }

  private async readWithRetries(managementNumber: string): Promise<CardRead | null> {
    this.tracker.set('busy', 'READING')
    let lastCode = 'SAM_READ_FAILED'
    try {
      for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
        const started = performance.now()
        try {
          if (!(await this.client.select())) throw new DeviceError('SAM_SELECT_FAILED', 'select failed')
          const blocks = parseReadReply(await this.client.read(this.opts.readFingerprint), this.opts.readFingerprint)
          const decoded = buildIdentity(decodeIdText(blocks.text), blocks.photo.length, blocks.fingerprint, this.opts.today())
          this.tracker.count('reads')
          if (decoded.problem) this.tracker.count('refused')
          return { ...decoded, readMs: performance.now() - started }
        } catch (error) {
          if (error instanceof DeviceError && error.code === 'DEVICE_GONE') throw error
          lastCode = error instanceof DeviceError ? error.code : 'DEVICE_PROTOCOL_ERROR'
          this.tracker.count('readErrors')
          if (lastCode === 'DEVICE_TIMEOUT') this.tracker.count('timeouts')
          this.opts.log.warn('idcard read attempt failed', { attempt, code: lastCode })
        }
      }
      // Do not hammer a card that cannot be read; try again once it has left the reader.
      this.failedManagementNumber = managementNumber
      this.events.emit({ type: 'read-failed', code: lastCode })
      return null
    } finally {
      if (this.tracker.state === 'busy') this.tracker.set('online')
    }
  }

  private onCommandError(error: unknown): void {
    const code = error instanceof DeviceError ? error.code : 'DEVICE_PROTOCOL_ERROR'
    if (code === 'DEVICE_GONE') return // onDisconnect already set offline
    if (code === 'DEVICE_TIMEOUT') {
      this.tracker.count('timeouts')
      if (++this.consecutiveTimeouts > this.opts.retries) {
        this.initialised = false
        this.tracker.set('error', 'DEVICE_TIMEOUT')
      }
      return
    }
    this.opts.log.warn('idcard reader error', { code })
    this.initialised = false
    this.tracker.set('error', code)
  }

  private forgetCard(): void {
    this.card = null
    this.misses = 0
  }
}

function isReopenable(t: Transport): t is Transport & OpenOrRetry {
  return typeof (t as Partial<OpenOrRetry>).openOrRetry === 'function'
}
