/**
 * Is the ledger reachable, and does it take what it is sent? Follows the
 * health of every outbox lane (the kiosk's claims, the counter's operator
 * and station keys) and remembers since when the node has been down, so the
 * queue screen can raise an alert after 10 minutes, and which refusal a node
 * that answers but takes nothing gave.
 */
import type { SubmitterHealth } from '../ledger/outbox/submitter'

export const UNREACHABLE_ALERT_MS = 10 * 60_000

export interface WatchedLane {
  health(): SubmitterHealth
  onHealth(listener: (h: SubmitterHealth) => void): () => void
}

export interface LedgerWatchView {
  reachable: boolean
  unreachableSince: number | null
  lastError: string | null
  /** The node answers but refuses transactions: its message. */
  refused: string | null
  alert: boolean
}

export class LedgerWatch {
  private readonly downSince = new Map<WatchedLane, number>()
  private readonly unsubscribe: (() => void)[]

  constructor(
    private readonly lanes: WatchedLane[],
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = lanes.map((lane) => lane.onHealth((h) => this.follow(lane, h)))
    for (const lane of lanes) this.follow(lane, lane.health())
  }

  private follow(lane: WatchedLane, h: SubmitterHealth): void {
    if (h.state === 'paused' && h.code === 'LEDGER_NODE_DOWN') {
      if (!this.downSince.has(lane)) this.downSince.set(lane, this.now())
    } else this.downSince.delete(lane)
  }

  current(): LedgerWatchView {
    const since = [...this.downSince.values()]
    const unreachableSince = since.length ? Math.min(...since) : null
    const health = this.lanes.map((l) => l.health())
    const down = health.find((h) => h.state === 'paused' && h.code === 'LEDGER_NODE_DOWN')
    const refused = health.find((h) => h.state === 'paused' && h.code === 'LEDGER_TX_REFUSED')
    return {
      reachable: unreachableSince === null,
      unreachableSince,
      lastError: down?.lastError ?? null,
      refused: refused?.lastError ?? null,
      alert: unreachableSince !== null && this.now() - unreachableSince > UNREACHABLE_ALERT_MS,
    }
  }

  dispose(): void {
    this.unsubscribe.forEach((u) => u())
  }
}
