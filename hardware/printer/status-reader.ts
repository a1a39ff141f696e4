import { statusRequest } from '../common/escpos/commands'
import type { StatusBytes } from '../common/escpos/status'
import type { Transport } from '../transport/transport'

const REQUEST_ALL = Uint8Array.from([...statusRequest(1), ...statusRequest(2), ...statusRequest(3), ...statusRequest(4)])

/**
 * Asks `DLE EOT 1..4` in one write and collects the four one-byte answers.
 * Bytes that arrive while no query is waiting (late answers, automatic status
 * back) are dropped, and the buffer is cleared before each query so a stale
 * byte can never be read as a fresh answer. Resolves null when the printer
 * has not answered all four within the timeout.
 */
export class StatusReader {
  private waiting: { bytes: number[]; resolve: (b: StatusBytes | null) => void } | null = null
  private chain: Promise<unknown> = Promise.resolve()
  private readonly unsubscribe: () => void

  constructor(private readonly transport: Transport) {
    this.unsubscribe = transport.onData((chunk) => {
      const w = this.waiting
      if (!w) return
      for (const b of chunk) if (w.bytes.length < 4) w.bytes.push(b)
      if (w.bytes.length === 4) {
        this.waiting = null
        w.resolve(w.bytes as unknown as StatusBytes)
      }
    })
  }

  /** Queries are serialised: two callers never share answers. */
  query(timeoutMs: number): Promise<StatusBytes | null> {
    const run = () => this.queryNow(timeoutMs)
    const next = this.chain.then(run, run)
    this.chain = next.catch(() => {})
    return next
  }

  private async queryNow(timeoutMs: number): Promise<StatusBytes | null> {
    let timer: NodeJS.Timeout | undefined
    const answer = new Promise<StatusBytes | null>((resolve) => {
      this.waiting = { bytes: [], resolve }
      timer = setTimeout(() => {
        this.waiting = null
        resolve(null)
      }, timeoutMs)
    })
    try {
      await this.transport.write(REQUEST_ALL)
      return await answer
    } catch (error) {
      this.waiting = null
      throw error
    } finally {
      clearTimeout(timer)
    }
  }

  dispose(): void {
    this.unsubscribe()
  }
}
