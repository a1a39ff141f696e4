import type { PaperWidth } from '../../../hardware/common/escpos/document'

/**
 * Plain data the kiosk, counter and ledger code fill in; the layouts mask
 * and format it. Personal data arrives in clear and leaves only masked.
 */

export type LedgerState = { state: 'confirmed'; blockNumber: number } | { state: 'pending' }

export interface ClaimReceiptData {
  claimNo: string
  program: string
  /** Whole fen (1/100 yuan). */
  amountFen: number
  /** Clear name; printed masked (张*三). */
  name: string
  /** Clear ID number; printed masked (4101**********1234). */
  idNumber: string
  township: string
  terminalId: string
  /** When the claim was confirmed, ms since epoch. */
  confirmedAt: number
  /** The claim's transaction hash, known once signed; null if not signed yet. */
  txHash: `0x${string}` | null
  ledger: LedgerState
}

export interface ReprintInfo {
  /** When the reprint was made, ms since epoch. */
  at: number
}

export interface ComplaintTicketData {
  ticketNo: string
  createdAt: number
  township: string
  terminalId: string
  category: string
  description: string
  /** Complainant; printed masked. */
  name: string
  idNumber: string | null
  relatedClaimNo: string | null
  /** Staff member's work number, not their name. */
  staffNo: string
}

export interface ProgramTotal {
  program: string
  count: number
  totalFen: number
}

export interface DayCloseData {
  township: string
  terminalId: string
  /** YYYY-MM-DD, the business day being closed. */
  businessDate: string
  closedAt: number
  staffNo: string
  programs: ProgramTotal[]
  confirmedCount: number
  pendingCount: number
  reprintCount: number
  complaintCount: number
}

export interface LayoutOptions {
  paper: PaperWidth
  /** IANA time zone for printed times; Asia/Shanghai by default. */
  timeZone?: string
  /** The name of a township code (gazetteer, counter villages, demo): printed before the code. */
  placeName?: (code: string) => string | null
}
