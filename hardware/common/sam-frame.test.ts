import { describe, expect, it } from 'vitest'
import { concatBytes, prng, randomChunks } from '../../test/support/prng'
import { encodeSamCommand, encodeSamFrame, SAM_MAX_LEN, SamFrameDecoder } from './sam-frame'

const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const hex = (s: string) =>
  Uint8Array.from(
    s
      .trim()
      .split(/\s+/)
      .map((h) => parseInt(h, 16)),
  )

describe('SAM frame encoding (protocols doc §1.3 vectors)', () => {
  it.each([
    [0x10, 0xff, 'AA AA AA 96 69 00 03 10 FF EC'],
    [0x11, 0xff, 'AA AA AA 96 69 00 03 11 FF ED'],
    [0x12, 0xff, 'AA AA AA 96 69 00 03 12 FF EE'],
    [0x20, 0x01, 'AA AA AA 96 69 00 03 20 01 22'],
    [0x20, 0x02, 'AA AA AA 96 69 00 03 20 02 21'],
    [0x30, 0x01, 'AA AA AA 96 69 00 03 30 01 32'],
    [0x30, 0x10, 'AA AA AA 96 69 00 03 30 10 23'],
    [0x60, 0x04, 'AA AA AA 96 69 00 03 60 04 67'],
  ])('command %i %i', (cmd, para, wire) => {
    expect(encodeSamCommand(cmd, para)).toEqual(hex(wire))
  })

  it('decodes the documented short replies', () => {
    const d = new SamFrameDecoder()
    const noCard = hex('AA AA AA 96 69 00 04 00 00 80 84')
    const statusOk = hex('AA AA AA 96 69 00 04 00 00 90 94')
    expect(d.push(concatBytes([noCard, statusOk]))).toEqual([hex('00 00 80'), hex('00 00 90')])
    expect(d.counters).toMatchObject({ frames: 2, garbageBytes: 0, checksumErrors: 0 })
  })
})

function stream(): { bytes: Uint8Array; bodies: Uint8Array[] } {
  const rand = prng(7)
  const bodies = [rand.bytes(1294 - 7), hex('00 00 80'), rand.bytes(12), hex('00 00 90')]
  return { bytes: concatBytes(bodies.map(encodeSamFrame)), bodies }
}

describe('SamFrameDecoder', () => {
  it('gives the same frames whatever byte position the input is split at', () => {
    const { bytes, bodies } = stream()
    // Frames compared as one string per cut: element-wise toEqual of 1,300 cuts × 1,300 bytes took 5–8 s on a busy machine.
    const expected = bodies.map(toHex).join('|')
    const wrongCuts: string[] = []
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = new SamFrameDecoder()
      const got = [...d.push(bytes.subarray(0, cut)), ...d.push(bytes.subarray(cut))].map(toHex).join('|')
      if (got !== expected || d.bufferedBytes !== 0) wrongCuts.push(`cut ${cut}: ${got.length} hex chars, ${d.bufferedBytes} bytes left`)
    }
    expect(wrongCuts).toEqual([])
  })

  it('gives the same frames fed one byte at a time', () => {
    const { bytes, bodies } = stream()
    const d = new SamFrameDecoder()
    const got: Uint8Array[] = []
    for (let i = 0; i < bytes.length; i++) got.push(...d.push(bytes.subarray(i, i + 1)))
    expect(got).toEqual(bodies)
  })

  it('resyncs past random garbage between frames and counts it', () => {
    const rand = prng(11)
    const bodies = Array.from({ length: 200 }, () => rand.bytes(rand.int(3, 80)))
    let garbage = 0
    const parts = bodies.flatMap((b) => {
      const g = rand.bytes(rand.int(0, 30), 0xaa)
      garbage += g.length
      return [g, encodeSamFrame(b)]
    })
    const d = new SamFrameDecoder()
    const got = randomChunks(concatBytes(parts), rand, 50).flatMap((c) => d.push(c))
    expect(got).toEqual(bodies)
    expect(d.counters.garbageBytes).toBe(garbage)
  })

  it('drops a mis-checksummed frame, counts it, and keeps the next one', () => {
    const bad = encodeSamFrame(hex('00 00 90 01 02'))
    bad[bad.length - 1]! ^= 0x01
    const good = encodeSamFrame(hex('00 00 9F 01 02 03 04'))
    const d = new SamFrameDecoder()
    expect(d.push(concatBytes([bad, good]))).toEqual([hex('00 00 9F 01 02 03 04')])
    expect(d.counters.checksumErrors).toBe(1)
  })

  it('rejects an oversized LEN without waiting for it, and resyncs', () => {
    const huge = hex('AA AA AA 96 69 FF FF 00 00')
    const good = encodeSamFrame(hex('00 00 90'))
    const d = new SamFrameDecoder()
    expect(d.push(concatBytes([huge, good]))).toEqual([hex('00 00 90')])
    expect(d.counters.lengthErrors).toBe(1)
  })

  it('reset() drops a truncated frame so the next reply decodes', () => {
    const d = new SamFrameDecoder()
    const full = encodeSamFrame(new Uint8Array(100))
    expect(d.push(full.subarray(0, 40))).toEqual([])
    d.reset()
    expect(d.counters.truncated).toBe(1)
    expect(d.push(encodeSamFrame(hex('00 00 90')))).toEqual([hex('00 00 90')])
  })

  it('fuzz: 100,000 random frames with garbage, corruption and random chunking never throw and never grow the buffer', () => {
    const rand = prng(20240601)
    const d = new SamFrameDecoder()
    const limit = 7 + SAM_MAX_LEN
    let sent = 0
    let corrupted = 0
    let decoded = 0
    let maxBuffered = 0
    for (let batch = 0; batch < 1000; batch++) {
      const parts: Uint8Array[] = []
      for (let i = 0; i < 100; i++) {
        const frame = encodeSamFrame(rand.bytes(rand.int(2, 60)))
        const roll = rand.next()
        if (roll < 0.05) {
          frame[rand.int(7, frame.length - 1)]! ^= 1 << rand.int(0, 7)
          corrupted++
          parts.push(frame)
          continue
        } else if (roll < 0.07) {
          parts.push(frame.subarray(0, rand.int(1, frame.length - 1)))
          corrupted++
          continue
        }
        sent++
        if (rand.next() < 0.3) parts.push(rand.bytes(rand.int(1, 40)))
        parts.push(frame)
      }
      if (rand.next() < 0.01) parts.push(Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x10, 0x00)) // claims 4 KiB
      for (const chunk of randomChunks(concatBytes(parts), rand, 300)) {
        decoded += d.push(chunk).length
        maxBuffered = Math.max(maxBuffered, d.bufferedBytes)
      }
    }
    expect(maxBuffered).toBeLessThan(limit)
    // Truncated frames and a frame claiming 4 KiB can swallow a few good ones; nearly all must survive.
    expect(decoded).toBeGreaterThan(sent * 0.97)
    expect(decoded).toBeLessThanOrEqual(sent + corrupted)
    expect(d.counters.checksumErrors + d.counters.lengthErrors).toBeGreaterThan(0)
  })
})
