/**
 * Who may make the counter face's calls without signing in, against the real
 * browser host (the dispatcher Electron uses too): every call the contract
 * offers the counter face is made over HTTP with the counter page's own token
 * but no staff session. Before, system.config, ledger.terminal, ledger.outbox
 * and devices.selfTest answered anyone holding the page. Only the short list
 * below may answer: sign-in itself, what the public faces show anyway, the
 * devices and data disk the sign-in screen shows, and the demo dev panel
 * (refused outside demo mode: electron/node/app/device-handlers.test.ts).
 * Any other counter call turned back to `staff: 'none'` fails here twice:
 * the list differs, and the call answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CallName, type StaffSessionView, callNames, calls } from '../../electron/common/contract'
import type { DeviceStatus } from '../../hardware/common/device-status'
import { SAMPLE } from '../support/call-samples'
import { type CallAnswer, FaceClient } from '../support/face-client'
import { makeRendererDir } from '../support/fixture-renderer'
import { type HostProcess, startHost } from '../support/host-process'

/** Session-less and for the counter face only: sign-in, the data disk on the sign-in screen, the demo dev panel. */
const COUNTER_ONLY_SESSIONLESS = [
  'counter.signIn',
  'counter.signOut',
  'devices.storage',
  'devices.sim.state',
  'devices.sim.placeCard',
  'devices.sim.removeCard',
  'devices.sim.setFinger',
  'devices.sim.setFault',
  'devices.sim.printer',
] as const satisfies readonly CallName[]

/** Session-less because a face without staff (kiosk, audit display) makes them too; the counter sees nothing more. */
const SHARED_SESSIONLESS = [
  'system.info',
  'ledger.head',
  'ledger.claimStatus',
  'printer.status',
  'devices.status',
  'audit.totals',
  'audit.flows',
  'audit.recent',
  'audit.trace',
  'audit.verify',
  'audit.selfCheck',
  'audit.health',
  'audit.anomalies',
] as const satisfies readonly CallName[]

const SESSIONLESS = new Set<CallName>([...COUNTER_ONLY_SESSIONLESS, ...SHARED_SESSIONLESS])
const counterCalls = callNames.filter((name) => calls[name].faces.includes('counter'))
const staffCalls = counterCalls.filter((name) => !SESSIONLESS.has(name))

/** The walk's inputs: the shared samples, but a staff card for the dev panel, so the kiosk does not start a session. */
const inputOf = (name: CallName): object => (name === 'devices.sim.placeCard' ? { cardKey: 'sun-tech' } : SAMPLE[name])

/** Refusals that mean "not for you": the face, the input (a session the schema wants), the session. */
const ACCESS_REFUSALS = ['CALL_FORBIDDEN', 'CALL_BAD_INPUT', 'COUNTER_NOT_SIGNED_IN', 'COUNTER_SESSION_EXPIRED', 'COUNTER_ROLE']

let host: HostProcess
let renderer: ReturnType<typeof makeRendererDir>
let counter: FaceClient
/** A clerk's session token, signed out again: a token that was real and is no more. */
let signedOut: string

beforeAll(async () => {
  renderer = makeRendererDir()
  host = await startHost({ HUIMIN_RENDERER_DIR: renderer.path })
  ;({ counter } = await FaceClient.openAll(host.urls))
})
afterAll(async () => {
  await host?.stop()
  renderer?.remove()
})

describe('counter calls without a staff session, on the real browser host', () => {
  it('declares exactly the expected short list of counter calls session-less, and staff roles for every other', () => {
    expect(counterCalls.filter((name) => calls[name].staff === 'none').sort()).toEqual([...SESSIONLESS].sort())
    for (const name of SESSIONLESS) expect(counterCalls, name).toContain(name)
    // The counter-only ones are not offered to a face without staff, and the shared ones are.
    for (const name of COUNTER_ONLY_SESSIONLESS) expect(calls[name].faces, name).toEqual(['counter'])
    for (const name of SHARED_SESSIONLESS)
      expect(
        calls[name].faces.some((f) => f !== 'counter'),
        name,
      ).toBe(true)
    for (const name of staffCalls) expect(Array.isArray(calls[name].staff), name).toBe(true)
  })

  it('answers every session-less counter call without a session (no access refusal)', async () => {
    const answers: [CallName, CallAnswer<unknown>][] = []
    for (const name of counterCalls.filter((n) => SESSIONLESS.has(n))) answers.push([name, await counter.call(name, inputOf(name))])
    for (const [name, answer] of answers) expect(ACCESS_REFUSALS, `${name}: ${JSON.stringify(answer.error)}`).not.toContain(answer.error?.code)
    // The dev panel did run in demo mode; no card is left on the reader.
    expect(answers.find(([n]) => n === 'devices.sim.state')![1]).toMatchObject({ ok: true })
    await counter.value('devices.sim.removeCard')
  })

  it('refuses every other counter call with no session, and with a signed-out one', async () => {
    signedOut = await signIn('zhou-min')
    // The host takes the session while it lasts: a staff call answers, and one for another role is refused for the role.
    expect(await counter.call('ledger.outbox', { session: signedOut })).toMatchObject({ ok: true })
    expect(await counter.call('system.config', { session: signedOut })).toMatchObject({ ok: false, error: { code: 'COUNTER_ROLE' } })
    await counter.value('counter.signOut', { session: signedOut })

    expect(staffCalls).toEqual(expect.arrayContaining(['system.config', 'ledger.terminal', 'ledger.outbox', 'devices.selfTest', 'counter.batch.cancel']))
    const answered: string[] = []
    for (const name of staffCalls) {
      const none = await counter.call(name, inputOf(name))
      if (none.ok || none.error?.code !== 'CALL_BAD_INPUT' || !/ at session: /.test(none.error.message ?? ''))
        answered.push(`${name} (no session): ${JSON.stringify(none)}`)
      const gone = await counter.call(name, { ...inputOf(name), session: signedOut })
      if (gone.ok || gone.error?.code !== 'COUNTER_NOT_SIGNED_IN') answered.push(`${name} (signed out): ${JSON.stringify(gone)}`)
    }
    expect(answered).toEqual([])
  })
})

/** Staff card on the reader, PIN typed once the reader has read it, card taken back; returns the session token. */
async function signIn(cardKey: string): Promise<string> {
  const reads = async () => (await counter.value<DeviceStatus[]>('devices.status')).find((s) => s.role === 'idcard')?.counters.reads ?? 0
  const before = await reads()
  await counter.value('devices.sim.placeCard', { cardKey })
  await expect.poll(reads, { timeout: 10_000 }).toBeGreaterThan(before)
  try {
    return (await counter.value<StaffSessionView>('counter.signIn', { pin: '123456' })).token
  } finally {
    await counter.value('devices.sim.removeCard')
  }
}
