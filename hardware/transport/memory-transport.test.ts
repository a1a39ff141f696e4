import { describe, expect, it } from 'vitest'
import { MemoryLink } from './memory-transport'

describe('MemoryLink', () => {
  it('delivers bytes to the other open end, as copies', async () => {
    const link = new MemoryLink('t')
    await link.host.open()
    await link.device.open()
    const got: number[] = []
    link.device.onData((c) => got.push(...c))
    const data = Uint8Array.of(1, 2, 3)
    await link.host.write(data)
    data[0] = 9
    expect(got).toEqual([1, 2, 3])
  })

  it('unplug disconnects both ends and refuses open until replug', async () => {
    const link = new MemoryLink('t')
    await link.host.open()
    await link.device.open()
    const seen: string[] = []
    link.host.onDisconnect(() => seen.push('host'))
    link.device.onDisconnect(() => seen.push('device'))
    link.unplug()
    expect(seen).toEqual(['host', 'device'])
    await expect(link.host.open()).rejects.toThrow(/unplugged/)
    await expect(link.host.write(Uint8Array.of(1))).rejects.toThrow(/not open/)
    link.replug()
    await link.host.open()
    expect(link.host.isOpen).toBe(true)
  })
})
