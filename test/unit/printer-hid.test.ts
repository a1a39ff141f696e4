import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { DEFAULT_HID_FRAMING, decodeReport, encodeReports } from '../../hardware/common/hid-framing'
import { encodeDocument } from '../../hardware/common/escpos/encoder'
import { ReceiptPrinter } from '../../hardware/printer/receipt-printer'
import { testPage } from '../../hardware/printer/test-page'
import { PrinterSimulator } from '../../hardware/sim/printer/printer-simulator'
import { type HidDevice, HidTransport } from '../../hardware/transport/hid-transport'

/** An in-memory HID printer: output reports are unwrapped into the simulator, its answers wrapped into input reports. */
function hidPrinter(sim: PrinterSimulator): HidDevice {
  const events = new EventEmitter()
  return {
    async write(report: Buffer) {
      const answers = sim.receive(decodeReport(new Uint8Array(report).subarray(1), DEFAULT_HID_FRAMING))
      if (answers.length)
        setImmediate(() => {
          for (const r of encodeReports(answers, DEFAULT_HID_FRAMING)) events.emit('data', Buffer.from(r.subarray(1)))
        })
      return report.length
    },
    on: (event: string, listener: (...args: any[]) => void) => events.on(event, listener), // eslint-disable-line @typescript-eslint/no-explicit-any
    removeAllListeners: () => events.removeAllListeners(),
    close: async () => {},
  }
}

describe('receipt printer over HID reports', () => {
  it('reads status and prints a test page through 64-byte reports', async () => {
    const sim = new PrinterSimulator({ faults: { paperNearEnd: true } })
    const transport = new HidTransport({ vendorId: 0x0483, productId: 0x5743, openDevice: async () => hidPrinter(sim) })
    const printer = new ReceiptPrinter(transport, { spec: transport.description, statusTimeoutMs: 300 })
    await printer.open()
    expect(printer.status).toMatchObject({ state: 'attention', reason: 'PAPER_NEAR_END' })
    await printer.print(encodeDocument(testPage('58mm', { spec: transport.description, at: '2025-03-01 00:00:00' }), { nativeQr: true }))
    expect(sim.lines()[0]).toBe('打印机测试页')
    expect(sim.qrPayloads()).toEqual(['HMTRACE:TEST'])
    expect(sim.receipts()).toHaveLength(1)
    await printer.close()
  })
})
