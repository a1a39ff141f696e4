import { z } from 'zod'
import { ANY_STAFF, DESK, type StaffRole, call, event, withSession } from './define'

export type { StaffRole } from './define'

/**
 * The staff counter. Every call but sign-in carries the session token that
 * sign-in returned; the dispatcher checks it, its expiry and the staff role
 * each call declares (`staff`) before anything runs. Names and ID numbers
 * reach this face only masked.
 */

export interface StaffSessionView {
  token: string
  staffNo: string
  role: StaffRole
  maskedName: string
  signedInAt: number
  /** Absolute expiry (8 h after sign-in) and idle expiry (15 min after the last call), ms since epoch. */
  expiresAt: number
  idleExpiresAt: number
}

export interface ImportIssue {
  /** 1-based row number as the spreadsheet shows it (the header is row 1). */
  row: number
  field: 'file' | 'name' | 'idNumber' | 'village' | 'program' | 'amount' | 'validFrom' | 'validUntil' | 'proxyAllowed'
  /** Stable code, translated as counter.issue.<code>. */
  code: string
  /** Row number of the other row for a duplicate within the file. */
  otherRow?: number
}

export interface ImportReport {
  importId: string
  fileSha256: string
  rowCount: number
  validCount: number
  totalFen: number
  byProgram: { program: string; count: number; totalFen: number }[]
  issues: ImportIssue[]
  /** True when there is no issue: only then can the list be prepared as a batch. */
  ok: boolean
  elapsedMs: number
}

export type BatchState = 'prepared' | 'approved' | 'cancelled'

export interface BatchView {
  id: number
  rowCount: number
  totalFen: number
  state: BatchState
  preparedBy: string
  preparedAt: number
  decidedBy: string | null
  decidedAt: number | null
  /** Ledger progress of an approved batch: entitlements in confirmed / pending / rejected transactions. */
  ledger: { confirmed: number; pending: number; rejected: number }
}

export type LedgerStateView = 'not-sent' | 'pending' | 'approved' | 'paid' | 'settled' | 'revoked' | 'rejected'

export interface BeneficiaryEntitlementView {
  entitlementId: string
  program: string
  amountFen: number
  validFrom: number
  validUntil: number
  proxyAllowed: boolean
  state: LedgerStateView
  /** Can be claimed now with staff assistance. */
  claimable: boolean
  /** This terminal's claim that stands for the entitlement (a live one before a refused one), or null. */
  claim: EntitlementClaimView | null
}

export interface EntitlementClaimView {
  claimNumber: string
  state: ClaimView['state']
  blockNumber: number | null
}

export interface ClaimView {
  id: number
  claimNumber: string
  entitlementId: string
  program: string | null
  amountFen: number | null
  state: 'signed' | 'submitted' | 'confirmed' | 'rejected' | 'settled'
  txHash: string
  blockNumber: number | null
  rejectCode: string | null
  /** Times the chain lost its transaction after mining it (sent again): staff may be asked why it was 待上链 again. */
  forgotten: number
  createdAt: number
  updatedAt: number
}

export interface BeneficiaryView {
  commitment: string
  maskedName: string | null
  maskedId: string
  village: string | null
  /** Where the village comes from: the enrolment (or an approved list), or the address on the card just read. */
  villageFrom: 'enrolment' | 'card' | null
  maskedPhone: string | null
  enrolled: boolean
  entitlements: BeneficiaryEntitlementView[]
  claims: ClaimView[]
}

export interface CounterTxView {
  id: number
  kind: 'approve' | 'register-terminal' | 'close-day' | 'complaint'
  ref: string
  state: 'pending' | 'confirmed' | 'rejected'
  txHash: string
  nonce: number
  attempts: number
  lastError: string | null
  rejectCode: string | null
  blockNumber: number | null
  /** Times the chain lost its transaction after mining it (sent again). */
  forgotten: number
  createdAt: number
}

export interface QueueView {
  claims: ClaimView[]
  transactions: CounterTxView[]
  counts: { pending: number; submitted: number; confirmed: number; rejected: number }
  /** refused: the node answers but refuses the transactions it is sent, with its message. */
  ledger: { reachable: boolean; unreachableSince: number | null; lastError: string | null; refused: string | null }
  /** The ledger has been unreachable for more than 10 minutes. */
  alert: boolean
}

export interface TerminalView {
  role: 'kiosk' | 'counter'
  address: string
  /** Payload of the registration QR (shown as SVG). */
  qrSvg: string
  township: number | null
  registered: boolean | null
}

export interface TerminalsView {
  terminals: TerminalView[]
  operator: { address: string; isAdmin: boolean | null; isApprover: boolean | null }
}

export interface DayCloseView {
  businessDate: string
  programs: { program: string; count: number; totalFen: number }[]
  count: number
  totalFen: number
  unconfirmed: ClaimView[]
  closed: { at: number; by: string; pdfSha256: string; pdfFile: string; tx: CounterTxView | null } | null
}

export interface JournalView {
  at: number
  actor: string
  action: string
  detail: Record<string, unknown>
}

/** A complaint filed at the kiosk, as staff follow it up. */
export interface ComplaintView {
  ticketNo: string
  createdAt: number
  category: 'AMOUNT_WRONG' | 'NOT_RECEIVED' | 'SERVICE' | 'OTHER'
  claimNumber: string | null
  printed: boolean
  /** Its hash filed on chain (ComplaintFiled) through the counter station's outbox. */
  ledgerState: 'pending' | 'confirmed' | 'rejected'
  blockNumber: number | null
  txHash: string
}

