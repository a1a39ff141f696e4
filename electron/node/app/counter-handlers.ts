import type { QueueView, StaffRole } from '../../common/contract/counter'
import type { Hex } from '../../common/ledger/hex'
import { AppError } from '../../common/result'
import { claimView } from '../counter/beneficiaries'
import type { CounterApp } from '../counter/counter-app'
import { actorOf } from '../counter/staff-auth'
import type { Handler } from '../ipc/dispatcher'

type CounterCall =
  | 'counter.signIn' | 'counter.signOut' | 'counter.session' | 'counter.import.validate' | 'counter.import.prepare'
  | 'counter.batches' | 'counter.batch.approve' | 'counter.batch.cancel' | 'counter.lookup' | 'counter.enrol' | 'counter.assist'
  | 'counter.queue' | 'counter.queue.retry' | 'counter.terminals' | 'counter.terminals.register' | 'counter.reprint'
  | 'counter.dayClose.preview' | 'counter.dayClose' | 'counter.journal' | 'counter.complaints'

const MAX_IMPORT_BYTES = 16 * 1024 * 1024

/**
 * One handler per counter call. Every call but sign-in checks the staff
 * session and role first: clerks make, supervisors check, technicians only
 * see devices and terminals.
 */
export function createCounterHandlers(c: CounterApp): { [N in CounterCall]: Handler<N> } {
  /** The signed-in staff member; a screen's background refresh does not keep the session alive. */
  const signedIn = (input: { session: string; background?: boolean }, roles?: readonly StaffRole[]) => c.auth.require(input.session, roles, !input.background)
  const desk = ['clerk', 'supervisor'] as const
  const anyone = ['clerk', 'supervisor', 'technician'] as const
  const programName = (id: string | null) => c.programs.nameOf(id)
  return {
    'counter.signIn': (input) => c.auth.signIn(input.pin),
    'counter.signOut': (input) => {
      c.auth.signOut(input.session)
      return null
    },
    'counter.session': (input) => c.auth.view(signedIn(input)),
    'counter.import.validate': (input) => {
      const staff = signedIn(input, desk)
      const bytes = Buffer.from(input.content, 'base64')
      if (bytes.length > MAX_IMPORT_BYTES) throw new AppError('COUNTER_IMPORT_TOO_BIG', 'the file is larger than 16 MiB')
      return c.batches.validate(staff, input.format, bytes)
    },
    'counter.import.prepare': (input) => c.batches.prepare(signedIn(input, desk), input.importId),
    'counter.batches': (input) => {
      signedIn(input, desk)
      return c.batches.list()
    },
    'counter.batch.approve': (input) => c.batches.approve(signedIn(input, ['supervisor']), input.batchId),
    'counter.batch.cancel': (input) => c.batches.cancel(signedIn(input, desk), input.batchId),
    'counter.lookup': (input) => c.beneficiaries.lookup(signedIn(input, desk), input.idNumber),
    'counter.enrol': (input) => c.beneficiaries.enrol(signedIn(input, desk), input),
    'counter.assist': (input) => c.assisted.claim(signedIn(input, desk), input),
    'counter.queue': (input): QueueView => {
      signedIn(input, anyone)
      const claims = c.ledger.list({ limit: 200 })
      const counts = { pending: 0, submitted: 0, confirmed: 0, rejected: 0 }
      for (const cl of claims) {
        if (cl.state === 'signed') counts.pending++
        else if (cl.state === 'submitted') counts.submitted++
        else if (cl.state === 'rejected') counts.rejected++
        else counts.confirmed++
      }
      const ledger = c.watch.current()
      return {
        claims: claims.map((cl) => claimView(cl, programName)),
        transactions: [...c.operator.list({ limit: 100 }), ...c.station.list({ limit: 100 })].sort((a, b) => b.createdAt - a.createdAt),
        counts,
        ledger: { reachable: ledger.reachable, unreachableSince: ledger.unreachableSince, lastError: ledger.lastError },
        alert: ledger.alert,
      }
    },
    'counter.queue.retry': async (input) => {
      const staff = signedIn(input, desk)
      if (input.kind === 'claim') await c.ledger.retry(input.id)
      else {
        c.operator.wake()
        c.station.wake()
      }
      c.journal.write(actorOf(staff), 'counter.queue.retry', { kind: input.kind, id: input.id })
      return null
    },
    'counter.terminals': (input) => {
      signedIn(input, anyone)
      return c.terminals.view()
    },
    'counter.terminals.register': (input) => c.terminals.register(signedIn(input, ['supervisor']), input.address as Hex),
    'counter.reprint': (input) => c.reprints.reprint(signedIn(input, desk), input.claimNumber),
    'counter.dayClose.preview': (input) => {
      signedIn(input, desk)
      return c.dayClose.preview(input.businessDate)
    },
    'counter.dayClose': (input) => c.dayClose.close(signedIn(input, desk), input.businessDate),
    'counter.complaints': (input) => {
      signedIn(input, desk)
      return c.complaints()
    },
    'counter.journal': (input) => {
      signedIn(input, ['supervisor'])
      return c.journal.recent(200, 'counter.').map(({ at, actor, action, detail }) => ({ at, actor, action, detail }))
    },
  }
}
