import { describe, expect, it } from 'vitest'
import { concatBytes, prng, randomChunks } from '../../test/support/prng'
import { fpConfirmationCode } from './ef01-codes'
import { DEFAULT_ADDRESS, Ef01Decoder, EF01_MAX_PAYLOAD, encodeEf01, encodeEf01Command, encodeEf01Data, Pid, type Ef01Packet } from './ef01-packet'

const hex = (s: string) =>
  Uint8Array.from(
    s
      .trim()
      .split(/\s+/)
      .map((h) => parseInt(h, 16)),
  )

describe('EF01 packets (protocols doc §2.1 vectors)', () => {
  it('encodes GenImg', () => {
    expect(encodeEf01Command(0x01)).toEqual(hex('EF 01 FF FF FF FF 01 00 03 01 00 05'))
  })

  it('decodes the documented acks', () => {
    const d = new Ef01Decoder()
    const got = d.push(concatBytes([hex('EF 01 FF FF FF FF 07 00 03 00 00 0A'), hex('EF 01 FF FF FF FF 07 00 03 02 00 0C')]))
    expect(got.map((p) => [p.pid, [...p.payload]])).toEqual([
      [Pid.ack, [0x00]],
      [Pid.ack, [0x02]],
    ])
    expect(fpConfirmationCode(got[1]!.payload[0]!)).toBe('FP_NO_FINGER')
    expect(got[0]!.address).toBe(DEFAULT_ADDRESS)
  })

  it('splits a 512-byte template into data packets ending with 08', () => {
    const packets = encodeEf01Data(new Uint8Array(512).fill(7), 128)
    expect(packets.map((p) => p[6])).toEqual([2, 2, 2, 8])
    expect(packets.every((p) => p.length === 9 + 128 + 2)).toBe(true)
  })
})

describe('Ef01Decoder', () => {
  const rand = prng(3)
  const packets: Ef01Packet[] = [
    { address: DEFAULT_ADDRESS, pid: Pid.ack, payload: hex('00 00 7B') },
    { address: 0x12345678, pid: Pid.data, payload: rand.bytes(128) },
    { address: DEFAULT_ADDRESS, pid: Pid.endData, payload: rand.bytes(128) },
  ]
  const bytes = concatBytes(packets.map(encodeEf01))

  it('gives the same packets whatever byte position the input is split at', () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = new Ef01Decoder()
      expect([...d.push(bytes.subarray(0, cut)), ...d.push(bytes.subarray(cut))]).toEqual(packets)
    }
  })

  it('counts and skips a bad checksum and an unknown packet id', () => {
    const bad = encodeEf01(packets[0]!)
    bad[bad.length - 1]! ^= 0xff
    const unknownPid = hex('EF 01 FF FF FF FF 05 00 03 00 00 08')
    const d = new Ef01Decoder()
    expect(d.push(concatBytes([bad, unknownPid, encodeEf01(packets[0]!)]))).toEqual([packets[0]])
    expect(d.counters.checksumErrors).toBe(1)
    expect(d.counters.headerErrors).toBe(1)
  })

  it('fuzz: 100,000 random packets with garbage never throw and never grow the buffer', () => {
    const r = prng(99)
    const d = new Ef01Decoder()
    let sent = 0
    let decoded = 0
    let maxBuffered = 0
    for (let batch = 0; batch < 1000; batch++) {
      const parts: Uint8Array[] = []
      for (let i = 0; i < 100; i++) {
        const frame = encodeEf01({ address: DEFAULT_ADDRESS, pid: [1, 2, 7, 8][r.int(0, 3)]!, payload: r.bytes(r.int(0, 40)) })
        if (r.next() < 0.05) {
          frame[r.int(6, frame.length - 1)]! ^= 1 << r.int(0, 7)
        } else sent++
        if (r.next() < 0.3) parts.push(r.bytes(r.int(1, 40)))
        parts.push(frame)
      }
      for (const chunk of randomChunks(concatBytes(parts), r, 200)) {
        decoded += d.push(chunk).length
        maxBuffered = Math.max(maxBuffered, d.bufferedBytes)
      }
    }
    expect(maxBuffered).toBeLessThan(9 + EF01_MAX_PAYLOAD + 2)
    expect(decoded).toBeGreaterThan(sent * 0.97)
  })
})
