import { isErrorCode } from '../../common/i18n'
import { AppError } from '../../common/result'
import type { ReceiptJobService } from '../printing/receipt-job-service'
import type { ClaimRecord, ReceiptPrinter } from './ports'

export interface ReceiptContext {
  township: string
  terminalId: () => string
}

/** The kiosk's receipt printer: readiness from a live status request, claim receipts through the job service. */
export function receiptPrinterFrom(receipts: ReceiptJobService, context: ReceiptContext): ReceiptPrinter {
  return {
    async readiness() {
      const r = await receipts.readiness()
      return { ready: r.mayStartClaim, reason: r.status.reason }
    },
    async printClaim(claim: ClaimRecord, person) {
      const job = await receipts.printClaimReceipt({
        claimNo: claim.claimNumber,
        program: claim.program,
        amountFen: claim.amountFen,
        name: person.name,
        idNumber: person.idNumber,
        township: context.township,
        terminalId: context.terminalId(),
        confirmedAt: claim.createdAt,
        txHash: (claim.txHash as `0x${string}` | null) ?? null,
        ledger: claim.ledgerState === 'confirmed' && claim.blockNumber !== null ? { state: 'confirmed', blockNumber: claim.blockNumber } : { state: 'pending' },
      })
      if (job.state === 'failed')
        throw new AppError(job.error && isErrorCode(job.error.code) ? job.error.code : 'PRINTER_FAILED', job.error?.message ?? 'the receipt did not print')
    },
  }
}
