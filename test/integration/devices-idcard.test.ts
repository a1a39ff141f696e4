import { afterEach, describe, expect, it } from 'vitest'
import { identityDeviceTransport } from '../../hardware/device-transports'
import { IdCardReader, type CardEvent } from '../../hardware/idcard/idcard-reader'
import { IdCardSimulator } from '../../hardware/sim/idcard-simulator'
import { wireTimeMs } from '../support/paced-writer'
import { createPtyPair } from '../support/pty-pair'
import { simOnPty } from '../support/sim-on-pty'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const until = async (check: () => boolean, ms = 8000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

async function setup(baudRate = 115200) {
  const pair = await createPtyPair()
  cleanups.push(() => pair.dispose())
  const device = await simOnPty(pair, baudRate, (t) => new IdCardSimulator(t, { baudRate }))
  cleanups.push(() => device.dispose())
  const transport = identityDeviceTransport({ kind: 'serial', path: pair.b, baudRate }, { backoff: { initialMs: 50, maxMs: 400 } })
  const chunks: number[] = []
  transport.onData((c) => chunks.push(c.length))
  const reader = new IdCardReader(transport, { spec: transport.description, pollMs: 50, today: () => '2026-06-01' })
  const events: CardEvent[] = []
  reader.onCard((e) => events.push(e))
  await reader.open()
  cleanups.push(() => reader.close())
  await until(() => reader.status.state === 'online')
  return { pair, device, reader, events, chunks }
}

describe('ID-card reader over real serialport on a socat pty, simulator paced at baud', () => {
  it('reads text + photo + fingerprint (2321 bytes) in paced chunks and takes at least the wire time', async () => {
    const { device, reader, chunks } = await setup()
    chunks.length = 0
    device.sim.placeCard('chen-rare')
    const card = await reader.waitForCard(5000)
    expect(card.identity.name).toBe('陈𠈌芳')
    expect(card.identity.fingerprint?.length).toBe(1024)
    expect(card.identity.validTo).toBe('long-term')
    // select reply + the 2321-byte read reply, paced: many small chunks, at least their wire time.
    expect(chunks.length).toBeGreaterThan(50)
    expect(card.readMs).toBeGreaterThanOrEqual(wireTimeMs(2321 + 19, 115200) * 0.95)
  })

  it('reports removed and changed cards', async () => {
    const { device, reader, events } = await setup()
    device.sim.placeCard('zhou-min')
    await reader.waitForCard(5000)
    device.sim.placeCard('wu-qiang')
    await until(() => events.length === 2)
    device.sim.removeCard()
    await until(() => events.length === 3)
    expect(events.map((e) => e.type)).toEqual(['placed', 'changed', 'removed'])
  })

  it('counts garbage and checksum errors on the wire and keeps reading', async () => {
    const { device, reader, events } = await setup()
    device.sim.setFault('garbage')
    device.sim.placeCard('ma-fuhai')
    expect((await reader.waitForCard(5000)).identity.nation).toBe('回')
    device.sim.setFault('checksum')
    await until(() => (reader.status.counters.checksumErrors ?? 0) > 2)
    device.sim.setFault('none')
    device.sim.placeCard('ayiguli')
    await until(() => events.some((e) => e.type === 'changed'))
    expect(reader.status.counters.garbageBytes).toBeGreaterThan(0)
  })

  it('goes offline when unplugged (socat killed) and reconnects with backoff when plugged back', async () => {
    const { pair, device, reader } = await setup()
    device.sim.placeCard('li-xiuying')
    await reader.waitForCard(5000)
    await pair.kill()
    await until(() => reader.status.state === 'offline')
    expect(reader.status.reason).toBe('PORT_GONE')
    expect(reader.currentCard).toBeNull()
    await new Promise((r) => setTimeout(r, 300))
    await pair.restart()
    await device.replug((sim) => sim.placeCard('zhang-jianguo'))
    await until(() => reader.status.state === 'online')
    expect((await reader.waitForCard(5000)).identity.name).toBe('张建国')
  })
})
