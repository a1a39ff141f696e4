import { PAPER_COLUMNS, type PrintDocument, type PrintElement } from '../../../hardware/common/escpos/document'
import { wrapToWidth, toPrintable } from '../../../hardware/common/escpos/text'
import { centred, labelRow, spreadRow } from './columns'
import { english, printed, townshipLabel } from './labels'
import { formatLocalTime } from './local-time'
import { maskIdNumber, maskName } from './masking'
import type { ComplaintTicketData, LayoutOptions } from './types'

/** The slip a complainant takes home: ticket number, what was recorded, who took it. */
export function complaintTicket(ticket: ComplaintTicketData, options: LayoutOptions): PrintDocument {
  const columns = PAPER_COLUMNS[options.paper]
  const row = (key: Parameters<typeof printed>[0], value: string) => labelRow(printed(key), value, columns)
  const elements: PrintElement[] = [
    ...centred(printed('printer.complaint.title'), columns, { bold: true, width: 2, height: 2 }),
    ...centred(english('printer.complaint.title'), columns),
    { kind: 'separator' },
    // Quoted back by phone and typed at the counter: never split across lines.
    ...spreadRow(printed('printer.complaint.ticketNo'), ticket.ticketNo, columns),
    ...row('printer.receipt.time', formatLocalTime(ticket.createdAt, options.timeZone)),
    ...row('printer.receipt.township', townshipLabel(ticket.township, options)),
    ...row('printer.receipt.terminal', ticket.terminalId),
    ...row('printer.receipt.name', maskName(ticket.name)),
    ...(ticket.idNumber ? row('printer.receipt.idNumber', maskIdNumber(ticket.idNumber)) : []),
    ...row('printer.complaint.category', ticket.category),
    ...(ticket.relatedClaimNo ? spreadRow(printed('printer.complaint.relatedClaim'), ticket.relatedClaimNo, columns) : []),
    { kind: 'separator' },
    { kind: 'text', text: printed('printer.complaint.description') },
    ...wrapToWidth(toPrintable(ticket.description), columns).map((text) => ({ kind: 'text' as const, text })),
    { kind: 'separator' },
    ...row('printer.complaint.staff', ticket.staffNo),
    ...centred(printed('printer.complaint.hint'), columns),
    { kind: 'feed', lines: 2 },
    { kind: 'cut', partial: true },
  ]
  return { paper: options.paper, elements }
}
