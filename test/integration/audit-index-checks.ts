/**
 * The check every audit index test ends with: each of the node's events
 * indexed exactly once, in its own transaction, and the index's sums equal to what the node's own
 * events add up to (sumFromNode).
 */
import { expect } from 'vitest'
import type { AuditService } from '../../electron/node/audit/audit-service'
import { EVENT_KIND } from '../../electron/node/audit/event-kinds'
import type { Db } from '../../electron/node/db/database'
import type { ChainSums } from './audit-chain'

export function expectIndexMatchesChain(s: AuditService, database: Db, sums: ChainSums): void {
  const rows = database.prepare('SELECT l.block, l.log_index, t.hash FROM audit_logs l JOIN audit_txs t ON t.id = l.tx').all() as {
    block: number
    log_index: number
    hash: Buffer
  }[]
  expect(rows.length).toBe(sums.events)
  expect(new Set(rows.map((r) => `${r.block}:${r.log_index}:0x${r.hash.toString('hex')}`))).toEqual(sums.positions)
  // No transaction left without its events (a rollback drops both), and every entitlement event points at its entitlement.
  expect(database.prepare('SELECT COUNT(*) FROM audit_txs WHERE id NOT IN (SELECT tx FROM audit_logs)').pluck().get()).toBe(0)
  const entitlementKinds = [EVENT_KIND.EntitlementApproved, EVENT_KIND.EntitlementRevoked, EVENT_KIND.Disbursed, EVENT_KIND.Settled].join(', ')
  const dangling = `SELECT COUNT(*) FROM audit_logs l WHERE l.kind IN (${entitlementKinds}) AND NOT EXISTS (SELECT 1 FROM audit_entitlements e WHERE e.seq = l.ref)`
  expect(database.prepare(dangling).pluck().get()).toBe(0)
  const totals = s.queries.totals()
  const indexed = new Map(totals.programs.map((p) => [p.programId, p]))
  expect(indexed.size).toBe(sums.byProgram.size)
  for (const [id, chainSum] of sums.byProgram) {
    const p = indexed.get(id)!
    expect({
      funded: p.funded,
      approved: p.approved,
      approvedCount: p.approvedCount,
      paid: p.paid,
      paidCount: p.paidCount,
      settled: p.settled,
      revoked: p.revoked,
    }).toEqual(chainSum)
  }
  const villageSum = totals.villages.length ? database.prepare('SELECT SUM(paid) FROM audit_totals WHERE year = ?').pluck().get(totals.year) : 0
  expect(villageSum ?? 0).toBe(totals.sum.paid)
}
