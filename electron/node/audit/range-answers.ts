/**
 * The index worker's end of the port its range reader answers on: the answer
 * to a range and the follower's request to write it arrive in either order,
 * matched by id. Each id comes once from each side, so whichever comes
 * second removes the slot.
 */
import type { MessagePort } from 'node:worker_threads'
import type { RawBatch } from '../ledger/rpc-client'
import { type RangeReadReply, errorFromWire } from './index-worker-protocol'

interface Slot {
  answer: Promise<RawBatch>
  settle(reply: RangeReadReply): void
}

export class RangeAnswers {
  private readonly slots = new Map<number, Slot>()

  constructor(private readonly port: MessagePort) {
    port.on('message', (reply: RangeReadReply) => this.claim(reply.id).settle(reply))
  }

  /** The answer for request `id`, now or when it arrives. */
  take(id: number): Promise<RawBatch> {
    return this.claim(id).answer
  }

  /** Stops listening, so the thread can exit. */
  close(): void {
    this.port.close()
  }

  /** The slot for `id`: removed if the other side already made it, else made and kept for the other side. */
  private claim(id: number): Slot {
    const waiting = this.slots.get(id)
    if (waiting) {
      this.slots.delete(id)
      return waiting
    }
    let settle: Slot['settle'] = () => {}
    const answer = new Promise<RawBatch>((resolve, reject) => {
      settle = (reply) => (reply.ok ? resolve(reply.raw) : reject(errorFromWire(reply.error)))
    })
    answer.catch(() => {}) // awaited in its turn: a failed read fails its own range
    const slot = { answer, settle }
    this.slots.set(id, slot)
    return slot
  }
}
