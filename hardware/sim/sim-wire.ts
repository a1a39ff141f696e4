import { PacedWriter } from '../transport/paced-writer'
import type { Transport } from '../transport/transport'

/** Wire faults both simulators can inject into their replies. */
export type WireFault = 'none' | 'timeout' | 'garbage' | 'checksum'

/**
 * The simulator's sending side: serialised, optionally paced at a baud rate,
 * with faults applied to each reply (drop it, prepend garbage, break its
 * checksum by flipping the last byte).
 */
export class SimWire {
  fault: WireFault = 'none'
  private readonly writer: PacedWriter
  private seed = 0x9e3779b9

  constructor(transport: Transport, baudRate: number | null) {
    this.writer = new PacedWriter(transport, baudRate)
  }

  set baudRate(rate: number | null) {
    this.writer.baudRate = rate
  }

  async send(frames: Uint8Array[]): Promise<void> {
    if (this.fault === 'timeout') return
    for (const original of frames) {
      let frame = original
      if (this.fault === 'checksum') {
        frame = original.slice()
        frame[frame.length - 1]! ^= 0x5a
      } else if (this.fault === 'garbage') {
        const noise = this.noise(7 + (this.seed % 23))
        frame = new Uint8Array(noise.length + original.length)
        frame.set(noise)
        frame.set(original, noise.length)
      }
      await this.writer.write(frame).catch(() => {})
    }
  }

  private noise(n: number): Uint8Array {
    const out = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      this.seed = (Math.imul(this.seed, 1664525) + 1013904223) >>> 0
      out[i] = this.seed >>> 24
    }
    return out
  }
}
