import type { CallName } from '../../common/contract'
import type { CounterApp } from '../counter/counter-app'
import type { StaffRole } from '../../common/contract/counter'
import type { Handler } from '../ipc/dispatcher'

/**
 * Wraps a counter call that changes something (print, reprint, receipt-later,
 * retry) so it needs a signed-in staff member of one of `roles`, and journals
 * who did it (never the call's personal content: only the call name).
 */
export function staffOnly<N extends CallName>(counter: CounterApp, name: N, roles: readonly StaffRole[], handler: Handler<N>): Handler<N> {
  return (input, ctx) => {
    const staff = counter.auth.require((input as { session: string }).session, roles)
    counter.journal.write(staff.staffNo, name, {})
    return handler(input, ctx)
  }
}
