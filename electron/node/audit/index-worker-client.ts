/**
 * The main thread's handle on the audit index worker and its range reader:
 * asks the reader for each range and the worker to write it (the reader
 * sends its answer straight to the worker, on a port joining the two), sends
 * rollbacks, and turns the worker's replies back into promises and typed
 * errors. The two threads stand or fall together: when either stops, the
 * other is stopped, every pending request fails, and the next request starts
 * a new pair.
 */
import { MessageChannel, type Worker } from 'node:worker_threads'
import type { Hex } from '../../common/ledger/hex'
import type { RpcRequest } from '../ledger/rpc-client'
import { spawnWorker } from '../workers/spawn-worker'
import {
  type IndexWorkerData,
  type IndexWorkerReply,
  type IndexWorkerRequest,
  type IndexWorkerResults,
  type RangeReadRequest,
  errorFromWire,
} from './index-worker-protocol'
import type { AppliedRange } from './index-writer'
import type { RangeRequest } from './log-source'

type Pending = { resolve: (value: never) => void; reject: (e: Error) => void }
type Request = IndexWorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never

export class IndexWorkerClient {
  private worker: Worker | null = null
  private reader: Worker | null = null
  private exited: Promise<void> = Promise.resolve()
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private started: Promise<void> = Promise.resolve()

  constructor(private readonly data: IndexWorkerData) {}

  /** Starts the threads now rather than on the first request; resolves once both are up. */
  ready(): Promise<void> {
    if (!this.worker) this.spawn()
    return this.started
  }

  /** Parses, checks and writes one range; it must start right after the index's cursor. */
  apply(range: RangeRequest, calls: RpcRequest[]): Promise<AppliedRange> {
    return this.call<'apply'>({ op: 'apply', range, calls }, (id) => this.reader!.postMessage({ id, calls } satisfies RangeReadRequest))
  }

  /** Undoes every event after `block`; returns how many. */
  rollbackTo(block: number, hash: Hex | null, time: number | null): Promise<number> {
    return this.call<'rollback'>({ op: 'rollback', block, hash, time })
  }

  /** Lets the worker finish what it was given, close its connection and exit. */
  async close(): Promise<void> {
    if (!this.worker) return
    await this.call<'close'>({ op: 'close' }).catch(() => {})
    await this.exited
  }

  /** `before` runs with the request's id before the worker gets it (apply asks the reader first). */
  private call<K extends keyof IndexWorkerResults>(request: Request, before?: (id: number) => void): Promise<IndexWorkerResults[K]> {
    const worker = this.worker ?? this.spawn()
    const id = this.nextId++
    return new Promise<IndexWorkerResults[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve, reject })
      before?.(id)
      worker.postMessage({ ...request, id })
    })
  }

  private spawn(): Worker {
    const joined = new MessageChannel()
    const reader = spawnWorker('audit-range-reader', { ...this.data, answers: joined.port1 }, [joined.port1])
    const worker = spawnWorker('audit-index-worker', { ...this.data, answers: joined.port2 }, [joined.port2])
    this.worker = worker
    this.reader = reader
    // Request id 0 is the worker's own "up" message; the reader says { up: true }.
    const workerUp = new Promise((resolve, reject) => this.pending.set(0, { resolve: resolve, reject }))
    const readerUp = new Promise((resolve, reject) => {
      reader.once('message', resolve)
      reader.once('exit', (code) => reject(new Error(`audit range reader exited (code ${code})`)))
    })
    this.started = Promise.all([workerUp, readerUp]).then(() => {})
    this.started.catch(() => {}) // threads that never come up fail their requests too; this only keeps the rejection handled
    worker.on('message', (reply: IndexWorkerReply) => {
      const p = this.pending.get(reply.id)
      if (!p) return
      this.pending.delete(reply.id)
      if (reply.ok) p.resolve(reply.value as never)
      else p.reject(errorFromWire(reply.error))
    })
    worker.on('error', (e) => this.failAll(e))
    reader.on('error', (e) => this.failAll(e))
    const stopped = (thread: Worker, what: string) =>
      new Promise<void>((resolve) => {
        thread.on('exit', (code) => {
          if (this.worker === worker) {
            this.worker = this.reader = null
            this.failAll(new Error(`audit ${what} exited (code ${code})`))
          }
          void (thread === worker ? reader : worker).terminate()
          resolve()
        })
      })
    this.exited = Promise.all([stopped(worker, 'index worker'), stopped(reader, 'range reader')]).then(() => {})
    return worker
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e)
    this.pending.clear()
  }
}
