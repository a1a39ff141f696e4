import { randomBytes } from 'node:crypto'
import { COMPLAINT_CATEGORIES, type ComplaintCategory } from '../../common/contract/kiosk'
import { translate } from '../../common/i18n'
import { keccakHex } from '../../common/ledger/abi-codec'
import { type Hex, utf8Bytes } from '../../common/ledger/hex'
import { AppError } from '../../common/result'
import { DEFAULT_TIME_ZONE, formatLocalTime } from '../../common/receipt/local-time'
import type { Db } from '../db/database'
import type { OutboxLane } from '../ledger/outbox/outbox-lane'
import { reliefCalldata } from '../ledger/contract/calls'
import type { Logger } from '../log/logger'
import type { ReceiptJobService } from '../printing/receipt-job-service'
import type { CardIdentity } from './ports'

export interface ComplaintServiceOptions {
  db: Db
  /** The counter station's outbox: its key is a registered terminal of the township. Never the kiosk's claim key. */
  station: Pick<OutboxLane, 'queue'>
  receipts: Pick<ReceiptJobService, 'printComplaintTicket'>
  township: string
  terminalId: () => string
  log: Logger
  timeZone?: string
  now?: () => number
}

export interface ComplaintFiling {
  category: ComplaintCategory
  claimNumber: string | null
  /** Printed masked on the ticket; never stored. */
  person: Pick<CardIdentity, 'name' | 'idNumber'>
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const FILE_COMPLAINT_GAS = 100_000n

/** What the chain gets for a category: its position + 1 (0 means none). */
export const complaintCategoryIndex = (category: ComplaintCategory): number => COMPLAINT_CATEGORIES.indexOf(category) + 1

/** keccak256 of the ticket number's UTF-8 bytes: what ComplaintFiled carries as ticketHash. */
export const complaintTicketHash = (ticketNo: string): Hex => keccakHex(utf8Bytes(ticketNo))

/**
 * A complaint made at the kiosk: stored first (with its signed fileComplaint
 * transaction in the same SQLite transaction), then the ticket is printed. A
 * printer failure leaves the complaint recorded and on its way to the chain.
 */
export class ComplaintService {
  private readonly now: () => number

  constructor(private readonly o: ComplaintServiceOptions) {
    this.now = o.now ?? Date.now
  }

  async file(c: ComplaintFiling): Promise<{ ticketNo: string; printed: boolean }> {
    const createdAt = this.now()
    const ticketNo = this.ticketNumber(createdAt)
    const ticketHash = complaintTicketHash(ticketNo)
    const calldata = reliefCalldata('fileComplaint', [ticketHash, BigInt(this.o.township), BigInt(complaintCategoryIndex(c.category))])
    try {
      this.o.station.queue([{ purpose: 'complaint', ref: ticketNo, calldata, gas: FILE_COMPLAINT_GAS }], ([txId]) => {
        this.o.db
          .prepare(`INSERT INTO complaints (ticket_no, created_at, category, claim_number, ticket_hash, tx_id) VALUES (?, ?, ?, ?, ?, ?)`)
          .run(ticketNo, createdAt, c.category, c.claimNumber, ticketHash, txId)
      })
    } catch (e) {
      // Nothing was stored (one SQLite transaction): the person may simply try again.
      this.o.log.error('complaint not recorded', { error: e as Error })
      throw new AppError('COMPLAINT_NOT_RECORDED', 'The complaint could not be recorded', { cause: e })
    }
    this.o.log.info('complaint recorded', { ticketNo, category: c.category })
    const printed = await this.print(ticketNo, createdAt, c)
    if (printed) this.o.db.prepare(`UPDATE complaints SET printed = 1 WHERE ticket_no = ?`).run(ticketNo)
    return { ticketNo, printed }
  }

  private async print(ticketNo: string, createdAt: number, c: ComplaintFiling): Promise<boolean> {
    const label = translate(`kiosk.complaint.category.${c.category}`, 'zh')
    try {
      const job = await this.o.receipts.printComplaintTicket({
        ticketNo,
        createdAt,
        township: this.o.township,
        terminalId: this.o.terminalId(),
        category: label,
        description: label,
        name: c.person.name,
        idNumber: c.person.idNumber,
        relatedClaimNo: c.claimNumber,
        staffNo: 'KIOSK',
      })
      if (job.state !== 'printed') this.o.log.warn('complaint ticket not printed', { ticketNo, code: job.error?.code ?? null })
      return job.state === 'printed'
    } catch (e) {
      this.o.log.warn('complaint ticket not printed', { ticketNo, error: e as Error })
      return false
    }
  }

  /** T<township>-<local date>-<6 random Crockford base32 characters>. */
  private ticketNumber(at: number): string {
    const date = formatLocalTime(at, this.o.timeZone ?? DEFAULT_TIME_ZONE)
      .slice(0, 10)
      .replaceAll('-', '')
    const suffix = Array.from(randomBytes(6), (b) => CROCKFORD[b & 31]).join('')
    return `T${this.o.township}-${date}-${suffix}`
  }
}