export interface CounterProgress {
  task: 'validate' | 'approve'
  id: string
  done: number
  total: number
}

const onlySession = withSession({})
const idNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^\d{17}[\dX]$/)
const entitlementId = z.string().regex(/^0x[0-9a-f]{64}$/)
const businessDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/)

/** Reason codes for an assisted claim; translated as counter.assist.reason.<code>. */
/** The template's file kinds: CSV in UTF-8 or GB18030, or XLSX. */
export const IMPORT_TEMPLATE_FORMATS = ['csv', 'csv-gb18030', 'xlsx'] as const
export type ImportTemplateFormat = (typeof IMPORT_TEMPLATE_FORMATS)[number]

export const ASSIST_REASONS = ['FINGER_FAILED', 'NO_FINGERPRINT', 'FINGER_INJURED', 'DEVICE_DOWN'] as const

const faces = ['counter'] as const

/**
 * Roles follow the desk's rules: clerks make (import, prepare, look up, enrol,
 * assisted claims, reprints, day close) and supervisors may too; only a
 * supervisor approves a batch, registers a terminal or reads the journal;
 * technicians see the queue and the terminals.
 */
export const counterCalls = {
  /** Reads the staff card on the reader now and checks the PIN. */
  'counter.signIn': call<StaffSessionView>()({ faces, staff: 'none', input: z.object({ pin: z.string().regex(/^\d{6}$/) }).strict() }),
  /** Ends the session its token names, if it is still live: the token is all it needs, and an expired one is gone already. */
  'counter.signOut': call<null>()({ faces, staff: 'none', input: onlySession }),
  'counter.complaints': call<ComplaintView[]>()({ faces, staff: DESK, input: onlySession }),
  'counter.session': call<StaffSessionView>()({ faces, staff: ANY_STAFF, input: onlySession }),
  'counter.import.validate': call<ImportReport>()({
    faces,
    staff: DESK,
    input: withSession({
      format: z.enum(['csv', 'xlsx']),
      /** The file's bytes, base64; at most 16 MiB. */
      content: z.string().max(22_400_000),
    }),
    /** Room for the largest content above and the other fields. */
    maxBodyBytes: 22_400_000 + 4096,
  }),
  /** The list template: headers and one example row, to fill in and import. */
  'counter.import.template': call<{ fileName: string; mimeType: string; content: string }>()({
    faces,
    staff: DESK,
    input: withSession({ format: z.enum(IMPORT_TEMPLATE_FORMATS) }),
  }),
  'counter.import.prepare': call<BatchView>()({ faces, staff: DESK, input: withSession({ importId: z.string().uuid() }) }),
  'counter.batches': call<BatchView[]>()({ faces, staff: DESK, input: onlySession }),
  'counter.batch.approve': call<BatchView>()({ faces, staff: ['supervisor'], input: withSession({ batchId: z.number().int().positive() }) }),
  'counter.batch.cancel': call<BatchView>()({ faces, staff: DESK, input: withSession({ batchId: z.number().int().positive() }) }),
  /** With idNumber: look it up; without: read the card on the reader now. */
  'counter.lookup': call<BeneficiaryView>()({ faces, staff: DESK, input: withSession({ idNumber: idNumber.optional() }) }),
  'counter.enrol': call<BeneficiaryView>()({
    faces,
    staff: DESK,
    input: withSession({
      /** Only when the counter does not know the name yet (a typed ID number of someone never enrolled). */
      name: z.string().trim().min(1).max(40).optional(),
      village: z.string().trim().min(1).max(40),
      phone: z
        .string()
        .trim()
        .regex(/^1\d{10}$/)
        .or(z.literal('')),
    }),
  }),
  /** Claims for the person last looked up, co-signed by a supervisor whose card is on the reader now. */
  'counter.assist': call<ClaimView[]>()({
    faces,
    staff: DESK,
    input: withSession({ entitlementIds: z.array(entitlementId).min(1).max(20), reason: z.enum(ASSIST_REASONS), supervisorPin: z.string().regex(/^\d{6}$/) }),
  }),
  'counter.queue': call<QueueView>()({ faces, staff: ANY_STAFF, input: onlySession }),
  'counter.queue.retry': call<null>()({ faces, staff: DESK, input: withSession({ kind: z.enum(['claim', 'tx']), id: z.number().int().positive() }) }),
  'counter.terminals': call<TerminalsView>()({ faces, staff: ANY_STAFF, input: onlySession }),
  'counter.terminals.register': call<CounterTxView>()({ faces, staff: ['supervisor'], input: withSession({ address }) }),
  'counter.reprint': call<{ jobId: string; state: string }>()({ faces, staff: DESK, input: withSession({ claimNumber: z.string().min(8).max(40) }) }),
  'counter.dayClose.preview': call<DayCloseView>()({ faces, staff: DESK, input: withSession({ businessDate: businessDate.optional() }) }),
  'counter.dayClose': call<DayCloseView>()({ faces, staff: DESK, input: withSession({ businessDate }) }),
  'counter.journal': call<JournalView[]>()({ faces, staff: ['supervisor'], input: onlySession }),
}

export const counterEvents = {
  'counter.progress': event<CounterProgress>(['counter']),
}
