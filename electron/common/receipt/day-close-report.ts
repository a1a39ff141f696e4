import { PAPER_COLUMNS, type PrintDocument, type PrintElement } from '../../../hardware/common/escpos/document'
import { centred, labelRow, spreadRow } from './columns'
import { english, printed, townshipLabel } from './labels'
import { formatLocalTime } from './local-time'
import { assertFen, formatYuan } from './money'
import type { DayCloseData, LayoutOptions } from './types'

/** The day-close report staff print and sign: per-program counts and totals, ledger and reprint figures. */
export function dayCloseReport(day: DayCloseData, options: LayoutOptions): PrintDocument {
  const columns = PAPER_COLUMNS[options.paper]
  const row = (key: Parameters<typeof printed>[0], value: string) => labelRow(printed(key), value, columns)
  const count = (n: number) => `${n} ${printed('printer.dayClose.count')}`
  const totalCount = day.programs.reduce((sum, p) => sum + p.count, 0)
  const totalFen = day.programs.reduce((sum, p) => sum + p.totalFen, 0)
  assertFen(totalFen, 'day total')

  const elements: PrintElement[] = [
    ...centred(printed('printer.dayClose.title'), columns, { bold: true, width: 2, height: 2 }),
    ...centred(english('printer.dayClose.title'), columns),
    { kind: 'separator' },
    ...row('printer.receipt.township', townshipLabel(day.township, options)),
    ...row('printer.receipt.terminal', day.terminalId),
    ...row('printer.dayClose.date', day.businessDate),
    ...row('printer.dayClose.closedAt', formatLocalTime(day.closedAt, options.timeZone)),
    ...row('printer.dayClose.staff', day.staffNo),
    { kind: 'separator', char: '=' },
    { kind: 'text', text: printed('printer.dayClose.byProgram'), style: { bold: true } },
    ...day.programs.flatMap((p) => [
      { kind: 'text' as const, text: p.program },
      ...spreadRow(`  ${count(p.count)}`, `${formatYuan(p.totalFen)} ${printed('printer.receipt.yuan')}`, columns),
    ]),
    { kind: 'separator' },
    ...spreadRow(`${printed('printer.dayClose.total')}${count(totalCount)}`, `${formatYuan(totalFen)} ${printed('printer.receipt.yuan')}`, columns),
    ...row('printer.dayClose.confirmed', count(day.confirmedCount)),
    ...row('printer.dayClose.pending', count(day.pendingCount)),
    ...row('printer.dayClose.reprints', String(day.reprintCount)),
    ...row('printer.dayClose.complaints', String(day.complaintCount)),
    { kind: 'separator', char: '=' },
    { kind: 'feed', lines: 1 },
    { kind: 'text', text: printed('printer.dayClose.signature') },
    { kind: 'feed', lines: 3 },
    { kind: 'cut', partial: true },
  ]
  return { paper: options.paper, elements }
}
