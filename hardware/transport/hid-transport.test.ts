import { EventEmitter } from 'node:events'
import HID from 'node-hid'
import { describe, expect, it } from 'vitest'
import { decodeReport, encodeReports, type HidFraming } from '../common/hid-framing'
import { encodeSamCommand, encodeSamFrame, SamFrameDecoder } from '../common/sam-frame'
import { HidTransport, type HidDevice } from './hid-transport'

/** An in-memory HID device: records output reports, and can send input reports like a reader would. */
class MemoryHidDevice extends EventEmitter implements HidDevice {
  readonly written: Uint8Array[] = []
  closed = false
  async write(report: Buffer): Promise<number> {
    if (this.closed) throw new Error('could not write to HID device')
    this.written.push(new Uint8Array(report))
    return report.length
  }
  async close(): Promise<void> {
    this.closed = true
  }
  sendInput(report: Uint8Array): void {
    this.emit('data', Buffer.from(report))
  }
}

const styles: Array<[string, Partial<HidFraming>]> = [
  ['length-prefixed, unnumbered 64-byte reports', {}],
  ['report id carries the length (CP2110-like)', { reportId: 'length', lengthPrefix: false, reportSize: 63, inputHasReportId: true }],
  ['numbered report 2 with id on input, 32-byte reports', { reportId: 2, reportSize: 32, inputHasReportId: true }],
]

describe('HidTransport framing through the Transport interface', () => {
  it.each(styles)('%s: a SAM exchange survives the report round trip', async (_, framing) => {
    const device = new MemoryHidDevice()
    const transport = new HidTransport({ vendorId: 0x0400, productId: 0xc35a, framing, openDevice: async () => device })
    await transport.open()
    expect(transport.description).toBe('hid:0400:C35A')
    const command = encodeSamCommand(0x30, 0x10)
    await transport.write(command)
    const full = { reportId: 0, reportSize: 64, lengthPrefix: true, inputHasReportId: false, ...framing }
    expect(device.written.every((r) => r.length === 1 + full.reportSize)).toBe(true)
    const carried = device.written.map((r) => decodeReport(full.inputHasReportId || full.reportId === 'length' ? r : r.subarray(1), full))
    expect(Buffer.concat(carried)).toEqual(Buffer.from(command))

    // The reader answers with a 2321-byte frame cut into input reports.
    const reply = encodeSamFrame(new Uint8Array(2313).fill(0x42))
    const decoder = new SamFrameDecoder()
    const frames: Uint8Array[] = []
    transport.onData((chunk) => frames.push(...decoder.push(chunk)))
    for (const report of encodeReports(reply, full)) device.sendInput(full.inputHasReportId || full.reportId === 'length' ? report : report.subarray(1))
    expect(frames).toHaveLength(1)
    expect(frames[0]!.length).toBe(2313)
    await transport.close()
    expect(device.closed).toBe(true)
  })

  it('reports a device error (unplug) through onDisconnect', async () => {
    const device = new MemoryHidDevice()
    const transport = new HidTransport({ vendorId: 1, productId: 2, openDevice: async () => device })
    await transport.open()
    const seen: Array<Error | null> = []
    transport.onDisconnect((e) => seen.push(e))
    device.emit('error', new Error('could not read from HID device'))
    expect(seen).toHaveLength(1)
    expect(transport.isOpen).toBe(false)
  })

  it('rejects contradictory framing', () => {
    expect(() => new HidTransport({ vendorId: 1, productId: 2, framing: { reportId: 'length', lengthPrefix: true } })).toThrow(/either/)
  })
})

describe('node-hid', () => {
  it('loads its native binding and enumerates (no HID device is expected here)', async () => {
    expect(HID.getHidapiVersion()).toMatch(/^\d+\.\d+/)
    const devices = await HID.devicesAsync()
    expect(Array.isArray(devices)).toBe(true)
  })
})
