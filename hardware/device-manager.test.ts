import { afterEach, describe, expect, it } from 'vitest'
import type { DeviceStatus } from './common/device-status'
import { DeviceManager } from './device-manager'

let manager: DeviceManager | null = null
afterEach(async () => {
  await manager?.dispose()
  manager = null
})

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('DeviceManager in sim mode', () => {
  it('reads a placed card and verifies the matching finger through the sim controls', async () => {
    manager = await DeviceManager.create({
      idcard: { kind: 'sim' },
      fingerprint: { kind: 'sim' },
      cardPollMs: 20,
      captureTimeoutMs: 500,
      today: () => '2026-06-01',
    })
    const m = manager
    await until(() => m.statuses().every((s) => s.state === 'online'))
    expect(m.statuses().map((s) => s.role)).toEqual(['idcard', 'fingerprint'])
    await expect(m.readCard()).rejects.toMatchObject({ code: 'DEVICE_NO_CARD' })
    m.sim!.placeCard('ayiguli')
    const card = await m.readCard(3000)
    expect(card.identity.nation).toBe('维吾尔')
    m.sim!.setFinger('ayiguli')
    expect((await m.verifyFinger(card.identity.fingerprint)).matched).toBe(true)
    m.sim!.setFinger('li-xiuying')
    expect((await m.verifyFinger(card.identity.fingerprint)).matched).toBe(false)
    await expect(m.verifyFinger(null)).rejects.toMatchObject({ code: 'CARD_NO_FINGERPRINT' })
    expect(m.sim!.state()).toMatchObject({ cardKey: 'ayiguli', fingerKey: 'li-xiuying' })
  })

  it('reports an unplugged simulator offline and brings it back online when replugged', async () => {
    manager = await DeviceManager.create({ idcard: { kind: 'sim' }, fingerprint: { kind: 'sim' }, cardPollMs: 20, paceSimulators: false })
    const m = manager
    await until(() => m.idcard.status.state === 'online')
    const seen: DeviceStatus[] = []
    m.onStatus((s) => seen.push(s))
    await m.sim!.setFault('idcard', 'unplug')
    expect(m.idcard.status).toMatchObject({ state: 'offline', reason: 'PORT_GONE' })
    await m.sim!.setFault('idcard', 'none')
    await until(() => m.idcard.status.state === 'online')
    expect(seen.filter((s) => s.role === 'idcard').map((s) => s.state)).toEqual(['offline', 'online'])
  })

  it('holds an attached printer in the same status model', async () => {
    manager = await DeviceManager.create({ idcard: { kind: 'sim' }, fingerprint: { kind: 'sim' }, paceSimulators: false })
    let closed = false
    const status: DeviceStatus = { role: 'printer', spec: 'sim', state: 'online', reason: null, since: 0, counters: {} }
    manager.attachPrinter({ status, onStatus: () => () => {}, open: async () => {}, close: async () => void (closed = true) })
    expect(manager.statuses().map((s) => s.role)).toEqual(['idcard', 'fingerprint', 'printer'])
    await manager.dispose()
    manager = null
    expect(closed).toBe(true)
  })
})
