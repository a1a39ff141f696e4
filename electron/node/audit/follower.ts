/**
 * Follows the contract's events into the index: catches up from the cursor
 * in block ranges, then polls for new blocks. This thread only plans the
 * ranges; the index worker reads each from the node and writes it on its own
 * thread, reading range N+1 while it writes range N, so the index keeps pace
 * with the node's own read rate without stalling the screens.
 * Survives node restarts (retries with backoff, resumes from the cursor) and
 * reorganisations (rolls back to the newest block whose hash still matches).
 */
import type { Hex } from '../../common/ledger/hex'
import type { Db } from '../db/database'
import { RpcError, type RpcClient } from '../ledger/rpc-client'
import type { Logger } from '../log/logger'
import { IndexCursor } from './index-cursor'
import { IndexWorkerClient } from './index-worker-client'
import type { AppliedRange } from './index-writer'
import { RangeInconsistent, ReorgDetected, rangeCalls, readHeaders } from './log-source'

/** Ranges handed to the worker and not yet written: one being written, one read and waiting, one being read. */
const MAX_RANGES_IN_WORKER = 3

export interface FollowerOptions {
  /** First block that can hold the contract's events (its deployment block). */
  startBlock: number
  /** How often to look for new blocks once caught up. */
  pollMs?: number
  /** Events per eth_getLogs call the range size adapts towards. */
  targetEvents?: number
  /** Largest block range per call. */
  maxRange?: number
}

export interface FollowerListener {
  applied?(range: AppliedRange): void
  rolledBack?(undone: number, toBlock: number): void
}

export interface FollowerStatus {
  headBlock: number | null
  indexedBlock: number
  indexedHash: Hex | null
  indexedTime: number | null
  running: boolean
  lastError: string | null
  reorgs: number
  lastReorg: { at: number; rolledBackTo: number; undone: number } | null
}

export class AuditFollower {
  private readonly index: IndexCursor
  private readonly worker: IndexWorkerClient
  private headBlock: number | null = null
  private lastError: string | null = null
  private reorgs = 0
  private lastReorg: FollowerStatus['lastReorg'] = null
  private rangeSize: number
  private loop: Promise<void> | null = null
  private stopped = true
  /** Set by stop(): a pass in progress ends after the range it is writing. */
  private halting = false
  private wake: (() => void) | null = null
  private readonly pollMs: number
  private readonly targetEvents: number
  private readonly maxRange: number

  constructor(
    db: Db,
    private readonly rpc: RpcClient,
    private readonly contract: Hex,
    private readonly log: Logger,
    private readonly options: FollowerOptions,
    private readonly listener: FollowerListener = {},
  ) {
    if (db.memory) throw new Error('the audit index needs a database file: its worker opens its own connection to it')
    this.index = new IndexCursor(db)
    this.index.init(contract.toLowerCase() as Hex, options.startBlock)
    this.worker = new IndexWorkerClient({ dbPath: db.name, endpoints: rpc.endpoints.map((e) => e.url), timeoutMs: rpc.timeoutMs, maxBatch: rpc.maxBatch })
    this.pollMs = options.pollMs ?? 1000
    this.targetEvents = options.targetEvents ?? 5000
    this.maxRange = options.maxRange ?? 5000
    this.rangeSize = Math.min(10, this.maxRange)
  }

