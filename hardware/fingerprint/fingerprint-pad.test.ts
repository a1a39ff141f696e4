import { afterEach, describe, expect, it } from 'vitest'
import { testCard } from '../common/test-cards'
import { cardFingerprintBlock } from '../sim/card-data'
import { FingerprintSimulator } from '../sim/fingerprint-simulator'
import { MemoryLink } from '../transport/memory-transport'
import { FingerprintPad } from './fingerprint-pad'

const disposers: Array<() => Promise<void>> = []
afterEach(async () => {
  while (disposers.length) await disposers.pop()!()
})

async function setup() {
  const link = new MemoryLink('fp')
  await link.device.open()
  const sim = new FingerprintSimulator(link.device)
  const pad = new FingerprintPad(link.host, { spec: 'sim', captureTimeoutMs: 300, capturePollMs: 20, timeoutMs: 150, heartbeatMs: 0 })
  await pad.open()
  disposers.push(() => pad.close())
  return { link, sim, pad }
}

const template = (key: string) => cardFingerprintBlock(testCard(key))

describe('FingerprintPad against the simulator', () => {
  it('handshakes, then matches the finger of the same card with a high score', async () => {
    const { sim, pad } = await setup()
    expect(pad.status.state).toBe('online')
    sim.setFinger('li-xiuying')
    const result = await pad.verify(template('li-xiuying'))
    expect(result.matched).toBe(true)
    expect(result.score).toBeGreaterThanOrEqual(150)
    expect(sim.received).toEqual([0x13, 0x01, 0x02, 0x09, 0x03])
  })

  it('does not match another card, and honours the threshold', async () => {
    const { sim, pad } = await setup()
    sim.setFinger('ma-fuhai')
    const result = await pad.verify(template('li-xiuying'))
    expect(result).toMatchObject({ matched: false, threshold: 50 })
    expect(result.score).toBeLessThan(30)
  })

  it('throws DEVICE_NO_FINGER after the capture timeout, FP_TOO_WET for a wet finger, CARD_NO_FINGERPRINT for an empty block', async () => {
    const { sim, pad } = await setup()
    await expect(pad.verify(template('li-xiuying'))).rejects.toMatchObject({ code: 'DEVICE_NO_FINGER' })
    sim.setFinger('li-xiuying')
    sim.setFault('wet')
    await expect(pad.verify(template('li-xiuying'))).rejects.toMatchObject({ code: 'FP_TOO_WET' })
    await expect(pad.verify(template('liu-changshun'))).rejects.toMatchObject({ code: 'CARD_NO_FINGERPRINT' })
    expect(pad.status.state).toBe('online')
  })

  it('recovers from garbage, reports checksum errors and silence as DEVICE_TIMEOUT', async () => {
    const { sim, pad } = await setup()
    sim.setFinger('li-xiuying')
    sim.setFault('garbage')
    expect((await pad.verify(template('li-xiuying'))).matched).toBe(true)
    expect(pad.status.counters.garbageBytes).toBeGreaterThan(0)
    sim.setFault('checksum')
    await expect(pad.verify(template('li-xiuying'))).rejects.toMatchObject({ code: 'DEVICE_TIMEOUT' })
    expect(pad.status.counters.checksumErrors).toBeGreaterThan(0)
    expect(pad.status).toMatchObject({ state: 'error', reason: 'DEVICE_TIMEOUT' })
    sim.setFault('none')
    await pad.check()
    expect(pad.status.state).toBe('online')
  })
})
