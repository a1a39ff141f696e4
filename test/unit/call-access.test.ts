import { afterEach, describe, expect, it } from 'vitest'
import { type CallName, STAFF_ROLES, type StaffRole, callNames, calls, mayCall, rolesFor } from '../../electron/common/contract'
import { AppError } from '../../electron/common/result'
import type { StaffSession } from '../../electron/node/counter/staff-auth'
import { type Handlers, type ResolveStaff, createDispatcher } from '../../electron/node/ipc/dispatcher'
import { createLogger } from '../../electron/node/log/logger'
import { SAMPLE } from '../support/call-samples'

/**
 * Who may make each call, stated a second time, by hand: the contract's
 * `staff` declarations must say the same, and the dispatcher must hold every
 * call to it. A new call fails to compile here until it has a line.
 */
const desk = ['clerk', 'supervisor'] as const
const anyone = STAFF_ROLES
const EXPECTED: { [N in CallName]: 'none' | readonly StaffRole[] } = {
  'system.info': 'none',
  'system.config': ['technician'],
  'ledger.head': 'none',
  'kiosk.view': 'none',
  'kiosk.activity': 'none',
  'kiosk.claim': 'none',
  'kiosk.proxy': 'none',
  'kiosk.finish': 'none',
  'kiosk.cancel': 'none',
  'kiosk.feedback': 'none',
  'kiosk.complain': 'none',
  'audit.totals': 'none',
  'audit.flows': 'none',
  'audit.recent': 'none',
  'audit.trace': 'none',
  'audit.verify': 'none',
  'audit.selfCheck': 'none',
  'audit.health': 'none',
  'audit.anomalies': 'none',
  'audit.unclaimed': desk,
  'printer.status': 'none',
  'printer.preview': desk,
  'printer.testPage': anyone,
  'printer.jobs': anyone,
  'printer.reprint': desk,
  'printer.receiptLater': ['supervisor'],
  'counter.signIn': 'none',
  'counter.signOut': 'none',
  'counter.complaints': desk,
  'counter.session': anyone,
  'counter.import.validate': desk,
  'counter.import.template': desk,
  'counter.import.prepare': desk,
  'counter.batches': desk,
  'counter.batch.approve': ['supervisor'],
  'counter.batch.cancel': desk,
  'counter.lookup': desk,
  'counter.enrol': desk,
  'counter.assist': desk,
  'counter.queue': anyone,
  'counter.queue.retry': desk,
  'counter.terminals': anyone,
  'counter.terminals.register': ['supervisor'],
  'counter.reprint': desk,
  'counter.dayClose.preview': desk,
  'counter.dayClose': desk,
  'counter.journal': ['supervisor'],
  'ledger.terminal': anyone,
  'ledger.outbox': anyone,
  'ledger.claimStatus': 'none',
  'ledger.queue': anyone,
  'ledger.retry': desk,
  'devices.status': 'none',
  'devices.storage': 'none',
  'devices.sim.state': 'none',
  'devices.sim.placeCard': 'none',
  'devices.sim.removeCard': 'none',
  'devices.sim.setFinger': 'none',
  'devices.sim.setFault': 'none',
  'devices.sim.printer': 'none',
  'devices.selfTest': anyone,
}

/** One signed-in member per role, by token, as StaffAuth would hold them. */
const TOKENS: Record<StaffRole, string> = { clerk: '1'.repeat(64), supervisor: '2'.repeat(64), technician: '3'.repeat(64) }
const STRANGER = '0'.repeat(64)
const member = (role: StaffRole, i: number): StaffSession => ({
  id: i + 1,
  staffNo: `S000${i + 1}`,
  role,
  commitment: `0x${String(i + 1).repeat(64)}`,
  maskedName: '周*',
  token: TOKENS[role],
  signedInAt: 0,
  lastActivity: 0,
})
const SIGNED_IN = new Map(STAFF_ROLES.map((role, i) => [TOKENS[role], member(role, i)]))

/** Stand-in for StaffAuth.require: the same refusals, from the table above; records what it was asked. */
const asked: { token: string; roles: readonly StaffRole[]; touch: boolean }[] = []
const resolveStaff: ResolveStaff = (token, roles, touch) => {
  asked.push({ token, roles, touch })
  const staff = SIGNED_IN.get(token)
  if (!staff) throw new AppError('COUNTER_NOT_SIGNED_IN', 'no staff session for this token')
  if (!roles.includes(staff.role)) throw new AppError('COUNTER_ROLE', `a ${staff.role} may not do this`)
  return staff
}

