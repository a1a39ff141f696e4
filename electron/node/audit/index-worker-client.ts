/**
 * The main thread's handle on the audit index worker: sends it ranges read
 * from the node and rollbacks, and turns its replies back into promises and
 * typed errors. A worker that dies fails every pending request; the next
 * request starts a new one.
 */
import type { Worker } from 'node:worker_threads'
import type { Hex } from '../../common/ledger/hex'
import type { RpcRequest } from '../ledger/rpc-client'
import { spawnWorker } from '../workers/spawn-worker'
import {
  type IndexWorkerData,
  type IndexWorkerReply,
  type IndexWorkerRequest,
  type IndexWorkerResults,
  errorFromWire,
} from './index-worker-protocol'
import type { AppliedRange } from './index-writer'
import type { RangeRequest } from './log-source'

type Pending = { resolve: (value: never) => void; reject: (e: Error) => void }
type Request = IndexWorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never

export class IndexWorkerClient {
  private worker: Worker | null = null
  private exited: Promise<void> = Promise.resolve()
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private started: Promise<void> = Promise.resolve()

  constructor(private readonly data: IndexWorkerData) {}

  /** Starts the worker now rather than on the first request; resolves once it is up. */
  ready(): Promise<void> {
    if (!this.worker) this.spawn()
    return this.started
  }

  /** Parses, checks and writes one range; it must start right after the index's cursor. */
  apply(range: RangeRequest, calls: RpcRequest[]): Promise<AppliedRange> {
    return this.call<'apply'>({ op: 'apply', range, calls })
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

  private call<K extends keyof IndexWorkerResults>(request: Request): Promise<IndexWorkerResults[K]> {
    const worker = this.worker ?? this.spawn()
    const id = this.nextId++
    return new Promise<IndexWorkerResults[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject })
      worker.postMessage({ ...request, id })
    })
  }

  private spawn(): Worker {
    const worker = spawnWorker('audit-index-worker', this.data)
    this.worker = worker
    // Request id 0 is the worker's own "up" message.
    this.started = new Promise((resolve, reject) => this.pending.set(0, { resolve: resolve as Pending['resolve'], reject }))
    this.started.catch(() => {}) // a worker that never comes up fails its requests too; this only keeps the rejection handled
    worker.on('message', (reply: IndexWorkerReply) => {
      const p = this.pending.get(reply.id)
      if (!p) return
      this.pending.delete(reply.id)
      if (reply.ok) p.resolve(reply.value as never)
      else p.reject(errorFromWire(reply.error))
    })
    worker.on('error', (e) => this.failAll(e))
    this.exited = new Promise((resolve) => {
      worker.on('exit', (code) => {
        if (this.worker === worker) this.worker = null
        this.failAll(new Error(`audit index worker exited (code ${code})`))
        resolve()
      })
    })
    return worker
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e)
    this.pending.clear()
  }
}
