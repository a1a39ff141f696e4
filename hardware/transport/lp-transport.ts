import { constants } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import { Listeners } from '../common/listeners'
import type { Transport } from './transport'

export interface LpTransportOptions {
  /** USB printer class device file, e.g. /dev/usb/lp0. */
  path: string
  /** How often to look for status bytes from the printer while someone listens (default 20 ms). */
  readPollMs?: number
}

/**
 * A Transport over a USB printer class device file (/dev/usb/lpN on Linux),
 * written with plain fs: these files reject the baud-rate ioctls serialport
 * issues. Opened read-write and non-blocking, so reading never parks a libuv
 * thread: while onData has listeners, the file is polled for the printer's
 * back-channel bytes (status answers); EAGAIN and end-of-file mean "nothing
 * yet". ENODEV/EIO on a write or read means the printer was unplugged.
 */
export class LpTransport implements Transport {
  readonly description: string
  private handle: FileHandle | null = null
  private poll: NodeJS.Timeout | null = null
  private reading = false
  private readonly dataListeners = new Listeners<[Uint8Array]>()
  private readonly disconnectListeners = new Listeners<[Error | null]>()

  constructor(private readonly options: LpTransportOptions) {
    if (!options.path.startsWith('/')) throw new TypeError(`LpTransport: path must be absolute, got "${options.path}"`)
    this.description = `lp:${options.path}`
  }

  get isOpen(): boolean {
    return this.handle !== null
  }

  async open(): Promise<void> {
    if (this.handle) throw new Error(`${this.description} is already open`)
    this.handle = await open(this.options.path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY)
    this.updatePolling()
  }

  async write(data: Uint8Array): Promise<void> {
    const handle = this.handle
    if (!handle) throw Object.assign(new Error(`${this.description} is not open`), { code: 'EIO' })
    let offset = 0
    try {
      while (offset < data.length) {
        try {
          const { bytesWritten } = await handle.write(data, offset, data.length - offset)
          offset += bytesWritten
        } catch (error) {
          // Non-blocking: the printer's buffer is full; wait a little and go on.
          if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
          await new Promise((resolve) => setTimeout(resolve, 5))
        }
      }
    } catch (error) {
      if (isGone(error)) this.lost(error as Error)
      throw error
    }
  }

  async close(): Promise<void> {
    const handle = this.handle
    this.handle = null
    this.updatePolling()
    await handle?.close()
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    const remove = this.dataListeners.add(listener)
    this.updatePolling()
    return () => {
      remove()
      this.updatePolling()
    }
  }

  onDisconnect(listener: (error: Error | null) => void): () => void {
    return this.disconnectListeners.add(listener)
  }

  private updatePolling(): void {
    const want = this.handle !== null && this.dataListeners.size > 0
    if (want && !this.poll) this.poll = setInterval(() => void this.readOnce(), this.options.readPollMs ?? 20)
    if (!want && this.poll) {
      clearInterval(this.poll)
      this.poll = null
    }
  }

  private async readOnce(): Promise<void> {
    const handle = this.handle
    if (!handle || this.reading) return
    this.reading = true
    try {
      const buf = new Uint8Array(256)
      const { bytesRead } = await handle.read(buf, 0, buf.length, null)
      if (bytesRead > 0 && this.handle === handle) this.dataListeners.emit(buf.subarray(0, bytesRead))
    } catch (error) {
      if (isGone(error)) this.lost(error as Error)
      // EAGAIN: nothing to read yet.
    } finally {
      this.reading = false
    }
  }

  private lost(error: Error): void {
    const handle = this.handle
    if (!handle) return
    this.handle = null
    this.updatePolling()
    void handle.close().catch(() => {})
    this.disconnectListeners.emit(error)
  }
}

function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code
  return code === 'ENODEV' || code === 'EIO' || code === 'ENXIO' || code === 'ENOENT'
}
