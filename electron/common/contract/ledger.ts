import { z } from 'zod'
import type { ClaimRecord } from '../ledger/claims'
import { ANY_STAFF, DESK, call, event, withSession } from './define'

export type { ClaimRecord, ClaimState } from '../ledger/claims'

/** The outbox as the counter sees it. */
export interface LedgerOutboxStatus {
  /** idle: nothing pending; working: sending; paused: node down, wrong chain, or the node refuses what it is sent (code says which). */
  state: 'idle' | 'working' | 'paused'
  code: 'LEDGER_WRONG_CHAIN' | 'LEDGER_NODE_DOWN' | 'LEDGER_TX_REFUSED' | null
  lastError: string | null
  counts: Record<'signed' | 'submitted' | 'confirmed' | 'rejected' | 'settled', number>
}

export interface LedgerTerminalInfo {
  /** The terminal's address, shown with its QR for registration. */
  address: string
  township: string
  contract: string
  chainId: number
  /** Township the contract binds this address to; null when not registered. */
  registeredTownship: string | null
}

const claimId = z.number().int().positive()

export const ledgerCalls = {
  /** This terminal's address and registration: for staff, like 'counter.terminals'. */
  'ledger.terminal': call<LedgerTerminalInfo>()({ faces: ['counter'], staff: ANY_STAFF, input: withSession({}) }),
  /** Counts and state only, for staff, like 'ledger.queue'. */
  'ledger.outbox': call<LedgerOutboxStatus>()({ faces: ['counter'], staff: ANY_STAFF, input: withSession({}) }),
  'ledger.claimStatus': call<ClaimRecord | null>()({
    faces: ['kiosk', 'counter'],
    staff: 'none',
    input: z.object({ claimNumber: z.string().regex(/^\d{9}-\d{8}-[0-9A-HJKMNP-TV-Z]{8}$/) }).strict(),
  }),
  /** Every claim of this terminal's outbox: for staff, as the counter's queue. */
  'ledger.queue': call<ClaimRecord[]>()({ faces: ['counter'], staff: ANY_STAFF, input: withSession({}) }),
  'ledger.retry': call<ClaimRecord>()({ faces: ['counter'], staff: DESK, input: withSession({ claimId }) }),
}

export const ledgerEvents = {
  /** Every change of a claim: 待上链 → 已上链 (or 未通过), then 已到账. */
  'ledger.claim': event<ClaimRecord>(['kiosk', 'counter']),
  'ledger.outbox': event<LedgerOutboxStatus>(['counter'], { latest: true }),
}
