import type { DeviceStatus } from '../common/device-status'
import { Listeners } from '../common/listeners'
import { type PrinterCondition, type PrinterReason, type StatusBytes, canPrintIn, conditionOfBytes } from '../common/escpos/status'
import type { ManagedDevice } from '../managed-device'
import type { Transport } from '../transport/transport'
import { PrinterError } from './printer-errors'
import { StatusReader } from './status-reader'

export interface ReceiptPrinterOptions {
  /** The configured spec, for the status model ("serial:/dev/ttyUSB0@115200"). */
  spec: string
  /** Wait this long for the four status answers (default 500 ms). */
  statusTimeoutMs?: number
  /** Bytes per write; between chunks the job can be seen to stall (default 1024). */
  chunkBytes?: number
  /** Serial line rate when known: write timeouts follow the wire time. */
  baudRate?: number
  /** A chunk that does not drain within this many ms (plus its wire time) has stalled (default 2000). */
  stallMs?: number
}

export interface StatusReading extends PrinterCondition {
  /** The four raw answers, or null when the printer did not answer. */
  bytes: StatusBytes | null
  at: number
}

/**
 * A receipt printer behind any Transport. Reads status with `DLE EOT 1..4`,
 * keeps one DeviceStatus for the device manager and the screens, and sends
 * jobs: status before (refuse when it cannot print), the bytes in chunks that
 * must each drain in time, status after (paper out or silence mid-job fails
 * the job). It never retries a job on its own: a receipt printed twice is
 * worse than one reprinted by staff on purpose.
 */
export class ReceiptPrinter implements ManagedDevice {
  private current: DeviceStatus
  private readonly reader: StatusReader
  private readonly changes = new Listeners<[DeviceStatus]>()
  private readonly unsubscribeDisconnect: () => void
  private busy = false

  constructor(
    readonly transport: Transport,
    private readonly options: ReceiptPrinterOptions,
  ) {
    this.current = { role: 'printer', spec: options.spec, state: 'offline', reason: null, since: Date.now(), counters: { jobs: 0, failedJobs: 0, bytes: 0 } }
    this.reader = new StatusReader(transport)
    this.unsubscribeDisconnect = transport.onDisconnect(() => this.setCondition({ state: 'offline', reason: 'PORT_GONE' }))
  }

  get status(): DeviceStatus {
    return { ...this.current, counters: { ...this.current.counters } }
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.changes.add(listener)
  }

  async open(): Promise<void> {
    if (!this.transport.isOpen) await this.transport.open()
    await this.readStatus()
  }

  async close(): Promise<void> {
    this.reader.dispose()
    this.unsubscribeDisconnect()
    await this.transport.close()
    this.setCondition({ state: 'offline', reason: null })
  }

  /** Asks the printer now; no answer in time is offline / NO_ANSWER. */
  async readStatus(): Promise<StatusReading> {
    if (!this.transport.isOpen) {
      const reading = { state: 'offline' as const, reason: 'PORT_GONE' as const, bytes: null, at: Date.now() }
      this.setCondition(reading)
      return reading
    }
    let bytes: StatusBytes | null
    try {
      bytes = await this.reader.query(this.options.statusTimeoutMs ?? 500)
    } catch {
      bytes = null
    }
    const condition: PrinterCondition = bytes ? conditionOfBytes(bytes) : { state: 'offline', reason: 'NO_ANSWER' }
    this.bump('statusQueries')
    this.setCondition(condition)
    return { ...condition, bytes, at: Date.now() }
  }

  /** The check the kiosk makes before starting a claim: can a receipt be printed right now? */
  async canPrintReceipt(): Promise<{ ok: boolean; state: DeviceStatus['state']; reason: PrinterReason | null }> {
    if (this.busy) return { ok: true, state: 'busy', reason: null }
    const reading = await this.readStatus()
    return { ok: canPrintIn(reading.state), state: reading.state, reason: reading.reason }
  }

  /**
   * Prints one job. Resolves when every byte has been handed over and the
   * printer reports it can still print; throws PrinterError otherwise.
   * `job` may be a function that builds the bytes: it then runs while the
   * status request is on the wire, so building costs no extra time. An error
   * thrown by the builder is passed through untouched (bad input, not a
   * printer failure) and nothing is sent.
   */
  async print(job: Uint8Array | (() => Uint8Array)): Promise<void> {
    if (this.busy) throw new PrinterError('PRINTER_UNAVAILABLE', null, 'the printer is busy with another job')
    this.busy = true
    this.bump('jobs')
    try {
      const statusBefore = this.readStatus()
      let bytes: Uint8Array
      try {
        await new Promise<void>((resolve) => setImmediate(resolve)) // let the status request leave first
        bytes = typeof job === 'function' ? job() : job
      } catch (error) {
        await statusBefore
        throw new JobInputError(error)
      }
      const before = await statusBefore
      if (!canPrintIn(before.state))
        throw new PrinterError(
          before.reason === 'NO_ANSWER' ? 'PRINTER_NO_ANSWER' : 'PRINTER_UNAVAILABLE',
          before.reason,
          `printer not ready: ${before.reason}`,
        )
      this.setCondition({ state: 'busy', reason: null })
      await this.send(bytes)
      const after = await this.readStatus()
      if (after.reason === 'NO_ANSWER') throw new PrinterError('PRINTER_NO_ANSWER', 'NO_ANSWER', 'the printer stopped answering during the job')
      if (!canPrintIn(after.state)) throw new PrinterError('PRINTER_INTERRUPTED', after.reason, `printing interrupted: ${after.reason}`)
    } catch (error) {
      if (error instanceof JobInputError) throw error.cause
      this.bump('failedJobs')
      if (error instanceof PrinterError) throw error
      this.setCondition({ state: 'offline', reason: 'PORT_GONE' })
      throw new PrinterError('PRINTER_INTERRUPTED', 'PORT_GONE', `printing interrupted: ${(error as Error).message}`, { cause: error })
    } finally {
      this.busy = false
      if (this.current.state === 'busy') this.setCondition({ state: 'online', reason: null })
    }
  }

  private async send(job: Uint8Array): Promise<void> {
    const chunk = this.options.chunkBytes ?? 1024
    for (let at = 0; at < job.length; at += chunk) {
      const part = job.subarray(at, Math.min(job.length, at + chunk))
      const wireMs = this.options.baudRate ? (part.length * 10_000) / this.options.baudRate : 0
      await withTimeout(this.transport.write(part), wireMs + (this.options.stallMs ?? 2000), () => {
        this.setCondition({ state: 'offline', reason: 'NO_ANSWER' })
        return new PrinterError('PRINTER_NO_ANSWER', 'NO_ANSWER', `the printer stopped taking data after ${at} of ${job.length} bytes`)
      })
      this.bump('bytes', part.length)
    }
  }

  private bump(counter: string, by = 1): void {
    this.current.counters[counter] = (this.current.counters[counter] ?? 0) + by
  }

  private setCondition(c: PrinterCondition): void {
    if (c.state === this.current.state && c.reason === this.current.reason) return
    this.current = { ...this.current, state: c.state, reason: c.reason, since: Date.now() }
    this.changes.emit(this.status)
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Carries a job builder's own error through print()'s failure handling. */
class JobInputError extends Error {
  constructor(override readonly cause: unknown) {
    super('job builder failed')
  }
}
