import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Logger, createLogger } from '../../electron/node/log/logger'
import { ReceiptJobService } from '../../electron/node/printing/receipt-job-service'
import { ReceiptPrinter } from '../../hardware/printer/receipt-printer'
import { attachToTransport } from '../../hardware/sim/printer/attach'
import { PrinterSimulator, type PrinterSimulatorOptions } from '../../hardware/sim/printer/printer-simulator'
import { LpTransport } from '../../hardware/transport/lp-transport'
import { SerialTransport } from '../../hardware/transport/serial-transport'
import type { Transport } from '../../hardware/transport/transport'
import { type PtyPair, createPtyPair } from '../support/pty-pair'
import { makeTempDir } from '../support/temp-dir'
import { CLAIM } from '../unit/printer-fixtures'

/**
 * The whole receipt job over a real serialport on a socat pty pair: the
 * simulator listens on end A, the driver and the job service write to end B.
 */
describe('receipt printer over a socat pty', () => {
  let dir: ReturnType<typeof makeTempDir>
  let pty: PtyPair
  let log: Logger & { dispose(): void }
  const cleanups: (() => unknown)[] = []

  beforeEach(async () => {
    dir = makeTempDir('huimin-printer-')
    pty = await createPtyPair({ dir: dir.path })
    log = createLogger({ file: path.join(dir.path, 'test.log'), stderrLevel: 'error' }, 'printer-test')
  })

  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!()
    log.dispose()
    await pty.dispose()
    dir.remove()
  })

  async function setUp(simOptions: PrinterSimulatorOptions = {}, hostTransport?: Transport) {
    const sim = new PrinterSimulator(simOptions)
    const device = new SerialTransport({ path: pty.a, baudRate: 115200 })
    await device.open()
    cleanups.push(() => device.close())
    cleanups.push(attachToTransport(sim, device))
    const host = hostTransport ?? new SerialTransport({ path: pty.b, baudRate: 115200 })
    const printer = new ReceiptPrinter(host, { spec: host.description, statusTimeoutMs: 300, baudRate: 115200, stallMs: 1000 })
    await printer.open()
    cleanups.push(() => printer.close())
    const service = new ReceiptJobService({ printer, paper: '58mm', nativeQr: true, log })
    return { sim, printer, service }
  }

  it('prints a claim receipt: the simulator reads back the lines and the trace code', async () => {
    const { sim, service } = await setUp()
    expect((await service.readiness()).mayStartClaim).toBe(true)
    const job = await service.printClaimReceipt(CLAIM)
    expect(job).toMatchObject({ state: 'printed', kind: 'claim', ref: CLAIM.claimNo, error: null })
    await sim.waitForReceipts(1)
    const lines = sim.lines()
    expect(lines).toContain('姓名：    张*国')
    expect(lines).toContain('身份证号：4101**********003X')
    expect(lines).toContain('大写：    壹佰贰拾叁元肆角伍分')
    expect(sim.qrPayloads()).toEqual([`HMTRACE:${'9F3C'.repeat(16)}`])
    expect(sim.bytesReceived).toBe(job.bytes + 4 * 12) // the job plus status at open, readiness, before and after
    // Personal data never reaches the log.
    const logText = fs.readFileSync(path.join(dir.path, 'test.log'), 'utf8')
    expect(logText).toContain('print job done')
    expect(logText).not.toContain(CLAIM.name)
    expect(logText).not.toContain(CLAIM.idNumber)
  })

  it.each([
    [{ paperOut: true }, 'error', 'PAPER_OUT'],
    [{ coverOpen: true }, 'error', 'COVER_OPEN'],
    [{ cutterError: true }, 'error', 'CUTTER_ERROR'],
    [{ paperNearEnd: true }, 'attention', 'PAPER_NEAR_END'],
  ] as const)('reads the status of a printer with %j over the wire', async (faults, state, reason) => {
    const { printer, service } = await setUp({ faults })
    const reading = await printer.readStatus()
    expect(reading).toMatchObject({ state, reason })
    expect(printer.status).toMatchObject({ role: 'printer', state, reason })
    const readiness = await service.readiness()
    expect(readiness.canPrint).toBe(state === 'attention')
    service.receiptLaterAllowed = true
    expect((await service.readiness()).mayStartClaim).toBe(true)
  })

  it('refuses to print on a printer out of paper, and the job is kept for reprint', async () => {
    const { sim, service } = await setUp({ faults: { paperOut: true } })
    const job = await service.printClaimReceipt(CLAIM)
    expect(job).toMatchObject({ state: 'failed', error: { code: 'PRINTER_UNAVAILABLE', reason: 'PAPER_OUT' }, reprintable: true })
    expect(sim.receipts()).toHaveLength(0)
    sim.faults.paperOut = false
    const again = await service.reprint(job.id)
    expect(again).toMatchObject({ state: 'printed', kind: 'reprint', ref: CLAIM.claimNo })
    await sim.waitForReceipts(1)
    expect(sim.lines()).toContain('【补打】 REPRINT')
  })

  it('a printer that stops answering mid-job fails the job cleanly', async () => {
    const { sim, printer, service } = await setUp({ stopAnsweringAfterBytes: 300 })
    const job = await service.printClaimReceipt(CLAIM)
    expect(job).toMatchObject({ state: 'failed', error: { code: 'PRINTER_NO_ANSWER', reason: 'NO_ANSWER' }, reprintable: true })
    expect(printer.status).toMatchObject({ state: 'offline', reason: 'NO_ANSWER' })
    expect(printer.status.counters.failedJobs).toBe(1)
    expect(service.jobs()[0]).toMatchObject({ id: job.id, state: 'failed' })
    // The printer comes back; staff reprint.
    sim.answering = true
    expect((await service.reprint(job.id)).state).toBe('printed')
  })

  it('an unplugged printer (socat killed) fails the job with PORT_GONE', async () => {
    const { printer, service } = await setUp()
    const gone = new Promise<void>((resolve) => printer.onStatus((s) => s.reason === 'PORT_GONE' && resolve()))
    await pty.kill()
    await gone
    expect(printer.status).toMatchObject({ state: 'offline', reason: 'PORT_GONE' })
    const job = await service.printClaimReceipt(CLAIM)
    expect(job).toMatchObject({ state: 'failed', error: { code: 'PRINTER_UNAVAILABLE', reason: 'PORT_GONE' }, reprintable: true })
  })

  it('prints through the lp transport (plain fs on a character device)', async () => {
    const host = new LpTransport({ path: fs.realpathSync(pty.b), readPollMs: 5 })
    const { sim, service } = await setUp({}, host)
    const job = await service.printClaimReceipt(CLAIM)
    expect(job.state).toBe('printed')
    await sim.waitForReceipts(1)
    expect(sim.qrPayloads()).toEqual([`HMTRACE:${'9F3C'.repeat(16)}`])
  })
})
