import type { Hex } from '../../../common/ledger/hex'

export type { ClaimRecord, ClaimState } from '../../../common/ledger/claims'

/** A signed transaction waiting in the outbox. */
export interface PendingTx {
  id: number
  claimId: number
  chainId: number
  sender: Hex
  nonce: number
  raw: Hex
  hash: Hex
  attempts: number
  lastSentAt: number | null
}

export interface Mined {
  blockNumber: number
  blockHash: Hex
  txIndex: number
}
