/**
 * The audit display's main-side service: follows the ledger into the index,
 * answers the screens' queries, verifies trails against the node, and tells
 * the faces when something new was indexed.
 *
 *   const audit = new AuditService({ db, rpc, contract, startBlock, log, emit: (n, p) => bus.emit(n, p) })
 *   audit.start()          // follow in the background
 *   ...handlers = createAuditHandlers(audit)
 *   await audit.dispose()  // stops following; the Db stays open (its owner closes it)
 */
import type { Anomaly, AuditHealth, AuditUpdate, SelfCheckEntry, SelfCheckShown, TraceVerification, UnclaimedEntry } from '../../common/contract/audit'
import type { Hex } from '../../common/ledger/hex'
import type { Db } from '../db/database'
import type { RpcClient } from '../ledger/rpc-client'
import type { Logger } from '../log/logger'
import { AnomalyDetector, type AnomalyThresholds, DEFAULT_THRESHOLDS } from './anomalies'
import { AuditFollower, type FollowerOptions, type FollowerStatus } from './follower'
import type { AppliedRange } from './index-writer'
import { AuditQueries } from './queries'
import { verifySteps } from './verify'

/** The two events the service sends; matches EventBus.emit for these names. */
export interface AuditEmitter {
  (name: 'audit.updated', payload: AuditUpdate): void
  (name: 'audit.selfCheck', payload: SelfCheckShown): void
}

export interface AuditServiceDeps {
  db: Db
  rpc: RpcClient
  /** The HuiminRelief contract address. */
  contract: Hex
  /** Its deployment block (0 is safe, only slower on a long chain). */
  startBlock: number
  log: Logger
  emit: AuditEmitter
  follower?: Omit<FollowerOptions, 'startBlock'>
  anomalies?: Partial<AnomalyThresholds>
  /** Least time between two 'audit.updated' events while catching up. */
  updateIntervalMs?: number
}

export class AuditService {
  readonly queries: AuditQueries
  private readonly follower: AuditFollower
  private readonly detector: AnomalyDetector
  private events: number
  private pendingUpdate = { events: 0, disbursements: 0 }
  private updateTimer: NodeJS.Timeout | null = null
  private lastUpdateAt = 0
  private anomalyCache: { at: number; chainTime: number; value: Anomaly[] } | null = null
  private disposed = false

  constructor(private readonly deps: AuditServiceDeps) {
    this.follower = new AuditFollower(
      deps.db,
      deps.rpc,
      deps.contract,
      deps.log,
      { ...deps.follower, startBlock: deps.startBlock },
      {
        applied: (range) => this.onApplied(range),
        rolledBack: (undone, toBlock) => {
          this.events -= undone
          this.anomalyCache = null
          this.deps.emit('audit.updated', { indexedBlock: toBlock, headBlock: this.follower.status.headBlock, newEvents: 0, newDisbursements: 0 })
        },
      },
    )
    this.queries = new AuditQueries(deps.db)
    this.detector = new AnomalyDetector(deps.db, { ...DEFAULT_THRESHOLDS, ...deps.anomalies })
    this.events = this.queries.eventCount()
  }

  start(): void {
    if (this.disposed) throw new Error('AuditService is disposed')
    this.follower.start()
  }

  async stop(): Promise<void> {
    await this.follower.stop()
    this.flushUpdate()
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    await this.follower.close()
    if (this.updateTimer) clearTimeout(this.updateTimer)
    this.updateTimer = null
  }

  /** Resolves once the index worker thread is up (start() does not wait for it). */
  ready(): Promise<void> {
    return this.follower.ready()
  }

  /** Indexes up to the node's current head now (tests, the benchmark, a "refresh" button). */
  async syncNow(): Promise<number> {
    return this.follower.syncToHead()
  }

  get status(): FollowerStatus {
    return this.follower.status
  }

  health(): AuditHealth {
    const s = this.follower.status
    return {
      contract: this.deps.contract,
      nodes: this.deps.rpc.endpoints.map((e) => ({ url: e.url, reachable: e.reachable, latencyMs: e.latencyMs })),
      headBlock: s.headBlock,
      indexedBlock: s.indexedBlock,
      lag: s.headBlock === null ? null : Math.max(0, s.headBlock - s.indexedBlock),
      indexedHash: s.indexedHash,
      indexedTime: s.indexedTime,
      following: s.running,
      lastError: s.lastError,
      reorgs: s.reorgs,
      events: this.events,
    }
  }

  async verify(query: string): Promise<TraceVerification> {
    const trail = this.queries.trace(query)
    return verifySteps(this.deps.rpc, this.deps.contract, (trail.entitlement?.entitlementId as Hex | undefined) ?? null, trail.steps)
  }

  /** A beneficiary's own entries; also shown on the display when `show` is set (card tap in display mode). */
  selfCheck(commitment: Hex, show = false): SelfCheckEntry[] {
    const entries = this.queries.selfCheck(commitment)
    if (show) this.deps.emit('audit.selfCheck', { entries, at: Date.now() })
    return entries
  }

  /** The newest indexed block's time: flags agree with the ledger rather than the local clock. */
  private chainTime(): number {
    return this.follower.status.indexedTime ?? Math.floor(Date.now() / 1000)
  }

  /** Flags at chain time; recomputed at most every 10 s or when the chain moves. */
  anomalies(): Anomaly[] {
    const chainTime = this.chainTime()
    const c = this.anomalyCache
    if (c && c.chainTime === chainTime && Date.now() - c.at < 10_000) return c.value
    const value = this.detector.detect(chainTime)
    this.anomalyCache = { at: Date.now(), chainTime, value }
    return value
  }

  /** The entitlements behind an unclaimed flag, at chain time as the flag itself. */
  unclaimed(village: number, programId: number): UnclaimedEntry[] {
    return this.detector.unclaimedIn(village, programId, this.chainTime())
  }

  private onApplied(range: AppliedRange): void {
    this.events += range.events
    this.pendingUpdate.events += range.events
    this.pendingUpdate.disbursements += range.disbursed
    const wait = (this.deps.updateIntervalMs ?? 1000) - (Date.now() - this.lastUpdateAt)
    if (wait <= 0) this.flushUpdate()
    else this.updateTimer ??= setTimeout(() => this.flushUpdate(), wait)
  }

  private flushUpdate(): void {
    if (this.updateTimer) clearTimeout(this.updateTimer)
    this.updateTimer = null
    if (this.disposed) return
    if (this.pendingUpdate.events === 0) return
    const s = this.follower.status
    this.lastUpdateAt = Date.now()
    const payload: AuditUpdate = {
      indexedBlock: s.indexedBlock,
      headBlock: s.headBlock,
      newEvents: this.pendingUpdate.events,
      newDisbursements: this.pendingUpdate.disbursements,
    }
    this.pendingUpdate = { events: 0, disbursements: 0 }
    this.deps.emit('audit.updated', payload)
  }
}
