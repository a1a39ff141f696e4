import { afterEach, describe, expect, it } from 'vitest'
import { calls } from '../../electron/common/contract'
import { AppError } from '../../electron/common/result'
import { createPrinterHandlers } from '../../electron/node/app/printer-handlers'
import type { StaffSession } from '../../electron/node/counter/staff-auth'
import { createLogger } from '../../electron/node/log/logger'
import { ReceiptJobService } from '../../electron/node/printing/receipt-job-service'
import { type OpenedPrinter, openPrinter } from '../../hardware/printer/open-printer'
import { CLAIM } from './printer-fixtures'

const session = 'a'.repeat(64)
/** Calls that need no staff session run with none; the others with the clerk the dispatcher would have resolved. */
const ctx = { face: 'counter' as const, staff: null }
const clerk: StaffSession = {
  id: 1,
  staffNo: 'S0001',
  role: 'clerk',
  commitment: `0x${'1'.repeat(64)}`,
  maskedName: '周*',
  token: session,
  signedInAt: 0,
  lastActivity: 0,
}
const asClerk = { face: 'counter' as const, staff: clerk }

describe('printer handlers on the built-in simulator', () => {
  let opened: OpenedPrinter | null = null
  afterEach(async () => {
    await opened?.dispose()
    opened = null
  })

  async function setUp() {
    opened = await openPrinter({ kind: 'sim' }, { statusTimeoutMs: 200 })
    const receipts = new ReceiptJobService({ printer: opened.printer, paper: '80mm', nativeQr: true, log: createLogger({ stderrLevel: 'error' }) })
    return { receipts, handlers: createPrinterHandlers({ receipts }), sim: opened.simulator! }
  }

  it('declares status for every face and the rest for the counter only', () => {
    expect(calls['printer.status'].faces).toEqual(['kiosk', 'counter', 'audit'])
    for (const name of ['printer.preview', 'printer.testPage', 'printer.jobs', 'printer.reprint', 'printer.receiptLater'] as const)
      expect(calls[name].faces).toEqual(['counter'])
    expect(calls['printer.reprint'].input.safeParse({ session, jobId: 'P000001' }).success).toBe(true)
    expect(calls['printer.reprint'].input.safeParse({ jobId: 'P000001' }).success).toBe(false)
    expect(calls['printer.reprint'].input.safeParse({ session, jobId: '../x' }).success).toBe(false)
  })

  it('status, test page, preview, jobs, reprint, receipt-later', async () => {
    const { receipts, handlers, sim } = await setUp()
    expect(await handlers['printer.status']({}, ctx)).toMatchObject({
      canPrint: true,
      mayStartClaim: true,
      status: { role: 'printer', spec: 'sim', state: 'online' },
    })
    await expect(async () => handlers['printer.preview']({ session }, asClerk)).rejects.toThrow(AppError)

    const page = await handlers['printer.testPage']({ session }, asClerk)
    expect(page).toMatchObject({ kind: 'testPage', state: 'printed', reprintable: false })
    const preview = await handlers['printer.preview']({ session }, asClerk)
    expect(preview.jobId).toBe(page.id)
    expect(preview.lines[0]).toBe('打印机测试页')
    expect(preview.qrPayloads).toEqual(['HMTRACE:TEST'])

    const claim = await receipts.printClaimReceipt(CLAIM)
    const again = await handlers['printer.reprint']({ session, jobId: claim.id }, asClerk)
    expect(again).toMatchObject({ kind: 'reprint', state: 'printed', ref: CLAIM.claimNo })
    await expect(async () => handlers['printer.reprint']({ session, jobId: page.id }, asClerk)).rejects.toThrow(/no reprintable/)
    expect((await handlers['printer.jobs']({ session }, asClerk)).map((j) => j.kind)).toEqual(['reprint', 'claim', 'testPage'])
    await sim.waitForReceipts(3)
    expect(sim.receipts()[2]!.some((i) => i.kind === 'text' && i.text === '【补打】 REPRINT')).toBe(true)

    sim.faults.paperOut = true
    expect(await handlers['printer.status']({}, ctx)).toMatchObject({ canPrint: false, mayStartClaim: false, status: { state: 'error', reason: 'PAPER_OUT' } })
    expect(await handlers['printer.receiptLater']({ session, allowed: true }, asClerk)).toMatchObject({
      canPrint: false,
      receiptLater: true,
      mayStartClaim: true,
    })
  })

  it('a bad amount fails the job with RECEIPT_BAD_INPUT instead of throwing into the claim flow', async () => {
    const { receipts } = await setUp()
    const job = await receipts.printClaimReceipt({ ...CLAIM, amountFen: 12.5 })
    expect(job).toMatchObject({ state: 'failed', error: { code: 'RECEIPT_BAD_INPUT' }, reprintable: true })
  })
})