/** Stand-in handlers: each records that it ran, and for whom. */
const reached: { name: string; staff: StaffRole | null }[] = []
const handlers = Object.fromEntries(
  callNames.map((name) => [
    name,
    (_input: unknown, ctx: { staff: StaffSession | null }) => {
      reached.push({ name, staff: ctx.staff?.role ?? null })
      return name
    },
  ]),
) as unknown as Handlers

const log = createLogger({ level: 'error', stderrLevel: 'error' })
const dispatch = createDispatcher(handlers, log, resolveStaff)
const faceOf = (name: CallName) => calls[name].faces[0]!
const call = (name: CallName, input: object) => dispatch(faceOf(name), name, input)

describe('who may call what: the contract declares it, the dispatcher holds every call to it', () => {
  afterEach(() => {
    reached.length = 0
    asked.length = 0
  })

  it('has an expected line and a sample input for every call of the contract, and no other', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...callNames].sort())
    expect(Object.keys(SAMPLE).sort()).toEqual([...callNames].sort())
  })

  it('declares, for every call, exactly the access expected', () => {
    for (const name of callNames) {
      const want = EXPECTED[name]
      expect(rolesFor(name), name).toEqual(want === 'none' ? null : want)
    }
  })

  describe.each(callNames.filter((n) => EXPECTED[n] === 'none'))('%s (no session)', (name) => {
    it('reaches its handler without a session, with no staff member in the context', async () => {
      expect(await call(name, SAMPLE[name])).toEqual({ ok: true, value: name })
      expect(reached).toEqual([{ name, staff: null }])
      expect(asked).toEqual([])
    })
  })

  describe.each(callNames.filter((n) => EXPECTED[n] !== 'none'))('%s (staff)', (name) => {
    const allowed = EXPECTED[name] as readonly StaffRole[]
    const excluded = STAFF_ROLES.filter((r) => !allowed.includes(r))

    it('is refused with no session, or one that is not signed in, before its handler runs', async () => {
      expect((await call(name, SAMPLE[name])).ok).toBe(false)
      expect(await call(name, { ...SAMPLE[name], session: STRANGER })).toMatchObject({ ok: false, error: { code: 'COUNTER_NOT_SIGNED_IN' } })
      expect(reached).toEqual([])
    })

    if (excluded.length > 0)
      it(`is refused for ${excluded.join(', ')}`, async () => {
        for (const role of excluded) {
          expect(await call(name, { ...SAMPLE[name], session: TOKENS[role] }), role).toMatchObject({ ok: false, error: { code: 'COUNTER_ROLE' } })
        }
        expect(reached).toEqual([])
      })

    it(`reaches its handler for ${allowed.join(', ')}, with that staff member in the context`, async () => {
      for (const role of allowed) {
        expect(await call(name, { ...SAMPLE[name], session: TOKENS[role] }), role).toEqual({ ok: true, value: name })
      }
      expect(reached).toEqual(allowed.map((staff) => ({ name, staff })))
      expect(asked.map((a) => a.roles)).toEqual(allowed.map(() => allowed))
    })
  })

  it("a screen's background refresh is resolved without keeping the session alive", async () => {
    await call('counter.queue', { session: TOKENS.clerk, background: true })
    await call('counter.queue', { session: TOKENS.clerk })
    expect(asked.map((a) => a.touch)).toEqual([false, true])
  })

  it('fails closed when a declaration is missing at run time', async () => {
    const spec = calls['counter.batches'] as { staff: unknown }
    const declared = spec.staff
    try {
      for (const broken of [undefined, [], 'nobody']) {
        spec.staff = broken
        expect(await call('counter.batches', { session: TOKENS.supervisor }), String(broken)).toMatchObject({ ok: false, error: { code: 'CALL_FORBIDDEN' } })
      }
    } finally {
      spec.staff = declared
    }
    expect(reached).toEqual([])
  })

  it('tells the counter what each role may do', () => {
    expect(rolesFor('counter.batch.approve')).toEqual(['supervisor'])
    expect(rolesFor('kiosk.claim')).toBeNull()
    expect(mayCall('clerk', 'counter.batch.approve')).toBe(false)
    expect(mayCall('supervisor', 'counter.batch.approve')).toBe(true)
    expect(mayCall('technician', 'counter.lookup')).toBe(false)
    expect(mayCall('technician', 'devices.selfTest')).toBe(true)
    expect(mayCall('clerk', 'system.config')).toBe(false)
    expect(mayCall('technician', 'system.config')).toBe(true)
  })
})
