import { type PaperWidth } from '../../common/escpos/document'
import { Listeners } from '../../common/listeners'
import { EscPosParser } from './escpos-parser'
import { type ParsedItem, qrPayloads, splitAtCuts, textLines } from './parsed-receipt'
import { NO_FAULTS, type PrinterFaults, statusByteFor } from './printer-faults'
import { renderReceiptPng } from './receipt-preview'

export interface PrinterSimulatorOptions {
  faults?: Partial<PrinterFaults>
  /** Stop answering status requests once this many bytes have arrived (a printer that dies mid-job). */
  stopAnsweringAfterBytes?: number
  /** Some printers power up in Chinese mode; the default (false) makes a missing `FS &` visible. */
  startsInChineseMode?: boolean
}

/**
 * A receipt printer on the far side of a transport. Bytes go in through
 * receive(); status answers come out of it. Like a real printer it acts on
 * `DLE EOT n` wherever the three bytes appear in the raw stream, even inside
 * raster or QR data, and even split across chunks. Everything else goes to
 * the ESC/POS parser, whose items are what "came out of the printer".
 */
export class PrinterSimulator {
  readonly parser: EscPosParser
  faults: PrinterFaults
  /** False: the printer has gone silent (no status answers). */
  answering = true
  bytesReceived = 0
  statusRequests = 0
  private stopAfter: number | null
  private tail = new Uint8Array(0)
  private readonly received = new Listeners<[number]>()

  constructor(options: PrinterSimulatorOptions = {}) {
    this.faults = { ...NO_FAULTS, ...options.faults }
    this.stopAfter = options.stopAnsweringAfterBytes ?? null
    this.parser = new EscPosParser({ startsInChineseMode: options.startsInChineseMode ?? false })
  }

  /** Feeds bytes from the host; returns the status answers to send back (possibly empty). */
  receive(chunk: Uint8Array): Uint8Array {
    this.bytesReceived += chunk.length
    if (this.stopAfter !== null && this.bytesReceived >= this.stopAfter) {
      this.answering = false // once: a test may bring the printer back with answering = true
      this.stopAfter = null
    }
    const answers = this.scanStatusRequests(chunk)
    this.parser.push(chunk)
    this.received.emit(this.bytesReceived)
    return this.answering ? Uint8Array.from(answers) : new Uint8Array(0)
  }

  private scanStatusRequests(chunk: Uint8Array): number[] {
    const buf = new Uint8Array(this.tail.length + chunk.length)
    buf.set(this.tail)
    buf.set(chunk, this.tail.length)
    const answers: number[] = []
    for (let i = 0; i + 2 < buf.length; i++) {
      if (buf[i] !== 0x10 || buf[i + 1] !== 0x04) continue
      const n = buf[i + 2]!
      if (n < 1 || n > 4) continue
      this.statusRequests++
      answers.push(statusByteFor(n, this.faults))
      i += 2
    }
    // Keep the last two bytes unless they were part of a request just answered.
    const keep = Math.min(2, buf.length)
    const lastMatchEnd = lastRequestEnd(buf)
    this.tail = buf.slice(Math.max(buf.length - keep, lastMatchEnd))
    return answers
  }

  get items(): readonly ParsedItem[] {
    return this.parser.items
  }

  lines(): string[] {
    return textLines(this.parser.items)
  }

  qrPayloads(): string[] {
    return qrPayloads(this.parser.items)
  }

  /** Cut receipts so far (a trailing uncut part is left out). */
  receipts(): ParsedItem[][] {
    return splitAtCuts(this.parser.items).filter((r) => r[r.length - 1]?.kind === 'cut')
  }

  /** PNG of the last cut receipt (or of everything so far when nothing was cut). */
  previewPng(paper: PaperWidth, fontFiles?: string[]): Uint8Array {
    const last = this.receipts().at(-1) ?? [...this.parser.items]
    return renderReceiptPng(last, { paper, ...(fontFiles ? { fontFiles } : {}) })
  }

  /** Resolves once `count` receipts have been cut. */
  waitForReceipts(count: number, timeoutMs = 5000): Promise<void> {
    return this.waitFor(() => this.receipts().length >= count, timeoutMs, `${count} receipt(s)`)
  }

  /** Resolves once `bytes` bytes have arrived in total. */
  waitForBytes(bytes: number, timeoutMs = 5000): Promise<void> {
    return this.waitFor(() => this.bytesReceived >= bytes, timeoutMs, `${bytes} bytes`)
  }

  /** Subscribes to arrivals (argument: total bytes so far). */
  onReceive(listener: (total: number) => void): () => void {
    return this.received.add(listener)
  }

  private waitFor(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (done()) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off()
        reject(new Error(`printer simulator: no ${what} within ${timeoutMs} ms (got ${this.bytesReceived} bytes)`))
      }, timeoutMs)
      const off = this.received.add(() => {
        if (!done()) return
        clearTimeout(timer)
        off()
        resolve()
      })
    })
  }
}

/** Index just past the last complete status request in buf (0 if none). */
function lastRequestEnd(buf: Uint8Array): number {
  for (let i = buf.length - 3; i >= 0; i--) if (buf[i] === 0x10 && buf[i + 1] === 0x04 && buf[i + 2]! >= 1 && buf[i + 2]! <= 4) return i + 3
  return 0
}
