import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DeviceManager } from '../../hardware/device-manager'

/** The counter's self-test button, against the wire-level simulators (reader paced at 115200, pad at 57600). */
describe('device self-test', () => {
  let devices: DeviceManager
  beforeAll(async () => {
    devices = await DeviceManager.create({ idcard: { kind: 'sim' }, fingerprint: { kind: 'sim' } })
    // Wait for the reader's own start-up check, as the app does before its first card.
    await new Promise<void>((resolve) => {
      if (devices.idcard.status.state === 'online') return resolve()
      const off = devices.onStatus((s) => s.role === 'idcard' && s.state === 'online' && (off(), resolve()))
    })
  })
  afterAll(() => devices.dispose())

  it('re-runs the reader check on its poll loop and reports online, also with a card being read', async () => {
    devices.sim!.placeCard('li-xiuying')
    const [status] = await Promise.all([devices.idcard.selfTest(), devices.readCard(5000)])
    expect(status).toMatchObject({ role: 'idcard', state: 'online' })
    expect((await devices.readCard(0)).identity.idNumber).toBe('410122195808150021')
  })

  it('reports the reader in error when the SAM stops answering, and online again when it is back', async () => {
    await devices.sim!.setFault('idcard', 'timeout')
    const broken = await devices.idcard.selfTest()
    expect(broken.state).not.toBe('online')
    await devices.sim!.setFault('idcard', 'none')
    await expect.poll(async () => (await devices.idcard.selfTest()).state, { timeout: 10_000 }).toBe('online')
  })
})
