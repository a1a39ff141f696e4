/**
 * The check every audit index test ends with: each of the node's events
 * indexed exactly once, and the index's sums equal to what the node's own
 * events add up to (sumFromNode).
 */
import { expect } from 'vitest'
import type { AuditService } from '../../electron/node/audit/audit-service'
import type { Db } from '../../electron/node/db/database'
import type { ChainSums } from './audit-chain'

export function expectIndexMatchesChain(s: AuditService, database: Db, sums: ChainSums): void {
  const rows = database.prepare('SELECT block, log_index FROM audit_logs').all() as { block: number; log_index: number }[]
  expect(rows.length).toBe(sums.events)
  expect(new Set(rows.map((r) => `${r.block}:${r.log_index}`))).toEqual(sums.positions)
  const totals = s.queries.totals()
  const indexed = new Map(totals.programs.map((p) => [p.programId, p]))
  expect(indexed.size).toBe(sums.byProgram.size)
  for (const [id, chainSum] of sums.byProgram) {
    const p = indexed.get(id)!
    expect({ funded: p.funded, approved: p.approved, approvedCount: p.approvedCount, paid: p.paid, paidCount: p.paidCount, settled: p.settled, revoked: p.revoked }).toEqual(chainSum)
  }
  const villageSum = totals.villages.length ? database.prepare('SELECT SUM(paid) FROM audit_totals WHERE year = ?').pluck().get(totals.year) : 0
  expect(villageSum ?? 0).toBe(totals.sum.paid)
}
