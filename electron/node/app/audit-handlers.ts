import type { Hex } from '../../common/ledger/hex'
import type { AuditService } from '../audit/audit-service'
import type { Handler } from '../ipc/dispatcher'

/** The audit display's calls, answered by the AuditService. */
export function createAuditHandlers(audit: AuditService): {
  'audit.totals': Handler<'audit.totals'>
  'audit.flows': Handler<'audit.flows'>
  'audit.recent': Handler<'audit.recent'>
  'audit.trace': Handler<'audit.trace'>
  'audit.verify': Handler<'audit.verify'>
  'audit.selfCheck': Handler<'audit.selfCheck'>
  'audit.health': Handler<'audit.health'>
  'audit.anomalies': Handler<'audit.anomalies'>
  'audit.unclaimed': Handler<'audit.unclaimed'>
} {
  return {
    'audit.totals': (input) => audit.queries.totals(input.year),
    'audit.flows': (input) => audit.queries.flows(input.year),
    'audit.recent': (input) => audit.queries.recent(input.limit),
    'audit.trace': (input) => audit.queries.trace(input.query),
    'audit.verify': (input) => audit.verify(input.query),
    // A kiosk in display mode asks on behalf of the person at the card reader: show the result on the display too.
    'audit.selfCheck': (input, ctx) => audit.selfCheck(input.commitment.toLowerCase() as Hex, ctx.face === 'kiosk'),
    'audit.health': () => audit.health(),
    'audit.anomalies': () => audit.anomalies(),
    'audit.unclaimed': (input) => audit.unclaimed(input.village, input.programId),
  }
}
