import type { PrinterStatusView } from '../../common/contract/printer'
import { AppError } from '../../common/result'
import type { Handler } from '../ipc/dispatcher'
import type { ReceiptJobService } from '../printing/receipt-job-service'

export interface PrinterDeps {
  receipts: ReceiptJobService
}

/** IPC handlers for the receipt printer: status for every face, preview, test page, jobs and reprint for the counter. */
export function createPrinterHandlers(deps: PrinterDeps): {
  'printer.status': Handler<'printer.status'>
  'printer.preview': Handler<'printer.preview'>
  'printer.testPage': Handler<'printer.testPage'>
  'printer.jobs': Handler<'printer.jobs'>
  'printer.reprint': Handler<'printer.reprint'>
  'printer.receiptLater': Handler<'printer.receiptLater'>
} {
  const { receipts } = deps
  const view = async (): Promise<PrinterStatusView> => receipts.readiness()
  return {
    'printer.status': view,
    'printer.preview': () => {
      const preview = receipts.preview()
      if (!preview) throw new AppError('PRINTER_NO_PREVIEW', 'nothing has been printed yet')
      return preview
    },
    'printer.testPage': () => receipts.printTestPage(),
    'printer.jobs': () => receipts.jobs(),
    'printer.reprint': ({ jobId }) => receipts.reprint(jobId),
    'printer.receiptLater': async ({ allowed }) => {
      receipts.receiptLaterAllowed = allowed
      return view()
    },
  }
}
