import { describe, expect, it } from 'vitest'
import { type StatusBytes, conditionOfBytes, decodeStatusBytes, isStatusByte } from '../../hardware/common/escpos/status'
import { NO_FAULTS, type PrinterFaults, statusByteFor } from '../../hardware/sim/printer/printer-faults'
import { PrinterSimulator } from '../../hardware/sim/printer/printer-simulator'

const answers = (faults: Partial<PrinterFaults>): StatusBytes => {
  const f = { ...NO_FAULTS, ...faults }
  return [statusByteFor(1, f), statusByteFor(2, f), statusByteFor(3, f), statusByteFor(4, f)]
}

describe('DLE EOT status bits', () => {
  it('a healthy printer answers 0x12 to every n and is online', () => {
    expect(answers({})).toEqual([0x12, 0x12, 0x12, 0x12])
    expect(conditionOfBytes([0x12, 0x12, 0x12, 0x12])).toEqual({ state: 'online', reason: null })
  })

  it('out of paper is 1A 32 12 7E (the documented example) → error PAPER_OUT', () => {
    expect(answers({ paperOut: true })).toEqual([0x1a, 0x32, 0x12, 0x7e])
    expect(conditionOfBytes([0x1a, 0x32, 0x12, 0x7e])).toEqual({ state: 'error', reason: 'PAPER_OUT' })
  })

  it.each([
    [[0x12, 0x12, 0x12, 0x1e], { paperNearEnd: true }, 'attention', 'PAPER_NEAR_END'],
    [[0x12, 0x12, 0x12, 0x16], { paperNearEnd: true }, 'attention', 'PAPER_NEAR_END'], // bit 2 alone
    [[0x1a, 0x16, 0x12, 0x12], { coverOpen: true }, 'error', 'COVER_OPEN'],
    [[0x3a, 0x52, 0x1a, 0x12], { autocutterError: true }, 'error', 'CUTTER_ERROR'],
    [[0x12, 0x12, 0x32, 0x12], { unrecoverableError: true }, 'error', 'PRINTER_FAULT'],
    [[0x1a, 0x12, 0x12, 0x12], { offline: true }, 'offline', 'OFFLINE'],
    [[0x12, 0x12, 0x12, 0x72], { paperOut: true }, 'error', 'PAPER_OUT'], // bits 5+6 of n=4 only
  ] as const)('%j → %s %s', (bytes, flag, state, reason) => {
    const flags = decodeStatusBytes(bytes)
    for (const [k, v] of Object.entries(flag)) expect(flags[k as keyof typeof flags]).toBe(v)
    expect(conditionOfBytes(bytes as unknown as StatusBytes)).toEqual({ state, reason })
  })

  it('paper out outranks a near end and an open cover', () => {
    expect(conditionOfBytes(answers({ paperOut: true, coverOpen: true, paperNearEnd: true }))).toEqual({ state: 'error', reason: 'PAPER_OUT' })
  })

  it('the simulator faults decode back to their reasons', () => {
    expect(conditionOfBytes(answers({ coverOpen: true })).reason).toBe('COVER_OPEN')
    expect(conditionOfBytes(answers({ cutterError: true })).reason).toBe('CUTTER_ERROR')
    expect(conditionOfBytes(answers({ paperNearEnd: true })).reason).toBe('PAPER_NEAR_END')
  })

  it('bytes without the fixed bits are BAD_STATUS', () => {
    expect(isStatusByte(0x12)).toBe(true)
    expect(isStatusByte(0x13)).toBe(false)
    expect(isStatusByte(0x92)).toBe(false)
    expect(conditionOfBytes([0x12, 0x00, 0x12, 0x12])).toEqual({ state: 'error', reason: 'BAD_STATUS' })
  })
})

describe('simulator answers DLE EOT from the raw stream', () => {
  it('answers a request split across chunks, and one buried in raster data', () => {
    const sim = new PrinterSimulator({ faults: { paperOut: true } })
    expect([...sim.receive(Uint8Array.of(0x10))]).toEqual([])
    expect([...sim.receive(Uint8Array.of(0x04, 0x01))]).toEqual([0x1a])
    // GS v 0: 1 byte wide, 3 rows whose data happens to be 10 04 04
    expect([...sim.receive(Uint8Array.of(0x1d, 0x76, 0x30, 0, 1, 0, 3, 0, 0x10, 0x04, 0x04))]).toEqual([0x7e])
    expect(sim.items.at(-1)).toMatchObject({ kind: 'image', widthBytes: 1, height: 3 })
    expect(sim.statusRequests).toBe(2)
  })

  it('goes silent after the configured number of bytes', () => {
    const sim = new PrinterSimulator({ stopAnsweringAfterBytes: 10 })
    expect([...sim.receive(Uint8Array.of(0x10, 0x04, 0x02))]).toEqual([0x12])
    sim.receive(new Uint8Array(7).fill(0x41))
    expect([...sim.receive(Uint8Array.of(0x10, 0x04, 0x02))]).toEqual([])
  })
})
