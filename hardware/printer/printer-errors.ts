import type { PrinterReason } from '../common/escpos/status'

export type PrinterErrorCode = 'PRINTER_UNAVAILABLE' | 'PRINTER_NO_ANSWER' | 'PRINTER_INTERRUPTED'

/** A print or status failure with a stable code (translated as `error.<code>`) and the printer's reason. */
export class PrinterError extends Error {
  constructor(
    readonly code: PrinterErrorCode,
    readonly reason: PrinterReason | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'PrinterError'
  }
}
