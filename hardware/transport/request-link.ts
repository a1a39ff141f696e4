import { DeviceError } from '../common/device-error'
import type { FrameScanner } from '../common/frame-scanner'
import type { Transport } from './transport'

/**
 * Command/response over a Transport for protocols where the host speaks first
 * and the device answers with one frame (SAM, EF01). One request at a time;
 * a reply that does not come in time rejects with DEVICE_TIMEOUT and drops any
 * partial frame; frames nobody asked for are counted and dropped; a
 * disconnect rejects the pending request with DEVICE_GONE.
 */
export class RequestLink<F> {
  private waiter: { resolve: (frame: F) => void; reject: (error: Error) => void } | null = null
  private queue: Promise<unknown> = Promise.resolve()
  private readonly unsubs: Array<() => void>
  unsolicited = 0

  constructor(
    readonly transport: Transport,
    readonly decoder: FrameScanner<F>,
  ) {
    this.unsubs = [
      transport.onData((chunk) => {
        for (const frame of decoder.push(chunk)) {
          const w = this.waiter
          if (w) {
            this.waiter = null
            w.resolve(frame)
          } else this.unsolicited++
        }
      }),
      transport.onDisconnect((error) => this.fail(new DeviceError('DEVICE_GONE', `${transport.description} disconnected`, { cause: error }))),
    ]
  }

  /** Sends `bytes` (one or more frames) and resolves with the next frame received. */
  request(bytes: Uint8Array | Uint8Array[], timeoutMs: number): Promise<F> {
    const run = () => this.exchange(Array.isArray(bytes) ? bytes : [bytes], timeoutMs)
    const next = this.queue.then(run, run)
    this.queue = next.catch(() => {})
    return next
  }

  /** Sends frames that get no reply (EF01 data packets after DownChar). */
  send(frames: Uint8Array[]): Promise<void> {
    const run = async () => {
      for (const f of frames) await this.transport.write(f)
    }
    const next = this.queue.then(run, run)
    this.queue = next.catch(() => {})
    return next
  }

  dispose(): void {
    for (const u of this.unsubs) u()
    this.fail(new DeviceError('DEVICE_GONE', 'link disposed'))
  }

  private async exchange(frames: Uint8Array[], timeoutMs: number): Promise<F> {
    const reply = new Promise<F>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.waiter?.resolve !== done) return
        this.waiter = null
        this.decoder.reset()
        reject(new DeviceError('DEVICE_TIMEOUT', `${this.transport.description}: no reply within ${timeoutMs} ms`))
      }, timeoutMs)
      const done = (frame: F) => {
        clearTimeout(timer)
        resolve(frame)
      }
      this.waiter = {
        resolve: done,
        reject: (error) => {
          clearTimeout(timer)
          reject(error)
        },
      }
    })
    // The reply may settle (disconnect, timeout) while the write is still pending: mark it handled until returned.
    reply.catch(() => {})
    try {
      for (const f of frames) await this.transport.write(f)
    } catch (error) {
      this.fail(new DeviceError('DEVICE_GONE', `${this.transport.description}: write failed`, { cause: error }))
    }
    return reply
  }

  private fail(error: Error): void {
    const w = this.waiter
    this.waiter = null
    w?.reject(error)
  }
}
