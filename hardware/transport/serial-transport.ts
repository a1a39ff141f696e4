import { access } from 'node:fs/promises'
import { SerialPort } from 'serialport'
import { Listeners } from '../common/listeners'
import type { Transport } from './transport'

export interface SerialTransportOptions {
  path: string
  baudRate: number
  /**
   * Exclusive lock on the port (default true). Only set false when a second
   * process must open the same path on purpose (see protocols doc §4.3).
   */
  lock?: boolean
  /** How often to check that the port's path still exists, in ms (default 200; 0 disables). */
  presencePollMs?: number
}

/**
 * A Transport over node-serialport. Never touches DTR/RTS (set()/get() fail on
 * ptys with "Inappropriate ioctl for device"), so it works the same on a USB
 * adapter and on a socat pty. An unplug (close with err.disconnected, or EIO on
 * write) is reported once via onDisconnect; reopening is the job of
 * ReconnectingTransport.
 *
 * Observed here (serialport 13, Linux): when the far end of a pty goes away the
 * binding reads 0 bytes in a loop and never emits close, so the transport also
 * watches the port's path; socat removes its links on exit, and udev removes
 * /dev/ttyUSB* when an adapter is pulled.
 */
export class SerialTransport implements Transport {
  readonly description: string
  private port: SerialPort | null = null
  private closing = false
  private presenceTimer: NodeJS.Timeout | null = null
  private readonly dataListeners = new Listeners<[Uint8Array]>()
  private readonly disconnectListeners = new Listeners<[Error | null]>()

  constructor(private readonly options: SerialTransportOptions) {
    if (!options.path) throw new TypeError('SerialTransport: path is required')
    if (!Number.isInteger(options.baudRate) || options.baudRate <= 0)
      throw new TypeError(`SerialTransport: baudRate must be a positive integer, got ${options.baudRate}`)
    this.description = `serial:${options.path}@${options.baudRate}`
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false
  }

  async open(): Promise<void> {
    if (this.port) throw new Error(`${this.description} is already open`)
    const port = new SerialPort({
      path: this.options.path,
      baudRate: this.options.baudRate,
      autoOpen: false,
      lock: this.options.lock ?? true,
    })
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())))
    this.closing = false
    this.port = port
    port.on('data', (chunk: Buffer) => this.dataListeners.emit(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)))
    port.on('close', (err: (Error & { disconnected?: boolean }) | null) => this.lost(port, err ?? null))
    // 'error' without a listener would crash the process; a failed write is reported through write() instead.
    port.on('error', () => {})
    this.watchPresence(port)
  }

  async write(data: Uint8Array): Promise<void> {
    const port = this.port
    if (!port || !port.isOpen) throw new Error(`${this.description} is not open`)
    try {
      await new Promise<void>((resolve, reject) => {
        port.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength), (err) => (err ? reject(err) : resolve()))
      })
      await new Promise<void>((resolve, reject) => port.drain((err) => (err ? reject(err) : resolve())))
    } catch (error) {
      // EIO/ENXIO: the far end vanished (a killed socat, a pulled USB adapter).
      if (isGoneError(error)) this.lost(port, error as Error)
      throw error
    }
  }

  async close(): Promise<void> {
    const port = this.port
    if (!port) return
    this.closing = true
    this.port = null
    this.stopPresence()
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()))
    port.removeAllListeners()
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.add(listener)
  }

  onDisconnect(listener: (error: Error | null) => void): () => void {
    return this.disconnectListeners.add(listener)
  }

  private lost(port: SerialPort, error: Error | null): void {
    if (this.closing || this.port !== port) return
    this.port = null
    this.stopPresence()
    if (port.isOpen) port.close(() => {})
    this.disconnectListeners.emit(error ?? new Error(`${this.description} closed unexpectedly`))
  }

  private watchPresence(port: SerialPort): void {
    const every = this.options.presencePollMs ?? 200
    if (every <= 0) return
    this.presenceTimer = setInterval(() => {
      access(this.options.path).catch(() => this.lost(port, Object.assign(new Error(`${this.options.path} vanished`), { disconnected: true })))
    }, every)
    this.presenceTimer.unref()
  }

  private stopPresence(): void {
    if (this.presenceTimer) clearInterval(this.presenceTimer)
    this.presenceTimer = null
  }
}

function isGoneError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  const message = error instanceof Error ? error.message : ''
  return code === 'EIO' || code === 'ENXIO' || code === 'ENODEV' || /EIO|ENXIO|ENODEV|disconnected/i.test(message)
}
