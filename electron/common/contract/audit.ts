/**
 * The public audit display's calls and events. Amounts are whole fen; times
 * are unix seconds of the block that recorded them; ids and hashes are 0x hex.
 * Nothing here carries personal data beyond the masked name (张*三) and the
 * village code. Township and village names are public administrative data
 * (GB/T 2260, GB/T 10114); they are present only when known, and a screen
 * falls back to the code without them.
 */
import { z } from 'zod'
import { DESK, call, event, withSession } from './define'

export interface ProgramTotals {
  programId: number
  name: string
  budget: number
  funded: number
  approved: number
  approvedCount: number
  paid: number
  paidCount: number
  settled: number
  settledCount: number
  revoked: number
}

/** Names of a row's township and village, when known. */
export interface PlaceNames {
  townshipName?: string
  villageName?: string
}

export interface VillageTotals extends PlaceNames {
  township: number
  village: number
  approved: number
  approvedCount: number
  paid: number
  paidCount: number
  settled: number
}

export interface AuditTotals {
  year: number
  programs: ProgramTotals[]
  /** Villages with the most approved, largest first (at most `villageLimit`). */
  villages: VillageTotals[]
  sum: { funded: number; approved: number; paid: number; settled: number; approvedCount: number; paidCount: number }
}

export type FlowNodeKind = 'funder' | 'program' | 'township' | 'village' | 'undisbursed'

export interface AuditFlows {
  year: number
  /** placeName: the township's or village's name when known (for an "other villages" node, its township's). */
  nodes: { id: string; kind: FlowNodeKind; name: string; code: number | null; placeName?: string }[]
  links: { source: string; target: string; value: number }[]
}

export type LedgerStep = 'approved' | 'paid' | 'settled' | 'revoked'

export interface RecentDisbursement extends PlaceNames {
  time: number
  programId: number
  programName: string
  township: number
  village: number
  maskedName: string
  amount: number
  state: 'paid' | 'settled'
  block: number
  txHash: string
  txShort: string
}

export interface TraceStep {
  step: LedgerStep
  block: number
  time: number
  txHash: string
  logIndex: number
}

export interface TraceResult {
  /** How the query was read. */
  queryKind: 'claimNumber' | 'txHash' | 'unrecognised'
  found: boolean
  entitlement:
    | (PlaceNames & {
        /** The on-chain entitlement id (a hash; no personal data). */
        entitlementId: string
        programId: number
        programName: string
        township: number
        village: number
        maskedName: string
        amount: number
        status: 'approved' | 'paid' | 'settled' | 'revoked'
        validFrom: number
        validUntil: number
      })
    | null
  steps: TraceStep[]
}

export type StepVerdict = 'verified' | 'mismatch' | 'missing' | 'unreachable'

export interface VerifiedStep extends TraceStep {
  verdict: StepVerdict
  /** Blocks on top of the step's block at the moment of checking. */
  confirmations: number | null
  reason: string | null
}

export interface TraceVerification {
  /** True only when every step was re-read from the node and matched. */
  verified: boolean
  checkedAt: number
  headBlock: number | null
  steps: VerifiedStep[]
}

export interface SelfCheckEntry extends PlaceNames {
  programName: string
  township: number
  village: number
  maskedName: string
  amount: number
  status: 'approved' | 'paid' | 'settled' | 'revoked'
  validFrom: number
  validUntil: number
  paidTime: number | null
  txShort: string | null
}

/** One entitlement an unclaimed flag counts, as staff see it: masked, as everywhere. */
export interface UnclaimedEntry {
  maskedName: string
  amount: number
  validFrom: number
  validUntil: number
}

export interface AuditHealth {
  /** The relief contract the display reads, in full: anyone can check it with their own client. */
  contract: string
  nodes: { url: string; reachable: boolean; latencyMs: number | null }[]
  headBlock: number | null
  indexedBlock: number
  lag: number | null
  /** Hash of the last block the index verified against the chain. */
  indexedHash: string | null
  indexedTime: number | null
  following: boolean
  lastError: string | null
  reorgs: number
  events: number
}

export type AnomalyKind = 'lateBulk' | 'terminalRate' | 'unclaimed'

export interface Anomaly extends PlaceNames {
  kind: AnomalyKind
  /** i18n key of the one-line explanation; params fill it (a *Named key when the place's name is known: params.place). */
  messageKey: string
  params: Record<string, string | number>
  township: number | null
  village: number | null
  programId: number | null
  /** Short terminal address (0x1234…abcd) for the rate flag. */
  terminal: string | null
  count: number
}

export interface AuditUpdate {
  indexedBlock: number
  headBlock: number | null
  newEvents: number
  newDisbursements: number
}

export interface SelfCheckShown {
  entries: SelfCheckEntry[]
  at: number
}

const noInput = z.object({}).strict()
const year = z.object({ year: z.number().int().min(2000).max(2200).optional() }).strict()
const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/)

export const auditCalls = {
  'audit.totals': call<AuditTotals>()({ faces: ['audit', 'counter'], staff: 'none', input: year }),
  'audit.flows': call<AuditFlows>()({ faces: ['audit', 'counter'], staff: 'none', input: year }),
  'audit.recent': call<RecentDisbursement[]>()({
    faces: ['audit', 'counter'],
    staff: 'none',
    input: z.object({ limit: z.number().int().min(1).max(100).optional() }).strict(),
  }),
  /** Looks a payment up in the index by claim number, receipt QR payload or transaction hash. */
  'audit.trace': call<TraceResult>()({ faces: ['audit', 'counter'], staff: 'none', input: z.object({ query: z.string().trim().min(1).max(200) }).strict() }),
  /** Re-reads the payment's transactions and logs from the node, now, and compares them with the index. */
  'audit.verify': call<TraceVerification>()({
    faces: ['audit', 'counter'],
    staff: 'none',
    input: z.object({ query: z.string().trim().min(1).max(200) }).strict(),
  }),
  /** Entries for one beneficiary commitment (the kiosk computes it from the card). */
  'audit.selfCheck': call<SelfCheckEntry[]>()({ faces: ['audit', 'kiosk', 'counter'], staff: 'none', input: z.object({ commitment: bytes32 }).strict() }),
  'audit.health': call<AuditHealth>()({ faces: ['audit', 'counter'], staff: 'none', input: noInput }),
  'audit.anomalies': call<Anomaly[]>()({ faces: ['audit', 'counter'], staff: 'none', input: noInput }),
  /** For staff: the entitlements behind an unclaimed flag (its village and programme). */
  'audit.unclaimed': call<UnclaimedEntry[]>()({
    faces: ['counter'],
    staff: DESK,
    input: withSession({ village: z.number().int().min(100_000_000_000).max(999_999_999_999), programId: z.number().int().min(1) }),
  }),
}

export const auditEvents = {
  'audit.updated': event<AuditUpdate>(['audit', 'counter']),
  /** A beneficiary's own entries, pushed to the display after a card tap in display mode. */
  'audit.selfCheck': event<SelfCheckShown>(['audit']),
}
