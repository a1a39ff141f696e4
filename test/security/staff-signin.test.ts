/**
 * Staff sign-in under a burst of parallel guesses, against the real browser
 * host (the dispatcher Electron uses too): the clerk's card on the simulated
 * reader, 200 sign-in calls at once, the right PIN last. Before the fix
 * every call was hashed against the lock read before hashing: 20 such calls
 * gave a session and 60 took the host to 2.1 GB.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { FaceClient } from '../support/face-client'
import { type HostProcess, startHost } from '../support/host-process'

let host: HostProcess
let counter: FaceClient
let kiosk: FaceClient

beforeAll(async () => {
  host = await startHost()
  ;({ counter, kiosk } = await FaceClient.openAll(host.urls))
})
afterAll(async () => {
  await host?.stop()
})

it('checks at most five of 200 parallel sign-ins with the right PIN among them, and keeps answering the kiosk', async () => {
  expect((await counter.call('devices.sim.placeCard', { cardKey: 'zhou-min' })).ok).toBe(true)
  const pins = Array.from({ length: 200 }, (_, i) => (i === 199 ? '123456' : String(200_000 + i)))
  const kioskAnswers: boolean[] = []
  let bursting = true
  const kioskWhile = (async () => {
    while (bursting) kioskAnswers.push((await kiosk.call('kiosk.view')).ok)
  })()
  const answers = await Promise.all(pins.map((pin) => counter.call('counter.signIn', { pin })))
  bursting = false
  await kioskWhile
  // A PIN was hashed for a wrong answer, a session, or the wrong answer that set the lock; every other call was refused unhashed.
  const hashed = answers.filter((a) => a.ok || a.error!.code === 'COUNTER_WRONG_PIN' || /too many wrong PINs/.test(a.error!.message ?? ''))
  const refused = answers.filter((a) => !hashed.includes(a)).map((a) => a.error!.code)
  expect(hashed.length).toBeGreaterThan(0)
  expect(hashed.length).toBeLessThanOrEqual(5)
  expect(new Set(refused)).toEqual(new Set(['COUNTER_SIGNIN_BUSY', 'COUNTER_LOCKED'].filter((c) => refused.includes(c))))
  expect(refused.length).toBe(200 - hashed.length)
  expect(kioskAnswers.length).toBeGreaterThan(0)
  expect(kioskAnswers.every(Boolean)).toBe(true)
})
