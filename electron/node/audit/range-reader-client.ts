/**
 * The index worker's handle on its range reader thread (range-reader.ts):
 * read() resolves with a range's raw answer. If the thread dies, every read
 * waiting on it fails and the next read starts a new thread.
 */
import type { Worker } from 'node:worker_threads'
import type { RawBatch, RpcRequest } from '../ledger/rpc-client'
import { spawnWorker } from '../workers/spawn-worker'
import { type IndexWorkerData, type RangeReadReply, type RangeReadRequest, errorFromWire } from './index-worker-protocol'

interface Waiting {
  resolve(raw: RawBatch): void
  reject(e: Error): void
}

export class RangeReaderClient {
  private worker: Worker | null = null
  private up: Promise<void> = Promise.resolve()
  private readonly waiting = new Map<number, Waiting>()
  private nextId = 1

  constructor(private readonly data: IndexWorkerData) {}

  /** Starts the thread if it is not running; resolves once it is up (or has failed to start). */
  ready(): Promise<void> {
    if (!this.worker) this.start()
    return this.up
  }

  read(calls: RpcRequest[]): Promise<RawBatch> {
    const worker = this.worker ?? this.start()
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      worker.postMessage({ id, calls } satisfies RangeReadRequest)
    })
  }

  async close(): Promise<void> {
    const worker = this.worker
    this.worker = null
    if (worker) await worker.terminate()
  }

  private start(): Worker {
    const worker = spawnWorker('audit-range-reader', this.data)
    let started: () => void = () => {}
    this.up = new Promise((resolve) => (started = resolve))
    worker.on('message', (m: RangeReadReply) => {
      if (m.id === 0) return started()
      const w = this.waiting.get(m.id)
      if (!w) return
      this.waiting.delete(m.id)
      if (m.ok) w.resolve(m.raw as RawBatch)
      else w.reject(errorFromWire(m.error))
    })
    const lost = (e: Error) => {
      started()
      if (this.worker === worker) this.worker = null
      for (const w of this.waiting.values()) w.reject(e)
      this.waiting.clear()
    }
    worker.on('error', lost)
    worker.on('exit', (code) => lost(new Error(`audit range reader stopped (exit code ${code})`)))
    this.worker = worker
    return worker
  }
}
