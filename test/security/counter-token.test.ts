/**
 * Any local process can GET a face's page on the browser host and read the
 * token in it. With HUIMIN_COUNTER_TOKEN the counter page is served without
 * its token and the host takes only that token for counter calls, so a
 * process that was not told it cannot make them (before: the counter page
 * carried a working token). The kiosk and audit pages keep theirs. A value
 * too short stops start-up with one line naming the setting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FaceClient } from '../support/face-client'
import { makeRendererDir } from '../support/fixture-renderer'
import { type HostProcess, startHost } from '../support/host-process'

const TOKEN = 'hall-7f3a9c2e5b1d4086a7e2c9f0b3d5e8a1'
let renderer: ReturnType<typeof makeRendererDir>

beforeAll(() => {
  renderer = makeRendererDir()
})
afterAll(() => renderer?.remove())

it('stops start-up on a token of 31 characters, with one line naming the setting', async () => {
  const failure = await startHost({ HUIMIN_RENDERER_DIR: renderer.path, HUIMIN_COUNTER_TOKEN: 'x'.repeat(31) }).then(
    () => null,
    (e: Error) => e.message,
  )
  expect(failure).toMatch(/^host exited with 2 before ready/)
  const stderr = failure!.slice(failure!.indexOf('\n') + 1).trimEnd()
  expect(stderr.split('\n')).toEqual([expect.stringMatching(/^huimin: Invalid setting HUIMIN_COUNTER_TOKEN: /)])
})

describe('with HUIMIN_COUNTER_TOKEN', () => {
  let host: HostProcess
  beforeAll(async () => {
    host = await startHost({ HUIMIN_RENDERER_DIR: renderer.path, HUIMIN_COUNTER_TOKEN: TOKEN })
  })
  afterAll(async () => {
    await host?.stop()
  })
  const page = async (url: string) => (await fetch(url)).text()

  it('serves the counter page without a token, and the kiosk and audit pages with theirs', async () => {
    const counter = await page(host.urls.counter)
    expect(counter).toContain('<meta name="huimin-face" content="counter">')
    expect(counter).not.toContain('huimin-token')
    expect(counter).not.toContain(TOKEN)
    await expect(FaceClient.open(host.urls.counter)).rejects.toThrow(/no face token/)
    for (const face of ['kiosk', 'audit'] as const) expect(await page(host.urls[face])).toMatch(/<meta name="huimin-token" content="[0-9a-f]{48}">/)
  })

  it('takes counter calls and events with the token given at start', async () => {
    const counter = FaceClient.withToken(host.urls.counter, TOKEN)
    expect(await counter.call('system.info')).toMatchObject({ ok: true, value: { face: 'counter' } })
    expect(await counter.call('devices.storage')).toMatchObject({ ok: true })
    // A staff call passes the face check and is refused only for want of a signed-in session.
    expect(await counter.call('system.config', { session: 'f'.repeat(64) })).toMatchObject({ ok: false, error: { code: 'COUNTER_NOT_SIGNED_IN' } })
    const events = await fetch(`${new URL(host.urls.counter).origin}/api/events?token=${encodeURIComponent(TOKEN)}`, { signal: AbortSignal.timeout(5_000) })
    expect(events.status).toBe(200)
    await events.body?.cancel()
  })

  it('refuses counter calls with any token a page carries or a guess', async () => {
    const kiosk = await FaceClient.open(host.urls.kiosk)
    expect(await kiosk.call('system.config')).toMatchObject({ ok: false, error: { code: 'CALL_FORBIDDEN' } })
    const guess = FaceClient.withToken(host.urls.counter, TOKEN.replace(/.$/, '0'))
    expect(await guess.call('system.info')).toMatchObject({ ok: false, error: { code: 'CALL_FORBIDDEN', message: 'Missing or unknown face token' } })
  })
})
