/**
 * Day close: the day's claims of this terminal, totalled by program (count
 * and sum of confirmed claims), the unconfirmed ones listed; printed on the
 * receipt printer, exported as a PDF, and the PDF's SHA-256 anchored on chain
 * with `closeDay` (DayClosed event). A second close of the same day is
 * refused here (local table) and by the contract (DayAlreadyClosed).
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { CounterTxView, DayCloseView } from '../../common/contract/counter'
import type { ClaimRecord } from '../../common/ledger/claims'
import type { Hex } from '../../common/ledger/hex'
import type { DayCloseData } from '../../common/receipt/types'
import { AppError } from '../../common/result'
import type { Db } from '../db/database'
import { reliefCalldata } from '../ledger/contract/calls'
import { revertFromRpcError } from '../ledger/contract/revert-error'
import type { RpcClient } from '../ledger/rpc-client'
import { claimView } from './beneficiaries'
import type { OutboxLane } from '../ledger/outbox/outbox-lane'
import { dayClosePdf } from './day-close-pdf'
import { cstDay, parseDate } from './import/fields'
import type { Journal } from './journal'
import type { ProgramDirectory } from './programs'
import { type StaffSession, actorOf } from './staff-auth'
import { counterTxView } from './tx-view'

export interface DayCloseOptions {
  db: Db
  rpc: RpcClient
  contract: Hex
  township: string
  terminalId: string
  /** LedgerService: this terminal's claims. */
  ledger: { list(filter: { limit?: number }): ClaimRecord[] }
  /** Outbox of the counter station key (registered terminal). */
  station: OutboxLane
  programs: ProgramDirectory
  journal: Journal
  /** ReceiptJobService.printDayClose. */
  printer: { printDayClose(day: DayCloseData): Promise<{ id: string; state: string }> } | null
  exportDir: string
  now?: () => number
}

export class DayCloseService {
  private readonly now: () => number
  constructor(private readonly o: DayCloseOptions) {
    this.now = o.now ?? Date.now
  }

  today(): string {
    return cstDay(this.now())
  }

  async preview(businessDate = this.today()): Promise<DayCloseView> {
    const day = parseDate(businessDate)
    if (!day.ok) throw new AppError('COUNTER_DATE', `"${businessDate}" is not a date`)
    await this.o.programs.refresh().catch(() => this.o.programs.cached())
    const from = day.value.startSec * 1000
    const claims = this.o.ledger.list({ limit: 1_000_000 }).filter((c) => c.createdAt >= from && c.createdAt < from + 86_400_000)
    const name = (id: string | null) => this.o.programs.nameOf(id) ?? (id ? `#${id}` : '—')
    const byProgram = new Map<string, { program: string; count: number; totalFen: number }>()
    for (const c of claims.filter((x) => x.state === 'confirmed' || x.state === 'settled')) {
      const p = name(c.programId)
      const e = byProgram.get(p) ?? { program: p, count: 0, totalFen: 0 }
      e.count++
      e.totalFen += Number(c.amount ?? 0)
      byProgram.set(p, e)
    }
    const programs = [...byProgram.values()].sort((a, b) => a.program.localeCompare(b.program))
    const closed = this.o.db
      .prepare(`SELECT d.*, s.staff_no FROM counter_day_closes d JOIN counter_staff s ON s.id = d.closed_by WHERE business_date = ?`)
      .get(day.value.ymd) as { closed_at: number; staff_no: string; pdf_sha256: string; pdf_file: string; tx_id: number } | undefined
    return {
      businessDate: day.value.ymd,
      programs,
      count: programs.reduce((s, p) => s + p.count, 0),
      totalFen: programs.reduce((s, p) => s + p.totalFen, 0),
      unconfirmed: claims.filter((c) => c.state === 'signed' || c.state === 'submitted').map((c) => claimView(c, (id) => this.o.programs.nameOf(id))),
      closed: closed
        ? { at: closed.closed_at, by: closed.staff_no, pdfSha256: closed.pdf_sha256, pdfFile: closed.pdf_file, tx: this.txView(closed.tx_id) }
        : null,
    }
  }

  async close(staff: StaffSession, businessDate: string): Promise<DayCloseView & { printJob: { id: string; state: string } | null }> {
    const report = await this.preview(businessDate)
    if (report.closed) throw new AppError('COUNTER_DAY_CLOSED', `${report.businessDate} is already closed`)
    if (report.businessDate > this.today()) throw new AppError('COUNTER_DATE', 'cannot close a day in the future')
    const dayNumber = BigInt(report.businessDate.replaceAll('-', ''))
    const closedAt = this.now()
    const pdf = await dayClosePdf({ report, township: this.o.township, terminal: this.o.terminalId, staffNo: staff.staffNo, closedAt })
    const sha = createHash('sha256').update(pdf).digest('hex')
    const calldata = reliefCalldata('closeDay', [BigInt(this.o.township), dayNumber, BigInt(report.count), BigInt(report.totalFen), `0x${sha}`])
    try {
      await this.o.rpc.request('eth_call', [{ from: this.o.station.sender, to: this.o.contract, data: calldata }, 'latest'])
    } catch (e) {
      const revert = revertFromRpcError(e, 'closeDay')
      if (revert) throw revert
      // Node unreachable: the close is queued and anchored when it is back.
    }
    fs.mkdirSync(this.o.exportDir, { recursive: true })
    const file = path.join(this.o.exportDir, `day-close-${report.businessDate}.pdf`)
    fs.writeFileSync(file, pdf)
    await this.o.station.syncNonce()
    this.o.station.queue([{ purpose: 'close-day', ref: report.businessDate, calldata, gas: 150_000n }], ([txId]) => {
      this.o.db
        .prepare(
          `INSERT INTO counter_day_closes (business_date, count, total_fen, pdf_sha256, pdf_file, closed_by, closed_at, tx_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(report.businessDate, report.count, report.totalFen, sha, file, staff.id, closedAt, txId)
    })
    this.o.journal.write(actorOf(staff), 'counter.dayClose', {
      businessDate: report.businessDate,
      count: report.count,
      totalFen: report.totalFen,
      pdfSha256: sha,
    })
    const printJob = this.o.printer
      ? await this.o.printer.printDayClose({
          township: this.o.township,
          terminalId: this.o.terminalId,
          businessDate: report.businessDate,
          closedAt,
          staffNo: staff.staffNo,
          programs: report.programs,
          confirmedCount: report.count,
          pendingCount: report.unconfirmed.length,
          reprintCount: this.countActions('counter.reprint', report.businessDate),
          complaintCount: 0,
        })
      : null
    return { ...(await this.preview(report.businessDate)), printJob: printJob ? { id: printJob.id, state: printJob.state } : null }
  }

  private txView(id: number): CounterTxView | null {
    const intent = this.o.station.get(id)
    return intent ? counterTxView(intent) : null
  }

  private countActions(action: string, ymd: string): number {
    const day = parseDate(ymd)
    if (!day.ok) return 0
    const from = day.value.startSec * 1000
    return (
      (this.o.db
        .prepare(`SELECT COUNT(*) FROM journal WHERE action = ? AND at >= ? AND at < ?`)
        .pluck()
        .get(action, from, from + 86_400_000) as number) ?? 0
    )
  }
}
