/**
 * Is the ledger reachable? Combines the claim submitter's health with the
 * counter outboxes' view, and remembers since when it has not been, so the
 * queue screen can raise an alert after 10 minutes.
 */
import type { SubmitterHealth } from '../ledger/outbox/submitter'
import type { CounterOutbox } from './counter-outbox'

export const UNREACHABLE_ALERT_MS = 10 * 60_000

export class LedgerWatch {
  private claimsDownSince: number | null = null
  private lastError: string | null = null

  constructor(private readonly outboxes: CounterOutbox[], private readonly now: () => number = Date.now) {}

  /** Feed LedgerService.onHealth into this. */
  onClaimHealth(h: SubmitterHealth): void {
    if (h.state === 'paused' && h.code === 'LEDGER_NODE_DOWN') {
      this.claimsDownSince ??= this.now()
      this.lastError = h.lastError
    } else if (h.state !== 'paused') this.claimsDownSince = null
  }

  current(): { reachable: boolean; unreachableSince: number | null; lastError: string | null; alert: boolean } {
    const since = [this.claimsDownSince, ...this.outboxes.map((o) => (o.reachable.ok ? null : o.reachable.since))].filter((x): x is number => x !== null)
    const unreachableSince = since.length ? Math.min(...since) : null
    const lastError = this.lastError ?? this.outboxes.find((o) => !o.reachable.ok)?.reachable.lastError ?? null
    return {
      reachable: unreachableSince === null,
      unreachableSince,
      lastError: unreachableSince === null ? null : lastError,
      alert: unreachableSince !== null && this.now() - unreachableSince > UNREACHABLE_ALERT_MS,
    }
  }
}
