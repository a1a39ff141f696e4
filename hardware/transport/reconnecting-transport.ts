import { Listeners } from '../common/listeners'
import type { Transport } from './transport'

export interface BackoffOptions {
  /** First retry delay in ms (default 200). */
  initialMs?: number
  /** Upper bound on the delay in ms (default 5000). */
  maxMs?: number
  /** Multiplier per failed attempt (default 2). */
  factor?: number
}

export type LinkState = 'connected' | 'reconnecting' | 'closed'

/**
 * Keeps a link up: wraps a factory of fresh inner transports, forwards their
 * bytes, and when the inner link drops (unplug, port vanished) reports
 * onDisconnect, then retries open() with exponential backoff until it works or
 * close() is called. onReconnect fires each time the link is back.
 * open() itself fails fast if the first attempt fails; callers that want to
 * wait for a device that is not there yet use openOrRetry().
 */
export class ReconnectingTransport implements Transport {
  readonly description: string
  private inner: Transport | null = null
  private unsubs: Array<() => void> = []
  private state: LinkState = 'closed'
  private timer: NodeJS.Timeout | null = null
  private attempt = 0
  private readonly dataListeners = new Listeners<[Uint8Array]>()
  private readonly disconnectListeners = new Listeners<[Error | null]>()
  private readonly reconnectListeners = new Listeners<[]>()
  private readonly backoff: Required<BackoffOptions>

  constructor(
    private readonly factory: () => Transport,
    description: string,
    backoff: BackoffOptions = {},
  ) {
    this.description = description
    this.backoff = { initialMs: backoff.initialMs ?? 200, maxMs: backoff.maxMs ?? 5000, factor: backoff.factor ?? 2 }
  }

  get isOpen(): boolean {
    return this.state === 'connected' && (this.inner?.isOpen ?? false)
  }

  get linkState(): LinkState {
    return this.state
  }

  async open(): Promise<void> {
    if (this.state !== 'closed') throw new Error(`${this.description} is already open`)
    this.state = 'reconnecting'
    try {
      await this.connectOnce()
    } catch (error) {
      this.state = 'closed'
      throw error
    }
  }

  /** Like open(), but when the device is absent keeps retrying in the background (reported via onReconnect). */
  async openOrRetry(): Promise<boolean> {
    if (this.state !== 'closed') throw new Error(`${this.description} is already open`)
    this.state = 'reconnecting'
    try {
      await this.connectOnce()
      return true
    } catch {
      this.scheduleRetry()
      return false
    }
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.inner || this.state !== 'connected') throw new Error(`${this.description} is not connected`)
    await this.inner.write(data)
  }

  async close(): Promise<void> {
    this.state = 'closed'
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.dropInner()
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.add(listener)
  }

  onDisconnect(listener: (error: Error | null) => void): () => void {
    return this.disconnectListeners.add(listener)
  }

  onReconnect(listener: () => void): () => void {
    return this.reconnectListeners.add(listener)
  }

  private async connectOnce(): Promise<void> {
    const inner = this.factory()
    await inner.open()
    if (this.state === 'closed') {
      await inner.close()
      return
    }
    this.inner = inner
    this.unsubs = [inner.onData((chunk) => this.dataListeners.emit(chunk)), inner.onDisconnect((error) => this.handleDrop(inner, error))]
    this.state = 'connected'
    this.attempt = 0
  }

  private handleDrop(inner: Transport, error: Error | null): void {
    if (this.inner !== inner || this.state !== 'connected') return
    void this.dropInner()
    this.state = 'reconnecting'
    this.disconnectListeners.emit(error)
    this.scheduleRetry()
  }

  private scheduleRetry(): void {
    if (this.state !== 'reconnecting' || this.timer) return
    const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * this.backoff.factor ** this.attempt)
    this.attempt++
    this.timer = setTimeout(() => {
      this.timer = null
      if (this.state !== 'reconnecting') return
      this.connectOnce().then(
        () => {
          if (this.state === 'connected') this.reconnectListeners.emit()
        },
        () => this.scheduleRetry(),
      )
    }, delay)
  }

  private async dropInner(): Promise<void> {
    for (const unsub of this.unsubs) unsub()
    this.unsubs = []
    const inner = this.inner
    this.inner = null
    if (inner) await inner.close().catch(() => {})
  }
}
