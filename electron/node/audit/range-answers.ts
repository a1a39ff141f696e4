/**
 * The index worker's end of the port its range reader answers on: the answer
 * to a range and the follower's request to write it arrive in either order,
 * matched by id.
 */
import type { MessagePort } from 'node:worker_threads'
import type { RawBatch } from '../ledger/rpc-client'
import { type RangeReadReply, errorFromWire } from './index-worker-protocol'

interface Slot {
  answer: Promise<RawBatch>
  settle(reply: RangeReadReply): void
  taken: boolean
  settled: boolean
}

export class RangeAnswers {
  private readonly slots = new Map<number, Slot>()

  constructor(private readonly port: MessagePort) {
    port.on('message', (reply: RangeReadReply) => {
      const slot = this.slot(reply.id)
      slot.settle(reply)
      slot.settled = true
      if (slot.taken) this.slots.delete(reply.id)
    })
  }

  /** The answer for request `id`, now or when it arrives. */
  take(id: number): Promise<RawBatch> {
    const slot = this.slot(id)
    slot.taken = true
    if (slot.settled) this.slots.delete(id)
    return slot.answer
  }

  /** Stops listening, so the thread can exit. */
  close(): void {
    this.port.close()
  }

  private slot(id: number): Slot {
    let slot = this.slots.get(id)
    if (!slot) {
      let settle: Slot['settle'] = () => {}
      const answer = new Promise<RawBatch>((resolve, reject) => {
        settle = (reply) => (reply.ok ? resolve(reply.raw) : reject(errorFromWire(reply.error)))
      })
      answer.catch(() => {}) // awaited in its turn: a failed read fails its own range
      slot = { answer, settle, taken: false, settled: false }
      this.slots.set(id, slot)
    }
    return slot
  }
}
