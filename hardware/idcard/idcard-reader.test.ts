import { afterEach, describe, expect, it } from 'vitest'
import { IdCardSimulator } from '../sim/idcard-simulator'
import { MemoryLink } from '../transport/memory-transport'
import { IdCardReader, type CardEvent } from './idcard-reader'

const disposers: Array<() => Promise<void>> = []
afterEach(async () => {
  while (disposers.length) await disposers.pop()!()
})

const warnings: Array<[string, Record<string, unknown> | undefined]> = []
const log = { info() {}, warn: (msg: string, fields?: Record<string, unknown>) => void warnings.push([msg, fields]) }

async function setup(options: { readFingerprint?: boolean } = {}) {
  const link = new MemoryLink('idcard')
  await link.device.open()
  const sim = new IdCardSimulator(link.device)
  const reader = new IdCardReader(link.host, {
    spec: 'sim',
    pollMs: 10,
    today: () => '2026-06-01',
    timeouts: { short: 100, read: 300, readFingerprint: 300 },
    log,
    ...options,
  })
  const events: CardEvent[] = []
  reader.onCard((e) => events.push(e))
  await reader.open()
  disposers.push(() => reader.close())
  return { link, sim, reader, events }
}

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('IdCardReader against the simulator', () => {
  it('comes online with the SAM id, reads a placed card with its fingerprint, then sees it removed', async () => {
    const { sim, reader, events } = await setup()
    await until(() => reader.status.state === 'online')
    expect(reader.samId).toBe('5.1-123456789-0000012345-0000054321')
    sim.placeCard('li-xiuying')
    const card = await reader.waitForCard(2000)
    expect(card.problem).toBeNull()
    expect(card.identity).toMatchObject({
      name: '李秀英',
      gender: 'female',
      nation: '汉',
      idNumber: '410122195808150021',
      validTo: '2038-08-15',
      photoLength: 1024,
    })
    expect(card.identity.fingerprint?.length).toBe(1024)
    sim.removeCard()
    await until(() => events.some((e) => e.type === 'removed'))
    expect(events.map((e) => e.type)).toEqual(['placed', 'removed'])
    expect(reader.currentCard).toBeNull()
  })

  it('reports a card swapped without a gap as changed', async () => {
    const { sim, reader, events } = await setup()
    sim.placeCard('li-xiuying')
    await reader.waitForCard(2000)
    sim.placeCard('ma-fuhai')
    await until(() => events.some((e) => e.type === 'changed'))
    const changed = events.find((e) => e.type === 'changed')
    expect(changed?.type === 'changed' && changed.card.identity.nation).toBe('回')
  })

  it('refuses bad cards with a reason and reads a no-fingerprint card as fingerprint null', async () => {
    const { sim, reader, events } = await setup()
    sim.placeCard('wang-badcheck')
    expect((await reader.waitForCard(2000)).problem).toBe('ID_CHECK_DIGIT')
    sim.placeCard('liu-changshun')
    await until(() => events.length === 2)
    const e = events[1]!
    expect(e.type === 'changed' && e.card.identity.fingerprint).toBeNull()
  })

  it('survives garbage and checksum faults, counting them, and goes to error on silence then recovers', async () => {
    const { sim, reader } = await setup()
    await until(() => reader.status.state === 'online')
    sim.setFault('garbage')
    sim.placeCard('zhang-jianguo')
    expect((await reader.waitForCard(2000)).identity.validTo).toBe('long-term')
    expect(reader.status.counters.garbageBytes).toBeGreaterThan(0)
    await until(() => warnings.some(([msg, fields]) => /bad input/.test(msg) && (fields?.garbageBytes as number) > 0))
    sim.setFault('checksum')
    await until(() => (reader.status.counters.checksumErrors ?? 0) > 0)
    sim.setFault('timeout')
    await until(() => reader.status.state === 'error', 5000)
    expect(reader.status.reason).toBe('DEVICE_TIMEOUT')
    sim.setFault('none')
    await until(() => reader.status.state === 'online', 5000)
  })

  it('goes offline with PORT_GONE when unplugged', async () => {
    const { link, reader, events } = await setup()
    await until(() => reader.status.state === 'online')
    link.unplug()
    expect(reader.status).toMatchObject({ state: 'offline', reason: 'PORT_GONE' })
    expect(events).toEqual([])
  })

  it('counts the card on it as removed when unplugged, so nobody acts on a card it can no longer see', async () => {
    const { link, sim, reader, events } = await setup()
    sim.placeCard('li-xiuying')
    await reader.waitForCard(2000)
    link.unplug()
    expect(events.map((e) => e.type)).toEqual(['placed', 'removed'])
    expect(reader.currentCard).toBeNull()
  })
})
