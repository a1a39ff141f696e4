import { PAPER_COLUMNS, type PrintDocument, type PrintElement } from '../../../hardware/common/escpos/document'
import { centred, labelRow, spreadRow } from './columns'
import { english, printed, townshipLabel } from './labels'
import { formatLocalTime } from './local-time'
import { maskIdNumber, maskName } from './masking'
import { capitalYuan, formatYuan } from './money'
import { shortTxHash, tracePayload } from './trace-code'
import type { ClaimReceiptData, LayoutOptions, ReprintInfo } from './types'

/** The QR payload printed on a claim receipt (see trace-code.ts). */
export function claimTracePayload(claim: ClaimReceiptData): string {
  return claim.txHash ? tracePayload({ kind: 'tx', txHash: claim.txHash }) : tracePayload({ kind: 'claim', claimNo: claim.claimNo })
}

/**
 * The beneficiary's receipt for one claim: their proof of payment. A reprint
 * is the same receipt marked 【补打】 at the top with the reprint time.
 */
export function claimReceipt(claim: ClaimReceiptData, options: LayoutOptions, reprint?: ReprintInfo): PrintDocument {
  const columns = PAPER_COLUMNS[options.paper]
  const time = (ms: number) => formatLocalTime(ms, options.timeZone)
  const row = (key: Parameters<typeof printed>[0], value: string, bold = false) => labelRow(printed(key), value, columns, bold ? { bold: true } : undefined)
  const ledger = claim.ledger.state === 'confirmed' ? `${printed('printer.receipt.onChain')} ${claim.ledger.blockNumber}` : printed('printer.receipt.pending')

  const elements: PrintElement[] = [
    ...centred(printed('printer.receipt.claimTitle'), columns, { bold: true, width: 2, height: 2 }),
    ...centred(english('printer.receipt.claimTitle'), columns),
    ...(reprint
      ? centred(`${printed('printer.receipt.reprintMark')} ${english('printer.receipt.reprintMark')}`, columns, { bold: true, width: 2, height: 2 })
      : []),
    { kind: 'separator' },
    ...row('printer.receipt.program', claim.program),
    ...row('printer.receipt.amount', `${formatYuan(claim.amountFen)} ${printed('printer.receipt.yuan')}`, true),
    ...row('printer.receipt.amountCapital', capitalYuan(claim.amountFen)),
    ...row('printer.receipt.name', maskName(claim.name)),
    ...row('printer.receipt.idNumber', maskIdNumber(claim.idNumber)),
    ...row('printer.receipt.township', townshipLabel(claim.township, options)),
    ...row('printer.receipt.terminal', claim.terminalId),
    ...row('printer.receipt.time', time(claim.confirmedAt)),
    // The claim number is read out and typed at the audit display: never split it across lines.
    ...spreadRow(printed('printer.receipt.claimNo'), claim.claimNo, columns),
    { kind: 'separator' },
    ...(claim.txHash ? row('printer.receipt.txHash', shortTxHash(claim.txHash)) : []),
    ...row('printer.receipt.ledgerState', ledger),
    ...(reprint ? row('printer.receipt.reprintedAt', time(reprint.at)) : []),
    { kind: 'separator' },
    { kind: 'qr', payload: claimTracePayload(claim), errorCorrection: 'M', align: 'center' },
    ...centred(printed('printer.receipt.scanHint'), columns),
    ...centred(printed('printer.receipt.keepHint'), columns),
    { kind: 'feed', lines: 2 },
    { kind: 'cut', partial: true },
  ]
  return { paper: options.paper, elements }
}
