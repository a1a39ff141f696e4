import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Logger, createLogger } from '../../electron/node/log/logger'
import { ReceiptJobService } from '../../electron/node/printing/receipt-job-service'
import { type OpenedPrinter, openPrinter } from '../../hardware/printer/open-printer'
import { type PrinterTcpServer, startPrinterTcpServer } from '../../hardware/sim/printer/attach'
import { PrinterSimulator } from '../../hardware/sim/printer/printer-simulator'
import { makeTempDir } from '../support/temp-dir'
import { CLAIM, COMPLAINT, DAY_CLOSE } from '../unit/printer-fixtures'

/** A network receipt printer (raw TCP, as on port 9100): the simulator behind a 127.0.0.1 listener. */
describe('receipt printer over a TCP socket', () => {
  let dir: ReturnType<typeof makeTempDir>
  let log: Logger
  let sim: PrinterSimulator
  let server: PrinterTcpServer
  let opened: OpenedPrinter
  let service: ReceiptJobService

  beforeEach(async () => {
    dir = makeTempDir('huimin-printer-tcp-')
    log = createLogger({ file: path.join(dir.path, 'test.log'), stderrLevel: 'error' }, 'printer-test')
    sim = new PrinterSimulator()
    server = await startPrinterTcpServer(sim)
    opened = await openPrinter({ kind: 'tcp', host: server.host, port: server.port }, { statusTimeoutMs: 300 })
    service = new ReceiptJobService({ printer: opened.printer, paper: '58mm', nativeQr: false, log })
  })

  afterEach(async () => {
    await opened.dispose()
    await server.close()
    log.dispose()
    dir.remove()
  })

  it('prints a claim receipt (raster QR fallback), a complaint ticket and a day-close report', async () => {
    expect(opened.printer.status).toMatchObject({ state: 'online', spec: `tcp:127.0.0.1:${server.port}` })
    const jobs = [await service.printClaimReceipt(CLAIM), await service.printComplaintTicket(COMPLAINT), await service.printDayClose(DAY_CLOSE)]
    expect(jobs.map((j) => j.state)).toEqual(['printed', 'printed', 'printed'])
    await sim.waitForReceipts(3)
    const [claim, complaint, day] = sim.receipts()
    const lines = (items: typeof claim) => items!.flatMap((i) => (i.kind === 'text' ? [i.text] : []))
    expect(lines(claim)).toContain('金额：    123.45 元')
    expect(claim!.some((i) => i.kind === 'image')).toBe(true) // QR as raster
    expect(lines(complaint)).toContain('受理编号：        T20250301-0007')
    expect(lines(day)).toContain('营业日期：2025-03-01')
    expect(service.jobs().map((j) => j.kind)).toEqual(['dayClose', 'complaint', 'claim'])
  })

  it('produces a PNG preview of the last job, with its lines and QR payload', async () => {
    await service.printClaimReceipt({ ...CLAIM, township: '𠈌村' })
    const preview = service.preview()!
    expect(preview.png.startsWith('data:image/png;base64,')).toBe(true)
    const png = Buffer.from(preview.png.slice('data:image/png;base64,'.length), 'base64')
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(png.readUInt32BE(16)).toBe(384 + 32) // IHDR width: 58 mm paper + margins
    expect(png.readUInt32BE(20)).toBeGreaterThan(800)
    expect(preview.lines).toContain('乡镇：    □村')
    expect(preview.qrPayloads).toEqual([]) // raster QR: the payload is an image
    fs.writeFileSync(path.join(dir.path, 'receipt.png'), png)
  })

  it('recovers status after the printer is restarted', async () => {
    await server.close()
    const gone = new Promise<void>((resolve) => opened.printer.onStatus((s) => s.reason === 'PORT_GONE' && resolve()))
    await gone
    expect((await service.printTestPage()).state).toBe('failed')
    server = await startPrinterTcpServer(sim, { port: server.port })
    const back = new Promise<void>((resolve) => opened.printer.onStatus((s) => s.state === 'online' && resolve()))
    await back
    expect((await service.printTestPage()).state).toBe('printed')
  })
})
