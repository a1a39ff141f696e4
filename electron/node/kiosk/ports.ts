import type { ClaimLedgerState, EntitlementState } from '../../common/contract/kiosk'

/**
 * What the kiosk session needs from the rest of the app, each as a small
 * interface. The composition root passes adapters over the device manager,
 * the ledger service and the printing service; tests pass the same adapters
 * over real simulators, a real anvil node and a real SQLite file.
 */

/** A decoded card that passed the reader's checks (check digit, validity). Lives only in main-process memory. */
export interface CardIdentity {
  name: string
  idNumber: string
  /** The card's fingerprint block, or null when the card carries none. */
  fingerprintTemplate: Uint8Array | null
}

export interface CardSource {
  onCardPlaced(listener: (card: CardIdentity) => void): () => void
  /** A card was read but refused (bad check digit, unreadable text); reason is a stable code. */
  onCardRefused(listener: (reason: string) => void): () => void
  onCardRemoved(listener: () => void): () => void
}

export type FingerOutcome = { matched: true; score: number } | { matched: false; score: number; reason: string }

export interface FingerVerifier {
  /** Loads the card's template into the pad, captures the live finger and matches it. Never throws for a user fault. */
  verify(template: Uint8Array): Promise<FingerOutcome>
}

export interface EntitlementRecord {
  entitlementId: string
  program: string
  amountFen: number
  validFrom: number
  validUntil: number
  /** On-ledger status, before the window is applied. */
  status: Exclude<EntitlementState, 'expired' | 'not-yet-valid'>
  /** May a relative collect it for the beneficiary? */
  proxyAllowed: boolean
}

export interface EntitlementSource {
  /** `onFresher`: a later, more current answer (the node's, after the local index answered first). */
  forIdNumber(idNumber: string, onFresher?: (records: EntitlementRecord[]) => void): Promise<EntitlementRecord[]>
}

export interface ClaimRecord {
  claimNumber: string
  entitlementId: string
  program: string
  amountFen: number
  txHash: string | null
  ledgerState: ClaimLedgerState
  blockNumber: number | null
  rejectReason: string | null
  createdAt: number
}

export interface ClaimRequest {
  entitlementId: string
  program: string
  amountFen: number
  fingerprintScore: number
  method: 'card+fingerprint' | 'proxy+fingerprint'
  /** Proxy collection: both ID numbers, turned into commitments before anything is stored. */
  proxy: { beneficiaryIdNumber: string; collectorIdNumber: string } | null
}

export interface ClaimSink {
  /** Writes the claim durably and signs it; resolves only when it is on disk. */
  claim(request: ClaimRequest): Promise<ClaimRecord>
  /** Claims this terminal already holds for these entitlements. */
  existing(entitlementIds: string[]): ClaimRecord[]
  onChange(listener: (claim: ClaimRecord) => void): () => void
}

export interface ReceiptPrinter {
  /** Can a receipt be printed right now? reason is a device reason code when not. */
  readiness(): Promise<{ ready: boolean; reason: string | null }>
  printClaim(claim: ClaimRecord, person: { name: string; idNumber: string }): Promise<void>
}

export interface DeviceSummary {
  current(): { idcard: string; fingerprint: string; printer: string }
  onChange(listener: () => void): () => void
}
