import type { ReliefEventName } from '../ledger/contract/events'

/** The numbers audit_logs.kind stores for each contract event. Never renumber: rows on disk use them. */
export const EVENT_KIND: Record<ReliefEventName, number> = {
  RoleGranted: 1,
  RoleRevoked: 2,
  TerminalRegistered: 3,
  TerminalDeregistered: 4,
  ProgramCreated: 5,
  Funded: 6,
  EntitlementApproved: 7,
  EntitlementRevoked: 8,
  Disbursed: 9,
  Settled: 10,
  ComplaintFiled: 11,
  ComplaintResolved: 12,
  DayClosed: 13,
}

export const KIND_NAME = Object.fromEntries(Object.entries(EVENT_KIND).map(([name, kind]) => [kind, name])) as Record<number, ReliefEventName>
