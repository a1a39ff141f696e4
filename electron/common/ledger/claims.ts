/** Claim records as the outbox keeps them and the faces show them. Pure types. */
import type { Hex } from './hex'

/** signed → submitted → confirmed | rejected, then confirmed → settled. */
export type ClaimState = 'signed' | 'submitted' | 'confirmed' | 'rejected' | 'settled'

/** Amount and program id are decimal strings (fen / id) so they cross IPC as JSON. */
export interface ClaimRecord {
  id: number
  claimNumber: string
  contract: Hex
  chainId: number
  entitlementId: Hex
  claimRef: Hex
  evidenceHash: Hex
  amount: string | null
  programId: string | null
  state: ClaimState
  /** Known before submission; changes only if the claim had to be re-signed. */
  txHash: Hex
  blockNumber: number | null
  blockHash: Hex | null
  txIndex: number | null
  rejectCode: string | null
  rejectDetail: string | null
  settleRef: Hex | null
  /** Times the chain lost the claim's transaction after mining it (it was sent again, same claim reference). */
  forgotten: number
  createdAt: number
  updatedAt: number
}

/** 待上链 while signed or submitted; 已上链 once mined successfully. */
export function isOnChain(state: ClaimState): boolean {
  return state === 'confirmed' || state === 'settled'
}

export function isPending(state: ClaimState): boolean {
  return state === 'signed' || state === 'submitted'
}