  get status(): FollowerStatus {
    const c = this.index.read()!
    return {
      headBlock: this.headBlock,
      indexedBlock: c.indexedBlock,
      indexedHash: c.indexedHash,
      indexedTime: c.indexedTime,
      running: !this.stopped,
      lastError: this.lastError,
      reorgs: this.reorgs,
      lastReorg: this.lastReorg,
    }
  }

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    this.halting = false
    void this.worker.ready()
    this.loop = this.run()
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.halting = true
    this.wake?.()
    await this.loop
    this.loop = null
    this.halting = false
  }

  /** Starts the index worker (a thread with its own SQLite connection); resolves once it is up. */
  ready(): Promise<void> {
    return this.worker.ready()
  }

  /** Stops following and lets the index worker exit. */
  async close(): Promise<void> {
    await this.stop()
    await this.worker.close()
  }

  private async run(): Promise<void> {
    let failures = 0
    while (!this.stopped) {
      try {
        await this.syncToHead()
        failures = 0
        this.lastError = null
      } catch (e) {
        failures++
        this.lastError = (e as Error).message
        this.log.warn('audit follower pass failed', { code: (e as { code?: string }).code, error: e as Error, failures })
      }
      await this.sleep(failures ? Math.min(this.pollMs * 2 ** failures, 15_000) : this.pollMs)
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.wake = done
    })
  }

  /** One pass: index everything up to the node's current head. Returns the events applied. */
  async syncToHead(): Promise<number> {
    const head = Number.parseInt(await this.rpc.request<string>('eth_blockNumber'), 16)
    this.headBlock = head
    const pass = { applied: 0 }
    for (let attempt = 0; ; attempt++) {
      const cursor = this.index.read()!
      try {
        if (head <= cursor.indexedBlock) await this.checkTip(cursor.indexedBlock, cursor.indexedHash)
        else await this.pipeline(cursor.indexedBlock + 1, head, pass)
        return pass.applied
      } catch (e) {
        if (e instanceof ReorgDetected) {
          await this.rollBack(e)
          return pass.applied
        }
        if (e instanceof RangeInconsistent && attempt < 3) continue
        // A node refusing the range (too many results, too wide) gets a smaller one.
        if (e instanceof RpcError && e.code === 'RPC_NODE_ERROR' && this.rangeSize > 1) {
          this.rangeSize = Math.max(1, Math.floor(this.rangeSize / 4))
          continue
        }
        throw e
      }
    }
  }

  /** At the head with nothing new: the last indexed block must still be on the chain. */
  private async checkTip(block: number, hash: Hex | null): Promise<void> {
    if (!hash) return
    const [header] = await readHeaders(this.rpc, [block])
    if (!header || header.hash.toLowerCase() !== hash) throw new ReorgDetected(block, 'indexed tip changed')
  }

  /** Hands ranges to the worker, up to MAX_RANGES_IN_WORKER at a time; the first failure ends the pass once the worker is idle. */
  private async pipeline(from: number, head: number, pass: { applied: number }): Promise<void> {
    const inWorker: Promise<void>[] = []
    const outcome: { error?: unknown } = {}
    try {
      for (let next = from; next <= head && !('error' in outcome) && !this.halting;) {
        const range = { from: next, to: Math.min(head, next + this.rangeSize - 1) }
        const written = this.worker.apply(range, rangeCalls(this.contract, range)).then(
          (done) => {
            pass.applied += done.events
            this.adapt(done)
            this.listener.applied?.(done)
          },
          // Ranges queued behind a failed one fail too (they no longer start at the cursor); the first error counts.
          (e: unknown) => {
            if (!('error' in outcome)) outcome.error = e
          },
        )
        inWorker.push(written)
        if (inWorker.length >= MAX_RANGES_IN_WORKER) await inWorker.shift()
        next = range.to + 1
      }
    } finally {
      await Promise.all(inWorker)
    }
    if ('error' in outcome) throw outcome.error
  }

  /**
   * Sizes the next ranges for `targetEvents` events at the density of the
   * range just written: at most twice as many blocks (the first blocks of a
   * chain are often sparse), at least a quarter.
   */
  private adapt(range: AppliedRange): void {
    const blocks = range.to - range.from + 1
    const fitting = range.events === 0 ? Number.POSITIVE_INFINITY : Math.floor((blocks * this.targetEvents) / range.events)
    this.rangeSize = Math.min(this.maxRange, Math.max(1, Math.ceil(this.rangeSize / 4), Math.min(fitting, this.rangeSize * 2)))
  }

  /** Finds the newest indexed block the node still agrees with and undoes everything after it. */
  private async rollBack(reorg: ReorgDetected): Promise<void> {
    let probe = Math.min(reorg.block, this.index.read()!.indexedBlock)
    let ancestor: { number: number; hash: Hex | null; time: number | null } = { number: this.options.startBlock - 1, hash: null, time: null }
    for (;;) {
      const candidates = this.index.hashesAtOrBelow(probe, 32)
      if (candidates.length === 0) break
      const headers = await readHeaders(
        this.rpc,
        candidates.map((c) => c.number),
      )
      const match = candidates.findIndex((c, i) => headers[i]?.hash.toLowerCase() === c.hash)
      if (match >= 0) {
        const c = candidates[match]!
        ancestor = { number: c.number, hash: c.hash, time: Number.parseInt(headers[match]!.timestamp, 16) }
        break
      }
      probe = candidates[candidates.length - 1]!.number - 1
    }
    const undone = await this.worker.rollbackTo(ancestor.number, ancestor.hash, ancestor.time)
    this.reorgs++
    this.lastReorg = { at: Date.now(), rolledBackTo: ancestor.number, undone }
    this.listener.rolledBack?.(undone, ancestor.number)
    this.log.warn('ledger reorganisation: audit index rolled back', { detectedAt: reorg.block, rolledBackTo: ancestor.number, undone })
  }
}
