import { z } from 'zod'
import { call, event } from './define'

/**
 * The beneficiary's self-service session. The main side owns the session and
 * everything personal in it; the kiosk face only ever sees this view, where
 * names and ID numbers are already masked.
 */
export type KioskPhase =
  | 'attract' // waiting for a card
  | 'unavailable' // a required device is down: go to the counter
  | 'reading' // card on the reader, identity being decoded
  | 'card-refused' // the card failed validation or is expired
  | 'finger' // press a finger (the beneficiary's, or the proxy's once a proxy card is on)
  | 'proxy-card' // proxy collection: take the beneficiary's card away, place the relative's
  | 'assist' // fingerprint failed 3 times or no fingerprint on card: staff assistance
  | 'entitlements' // list with claim buttons
  | 'claiming' // writing and signing the claim
  | 'receipt' // claim accepted (已受理), receipt printed or failed
  | 'finish' // take your card and receipt

export type EntitlementState = 'approved' | 'paid' | 'settled' | 'revoked' | 'expired' | 'not-yet-valid'

export interface KioskEntitlement {
  entitlementId: string
  program: string
  amountFen: number
  validFrom: number
  validUntil: number
  state: EntitlementState
  claimable: boolean
  /** The claim already made for it at this terminal, if any. */
  claimNumber: string | null
  /** A relative is collecting and this entitlement does not allow it: shown, not claimable. */
  proxyRefused: boolean
}

export type ClaimLedgerState = 'queued' | 'confirmed' | 'rejected'

export interface KioskClaim {
  claimNumber: string
  program: string
  amountFen: number
  ledgerState: ClaimLedgerState
  blockNumber: number | null
  txHashShort: string | null
  qrPayload: string
  /** Error code when rejected by the ledger. */
  rejectReason: string | null
}

export interface KioskView {
  phase: KioskPhase
  /** Changes with every new card; the renderer resets local state when it changes. */
  sessionId: string
  person: { maskedName: string; maskedId: string } | null
  /** The relative collecting for the person, once their card is on the reader. */
  proxy: { maskedName: string } | null
  /** Reason code for card-refused, unavailable, assist, and failed steps; translated by the UI. */
  reason: string | null
  finger: { tries: number; maxTries: number; lastError: string | null } | null
  entitlements: KioskEntitlement[]
  claims: KioskClaim[]
  receipt: { state: 'printing' | 'printed' | 'failed' | 'later'; error: string | null } | null
  /** Seconds until the session resets for inactivity; null when idle does not apply. */
  idle: { warning: boolean; secondsLeft: number } | null
  devices: { idcard: string; fingerprint: string; printer: string }
  /** Whether the reader still has a card on it: the finish screen asks for it to be taken. */
  cardOnReader: boolean
}

/** Complaint categories: stable codes; the chain gets position + 1 (0 means none). */
export const COMPLAINT_CATEGORIES = ['AMOUNT_WRONG', 'NOT_RECEIVED', 'SERVICE', 'OTHER'] as const
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number]

const noInput = z.object({}).strict()
const entitlementIds = z
  .array(z.string().regex(/^0x[0-9a-f]{64}$/))
  .min(1)
  .max(20)

export const kioskCalls = {
  'kiosk.view': call<KioskView>()({ faces: ['kiosk'], staff: 'none', input: noInput }),
  /** A touch anywhere: resets the idle timer. */
  'kiosk.activity': call<null>()({ faces: ['kiosk'], staff: 'none', input: noInput }),
  'kiosk.claim': call<KioskClaim[]>()({ faces: ['kiosk'], staff: 'none', input: z.object({ entitlementIds }).strict() }),
  /** On the beneficiary's finger screen: a relative collects for them (both cards, the relative's finger). */
  'kiosk.proxy': call<null>()({ faces: ['kiosk'], staff: 'none', input: noInput }),
  'kiosk.finish': call<null>()({ faces: ['kiosk'], staff: 'none', input: noInput }),
  'kiosk.cancel': call<null>()({ faces: ['kiosk'], staff: 'none', input: noInput }),
  'kiosk.feedback': call<null>()({ faces: ['kiosk'], staff: 'none', input: z.object({ rating: z.enum(['good', 'ok', 'bad']) }).strict() }),
  /** On the receipt screen: records a complaint, prints its ticket and files its hash on chain. */
  'kiosk.complain': call<{ ticketNo: string; printed: boolean }>()({
    faces: ['kiosk'],
    staff: 'none',
    input: z.object({ category: z.enum(COMPLAINT_CATEGORIES) }).strict(),
  }),
}

export const kioskEvents = {
  'kiosk.view': event<KioskView>(['kiosk']),
}
