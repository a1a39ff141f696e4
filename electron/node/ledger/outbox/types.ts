import type { Hex } from '../../../common/ledger/hex'

export type { ClaimRecord, ClaimState } from '../../../common/ledger/claims'

/** What a transaction is for. The counter's purposes are its CounterTxView kinds. */
/** 'demo': the hall demo's activity and test or benchmark traffic, on keys of their own. */
export type OutboxPurpose = 'claim' | 'approve' | 'register-terminal' | 'close-day' | 'complaint' | 'demo'

/** pending until a receipt decides: confirmed (status 1) or rejected (reverted). */
export type IntentState = 'pending' | 'confirmed' | 'rejected'

/** A contract call to sign and send. */
export interface NewIntent {
  purpose: OutboxPurpose
  /** The client's own reference (claim number, entitlement id, ticket number…). */
  ref: string
  calldata: Hex
  gas: bigint
}

export interface IntentRecord {
  id: number
  purpose: OutboxPurpose
  ref: string
  chainId: number
  sender: Hex
  target: Hex
  calldata: Hex
  gas: bigint
  state: IntentState
  /** The transaction that stands for the intent now (changes only when it is re-signed). */
  txHash: Hex
  nonce: number
  attempts: number
  lastError: string | null
  blockNumber: number | null
  rejectCode: string | null
  rejectDetail: string | null
  /** Times the chain lost the intent's transaction after mining it (sent again with the same bytes). */
  forgotten: number
  createdAt: number
}

/** A signed transaction waiting in the outbox. */
export interface PendingTx {
  id: number
  intentId: number
  purpose: OutboxPurpose
  chainId: number
  sender: Hex
  nonce: number
  raw: Hex
  hash: Hex
  attempts: number
  lastSentAt: number | null
}

/** A transaction the outbox saw mined: where it is. */
export interface MinedTx {
  id: number
  intentId: number
  nonce: number
  hash: Hex
}

export interface Mined {
  blockNumber: number
  blockHash: Hex
  txIndex: number
}

export type Outcome = { ok: true } | { ok: false; code: string; detail: string }

/**
 * A client of the outbox (claims, for one) keeps its own rows in step with
 * its intents. Each hook runs inside the outbox's SQLite transaction, so the
 * client's row and the intent change together or not at all.
 */
export interface OutboxClient {
  /** A transaction for the intent was signed: the first one, a re-signed one, or a forgotten one brought back. */
  signed?(intentId: number, txHash: Hex, now: number): void
  /** The node accepted the intent's transaction; true when that changed the client's row. */
  sent?(intentId: number, now: number): boolean
  /** A receipt decided the intent. */
  decided?(intentId: number, txHash: Hex, mined: Mined, outcome: Outcome, now: number): void
}
