import type { DeviceStatus } from '../../../hardware/common/device-status'
import type { PaperWidth, PrintDocument } from '../../../hardware/common/escpos/document'
import { encodeDocument } from '../../../hardware/common/escpos/encoder'
import { unprintableChars } from '../../../hardware/common/escpos/text'
import { PrinterError } from '../../../hardware/printer/printer-errors'
import type { ReceiptPrinter } from '../../../hardware/printer/receipt-printer'
import { testPage } from '../../../hardware/printer/test-page'
import {
  type ClaimReceiptData,
  type ComplaintTicketData,
  type DayCloseData,
  type LayoutOptions,
  claimReceipt,
  complaintTicket,
  dayCloseReport,
  formatLocalTime,
} from '../../common/receipt'
import type { PrinterStatusView } from '../../common/contract/printer'
import { AppError } from '../../common/result'
import type { Logger } from '../log/logger'
import { JobLog, type PrintJobKind, type PrintJobRecord } from './print-job'
import { type ReceiptPreview, renderPreview } from './receipt-preview'

export interface ReceiptServiceOptions {
  printer: ReceiptPrinter
  paper: PaperWidth
  /** The printer prints `GS ( k` QR codes; otherwise they go as raster images. */
  nativeQr: boolean
  log: Logger
  timeZone?: string
  /** Township names for the receipts (read at print time: the gazetteer loads after the devices). */
  placeName?: (code: string) => string | null
  now?: () => number
}

/** Whether the kiosk may start a claim (the contract's PrinterStatusView). */
export type ReceiptReadiness = PrinterStatusView

interface JobSource {
  /** Rebuilds the document for a reprint (claims only); holds the claim data in memory, never on disk. */
  reprint: ((at: number) => PrintDocument) | null
  bytes: Uint8Array | null
}

/**
 * Receipt jobs on the Node side: builds a job from plain data, sends it to
 * the printer one job at a time, and records the outcome. A printing failure
 * never throws into the claim flow: the job is logged as failed with a stable
 * code, the claim stays confirmed, and staff reprint it (marked 补打).
 */
export class ReceiptJobService {
  receiptLaterAllowed = false
  private readonly log: JobLog<JobSource>
  private queue: Promise<unknown> = Promise.resolve()
  private previewCache: ReceiptPreview | null = null
  private readonly now: () => number

  constructor(private readonly options: ReceiptServiceOptions) {
    this.log = new JobLog<JobSource>()
    this.now = options.now ?? Date.now
  }

  private layout(): LayoutOptions {
    const { paper, timeZone, placeName } = this.options
    return { paper, ...(timeZone ? { timeZone } : {}), ...(placeName ? { placeName } : {}) }
  }

  get status(): DeviceStatus {
    return this.options.printer.status
  }

  /** Asked by the kiosk before it starts a claim. */
  async readiness(): Promise<ReceiptReadiness> {
    const check = await this.options.printer.canPrintReceipt()
    const canPrint = check.ok
    return { canPrint, receiptLater: this.receiptLaterAllowed, mayStartClaim: canPrint || this.receiptLaterAllowed, status: this.status }
  }

  printClaimReceipt(claim: ClaimReceiptData): Promise<PrintJobRecord> {
    const layout = this.layout()
    const reprint = (at: number) => claimReceipt(claim, layout, { at })
    return this.run('claim', claim.claimNo, () => claimReceipt(claim, layout), reprint)
  }

  /** Reprints a claim receipt from the job log, marked 补打. */
  reprint(jobId: string): Promise<PrintJobRecord> {
    const entry = this.log.get(jobId)
    if (!entry || !entry.extra.reprint) throw new AppError('PRINTER_JOB_UNKNOWN', `no reprintable print job ${jobId}`)
    const build = entry.extra.reprint
    return this.run('reprint', entry.record.ref, () => build(this.now()), build)
  }

  /** Reprints a claim receipt from data the caller holds (e.g. the claims table), marked 补打. */
  reprintClaim(claim: ClaimReceiptData): Promise<PrintJobRecord> {
    const layout = this.layout()
    const build = (at: number) => claimReceipt(claim, layout, { at })
    return this.run('reprint', claim.claimNo, () => build(this.now()), build)
  }

  printComplaintTicket(ticket: ComplaintTicketData): Promise<PrintJobRecord> {
    return this.run('complaint', ticket.ticketNo, () => complaintTicket(ticket, this.layout()), null)
  }

  printDayClose(day: DayCloseData): Promise<PrintJobRecord> {
    return this.run('dayClose', day.businessDate, () => dayCloseReport(day, this.layout()), null)
  }

  printTestPage(): Promise<PrintJobRecord> {
    const at = formatLocalTime(this.now(), this.options.timeZone)
    return this.run('testPage', null, () => testPage(this.options.paper, { spec: this.status.spec, at }), null)
  }

  jobs(): PrintJobRecord[] {
    return this.log.list()
  }

  /** The last job as printed: PNG (data URL), its text lines and QR payloads. Null before the first job. */
  preview(): ReceiptPreview | null {
    const last = this.log.list().find((r) => this.log.get(r.id)?.extra.bytes)
    if (!last) return null
    if (this.previewCache?.jobId !== last.id) this.previewCache = renderPreview(last.id, this.log.get(last.id)!.extra.bytes!, this.options.paper)
    return this.previewCache
  }

  private run(kind: PrintJobKind, ref: string | null, build: () => PrintDocument, reprint: JobSource['reprint']): Promise<PrintJobRecord> {
    const started = performance.now()
    const source: JobSource = { reprint, bytes: null }
    const record = this.log.add(kind, ref, this.now(), source, reprint !== null)
    const job = async (): Promise<PrintJobRecord> => {
      try {
        // The job is built while the printer answers the status request.
        await this.options.printer.print(() => {
          const doc = build()
          record.replacedChars = countReplaced(doc)
          source.bytes = encodeDocument(doc, { nativeQr: this.options.nativeQr })
          record.bytes = source.bytes.length
          return source.bytes
        })
        record.state = 'printed'
      } catch (error) {
        record.state = 'failed'
        record.error = describeFailure(error)
        this.options.log.warn('print job failed', { job: record.id, kind, code: record.error.code, reason: record.error.reason })
      } finally {
        record.finishedAt = this.now()
        record.elapsedMs = performance.now() - started
      }
      if (record.state === 'printed') this.options.log.info('print job done', { job: record.id, kind, bytes: record.bytes, ms: Math.round(record.elapsedMs) })
      return { ...record }
    }
    const next = this.queue.then(job, job)
    this.queue = next.catch(() => {})
    return next
  }
}

function countReplaced(doc: PrintDocument): number {
  return doc.elements.reduce((n, el) => n + (el.kind === 'text' ? unprintableChars(el.text).length : 0), 0)
}

function describeFailure(error: unknown): { code: string; message: string; reason: string | null } {
  if (error instanceof PrinterError) return { code: error.code, message: error.message, reason: error.reason }
  if (error instanceof RangeError) return { code: 'RECEIPT_BAD_INPUT', message: error.message, reason: null }
  return { code: 'PRINTER_INTERRUPTED', message: (error as Error).message, reason: null }
}
