import type { QueueView } from '../../common/contract/counter'
import type { Hex } from '../../common/ledger/hex'
import { AppError } from '../../common/result'
import { claimView } from '../counter/beneficiaries'
import type { CounterApp } from '../counter/counter-app'
import { importTemplate } from '../counter/import/template'
import { actorOf } from '../counter/staff-auth'
import { counterTxView } from '../counter/tx-view'
import type { Handler } from '../ipc/dispatcher'

type CounterCall =
  | 'counter.signIn'
  | 'counter.signOut'
  | 'counter.session'
  | 'counter.import.validate'
  | 'counter.import.template'
  | 'counter.import.prepare'
  | 'counter.batches'
  | 'counter.batch.approve'
  | 'counter.batch.cancel'
  | 'counter.lookup'
  | 'counter.enrol'
  | 'counter.assist'
  | 'counter.queue'
  | 'counter.queue.retry'
  | 'counter.terminals'
  | 'counter.terminals.register'
  | 'counter.reprint'
  | 'counter.dayClose.preview'
  | 'counter.dayClose'
  | 'counter.journal'
  | 'counter.complaints'

const MAX_IMPORT_BYTES = 16 * 1024 * 1024

/**
 * One handler per counter call. The dispatcher has resolved the staff session
 * and checked the role each call declares (contract/counter.ts) before any of
 * these runs: `ctx.staff` is the signed-in staff member.
 */
export function createCounterHandlers(c: CounterApp): { [N in CounterCall]: Handler<N> } {
  const programName = (id: string | null) => c.programs.nameOf(id)
  return {
    'counter.signIn': (input) => c.auth.signIn(input.pin),
    'counter.signOut': (input) => {
      c.auth.signOut(input.session)
      return null
    },
    'counter.session': (_input, { staff }) => c.auth.view(staff),
    'counter.import.validate': (input, { staff }) => {
      const bytes = Buffer.from(input.content, 'base64')
      if (bytes.length > MAX_IMPORT_BYTES) throw new AppError('COUNTER_IMPORT_TOO_BIG', 'the file is larger than 16 MiB')
      return c.batches.validate(staff, input.format, bytes)
    },
    'counter.import.template': async (input) => {
      const file = await importTemplate(input.format)
      return { fileName: file.fileName, mimeType: file.mimeType, content: Buffer.from(file.bytes).toString('base64') }
    },
    'counter.import.prepare': (input, { staff }) => c.batches.prepare(staff, input.importId),
    'counter.batches': () => c.batches.list(),
    'counter.batch.approve': (input, { staff }) => c.batches.approve(staff, input.batchId),
    'counter.batch.cancel': (input, { staff }) => c.batches.cancel(staff, input.batchId),
    'counter.lookup': (input, { staff }) => c.beneficiaries.lookup(staff, input.idNumber),
    'counter.enrol': (input, { staff }) => c.beneficiaries.enrol(staff, input),
    'counter.assist': (input, { staff }) => c.assisted.claim(staff, input),
    'counter.queue': (): QueueView => {
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
        transactions: [...c.operator.list({ limit: 100 }), ...c.station.list({ limit: 100 })].sort((a, b) => b.createdAt - a.createdAt).map(counterTxView),
        counts,
        ledger: { reachable: ledger.reachable, unreachableSince: ledger.unreachableSince, lastError: ledger.lastError, refused: ledger.refused },
        alert: ledger.alert,
      }
    },
    'counter.queue.retry': async (input, { staff }) => {
      if (input.kind === 'claim') await c.ledger.retry(input.id)
      else {
        c.operator.wake()
        c.station.wake()
      }
      c.journal.write(actorOf(staff), 'counter.queue.retry', { kind: input.kind, id: input.id })
      return null
    },
    'counter.terminals': () => c.terminals.view(),
    'counter.terminals.register': (input, { staff }) => c.terminals.register(staff, input.address as Hex),
    'counter.reprint': (input, { staff }) => c.reprints.reprint(staff, input.claimNumber),
    'counter.dayClose.preview': (input) => c.dayClose.preview(input.businessDate),
    'counter.dayClose': (input, { staff }) => c.dayClose.close(staff, input.businessDate),
    'counter.complaints': () => c.complaints(),
    'counter.journal': () => c.journal.recent(200, 'counter.').map(({ at, actor, action, detail }) => ({ at, actor, action, detail })),
  }
}
