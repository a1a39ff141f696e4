import type { StaffCallName } from '../../common/contract'
import type { Journal } from '../counter/journal'
import type { Handler } from '../ipc/dispatcher'

/**
 * Journals who made a staff call that changes something (print, reprint,
 * receipt-later, retry) before it runs: the staff number and the call name,
 * never the call's personal content. The dispatcher has already checked the
 * session and the role the call declares.
 */
export function journaledAs<N extends StaffCallName>(journal: Pick<Journal, 'write'>, name: N, handler: Handler<N>): Handler<N> {
  return (input, ctx) => {
    const staff: { staffNo: string } | null = ctx.staff
    if (!staff) throw new Error(`${name} ran without its staff member`)
    journal.write(staff.staffNo, name, {})
    return handler(input, ctx)
  }
}
