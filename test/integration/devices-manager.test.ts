import { afterEach, describe, expect, it } from 'vitest'
import { serialDevicesOnPtys } from '../support/serial-devices'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('DeviceManager with serial: specs over socat ptys (reader 115200, pad 57600, both paced)', () => {
  it('reads a card, verifies its own finger, refuses another, and survives the pad being unplugged', async () => {
    const { padPty, reader, pad, devices: manager } = await serialDevicesOnPtys((...d) => cleanups.push(...d), 1000)
    expect(manager.sim).toBeNull()
    await until(() => manager.statuses().every((s) => s.state === 'online'))

    reader.sim.placeCard('zhou-min')
    const card = await manager.readCard(5000)
    pad.sim.setFinger('zhou-min')
    const own = await manager.verifyFinger(card.identity.fingerprint)
    expect(own.matched).toBe(true)
    pad.sim.setFinger('sun-tech')
    expect((await manager.verifyFinger(card.identity.fingerprint)).matched).toBe(false)
    pad.sim.setFinger(null)
    await expect(manager.verifyFinger(card.identity.fingerprint)).rejects.toMatchObject({ code: 'DEVICE_NO_FINGER' })

    await padPty.kill()
    await until(() => manager.fingerprint.status.state === 'offline')
    await expect(manager.verifyFinger(card.identity.fingerprint)).rejects.toMatchObject({ code: expect.stringMatching(/DEVICE_GONE|DEVICE_TIMEOUT/) })
    await padPty.restart()
    await pad.replug((sim) => sim.setFinger('zhou-min'))
    await until(() => manager.fingerprint.status.state === 'online')
    expect((await manager.verifyFinger(card.identity.fingerprint)).matched).toBe(true)
    expect(manager.fingerprint.status.state).toBe('online')
  })
})
