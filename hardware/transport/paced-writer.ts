import type { Transport } from './transport'

/** Wire time of one byte in ms at a baud rate, 8N1 = 10 bits per byte. */
export const byteTimeMs = (baudRate: number): number => 10_000 / baudRate

/** Wire time of `bytes` bytes in ms at a baud rate (8N1). */
export const wireTimeMs = (bytes: number, baudRate: number): number => bytes * byteTimeMs(baudRate)

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)))

/**
 * Writes `data` to a transport as a UART at `baudRate` would deliver it: each
 * byte becomes available only when its 10 bits have crossed the wire. A timer
 * ticks about every millisecond and sends every byte whose wire time has passed,
 * measured from the start of this write (cumulative, so timer jitter never adds
 * up to drift). A pty carries no baud timing of its own; this puts it back.
 */
export async function writePaced(transport: Transport, data: Uint8Array, baudRate: number): Promise<void> {
  if (!Number.isFinite(baudRate) || baudRate <= 0) throw new TypeError(`writePaced: bad baud rate ${baudRate}`)
  const perByte = byteTimeMs(baudRate)
  const start = performance.now()
  let sent = 0
  while (sent < data.length) {
    const due = Math.min(data.length, Math.floor((performance.now() - start) / perByte))
    if (due > sent) {
      await transport.write(data.subarray(sent, due))
      sent = due
      continue
    }
    // Sleep until the next byte is due, at least ~1 ms (timer granularity).
    await sleep(start + (sent + 1) * perByte - performance.now())
  }
}

/**
 * Serialises writes to one transport, optionally paced at a baud rate, so a
 * simulator's replies never interleave. `baudRate` null writes at full speed.
 */
export class PacedWriter {
  private tail: Promise<void> = Promise.resolve()

  constructor(
    private readonly transport: Transport,
    public baudRate: number | null = null,
  ) {}

  write(data: Uint8Array): Promise<void> {
    const run = () => (this.baudRate ? writePaced(this.transport, data, this.baudRate) : this.transport.write(data))
    const next = this.tail.then(run, run)
    this.tail = next.catch(() => {})
    return next
  }
}
