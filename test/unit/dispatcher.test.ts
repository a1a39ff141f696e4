import { describe, expect, it } from 'vitest'
import { calls } from '../../electron/common/contract'
import { AppError } from '../../electron/common/result'
import { type Handlers, createDispatcher, noStaff } from '../../electron/node/ipc/dispatcher'
import { createLogger } from '../../electron/node/log/logger'

const log = createLogger({ level: 'error', stderrLevel: 'error' })

/** Every handler answers with its own name, so we can see which one ran. */
function echoHandlers(): Handlers {
  return Object.fromEntries(Object.keys(calls).map((name) => [name, () => name])) as unknown as Handlers
}

describe('dispatcher: the one gate every renderer call goes through', () => {
  const dispatch = createDispatcher(echoHandlers(), log, noStaff)

  it('runs a call the face may make with valid input', async () => {
    expect(await dispatch('kiosk', 'system.info', {})).toEqual({ ok: true, value: 'system.info' })
  })

  it('refuses an unknown call, including prototype names', async () => {
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 42, null]) {
      const r = await dispatch('counter', name, {})
      expect(r).toMatchObject({ ok: false, error: { code: 'CALL_UNKNOWN' } })
    }
  })

  it('refuses a call the face may not make', async () => {
    expect(await dispatch('kiosk', 'system.config', {})).toMatchObject({ ok: false, error: { code: 'CALL_FORBIDDEN' } })
    expect(await dispatch('audit', 'system.config', {})).toMatchObject({ ok: false, error: { code: 'CALL_FORBIDDEN' } })
  })

  it('rejects bad input with a clean error naming the problem', async () => {
    for (const bad of [null, 'x', 7, [], { extra: true }]) {
      const r = await dispatch('kiosk', 'system.info', bad)
      expect(r.ok).toBe(false)
      if (!r.ok) {
        expect(r.error.code).toBe('CALL_BAD_INPUT')
        expect(r.error.message).toMatch(/^Invalid input for system\.info/)
      }
    }
  })

  it('turns AppError into its code and anything else into SYSTEM_INTERNAL', async () => {
    const handlers = echoHandlers()
    ;(handlers as Record<string, unknown>)['system.info'] = () => {
      throw new AppError('SYSTEM_UNAVAILABLE', 'node down')
    }
    ;(handlers as Record<string, unknown>)['ledger.head'] = () => {
      throw new TypeError('boom')
    }
    const d = createDispatcher(handlers, log, noStaff)
    expect(await d('kiosk', 'system.info', {})).toEqual({ ok: false, error: { code: 'SYSTEM_UNAVAILABLE', message: 'node down' } })
    expect(await d('kiosk', 'ledger.head', {})).toMatchObject({ ok: false, error: { code: 'SYSTEM_INTERNAL' } })
  })

  it('declares at least one face for every call', () => {
    for (const [name, spec] of Object.entries(calls)) expect(spec.faces.length, name).toBeGreaterThan(0)
  })

  it('refuses a staff call on a host without staff sign-in before its handler runs', async () => {
    expect(await dispatch('counter', 'counter.batches', { session: 'a'.repeat(64) })).toMatchObject({ ok: false, error: { code: 'COUNTER_NOT_SIGNED_IN' } })
  })
})
