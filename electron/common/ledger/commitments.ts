/**
 * The hashes that stand for people and facts on the ledger. No personal data
 * ever goes on chain: a beneficiary is a keyed commitment of the ID number,
 * a claim is the hash of its claim number, the identity check is a salted
 * hash of what the kiosk saw.
 */
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { encodeParams, keccakHex } from './abi-codec'
import { type Hex, bytesToHex, hexToBytes, utf8Bytes } from './hex'

const ID_NUMBER = /^\d{17}[\dX]$/

/** HMAC-SHA256(regionalKey, ID number in uppercase ASCII). Throws on a malformed ID number. */
export function beneficiaryCommitment(regionalKey: Uint8Array, idNumber: string): Hex {
  if (regionalKey.length < 16) throw new RangeError('regional key must have at least 16 bytes')
  const normalized = idNumber.trim().toUpperCase()
  if (!ID_NUMBER.test(normalized)) throw new RangeError('ID number must be 17 digits and a check character')
  return bytesToHex(hmac(sha256, regionalKey, utf8Bytes(normalized)))
}

/** keccak256(abi.encode(uint256 programId, bytes32 commitment, uint64 period)). */
export function entitlementIdOf(programId: bigint, commitment: Hex, period: bigint): Hex {
  return keccakHex(encodeParams([{ type: 'uint256' }, { type: 'bytes32' }, { type: 'uint64' }], [programId, commitment, period]))
}

/** keccak256 of the claim number string printed on the receipt (领取编号). */
export function claimRefOf(claimNumber: string): Hex {
  return keccakHex(utf8Bytes(claimNumber))
}

/** What the kiosk checked before a claim. Stored locally; only its hash goes on chain. */
export interface ClaimEvidence {
  /** How identity was established. */
  method: 'card+fingerprint' | 'card+staff' | 'proxy+staff' | 'proxy+fingerprint'
  /** Fingerprint match score 0..1000 (0 when not used). */
  fingerprintScore: number
  /** Unix seconds of the identity check. */
  checkedAt: number
  /** Commitment or address of the co-signing staff member, or null. */
  staffCoSigner: Hex | null
  /** 32 random bytes, so the hash cannot be guessed from the other fields. */
  salt: Hex
  /**
   * Proxy collection: the commitments of the beneficiary and of the relative
   * who collected (never their ID numbers). Both go into the hash.
   */
  proxy?: { beneficiary: Hex; collector: Hex } | null
}

const EVIDENCE_TYPES = [{ type: 'string' }, { type: 'uint16' }, { type: 'uint64' }, { type: 'bytes32' }, { type: 'bytes32' }]

export function evidenceHashOf(e: ClaimEvidence): Hex {
  if (hexToBytes(e.salt, 'evidence.salt').length !== 32) throw new RangeError('evidence.salt must be 32 bytes')
  const staff = e.staffCoSigner ? bytesToHex(sha256(hexToBytes(e.staffCoSigner, 'evidence.staffCoSigner'))) : `0x${'00'.repeat(32)}`
  const fields = [e.method, BigInt(e.fingerprintScore), BigInt(e.checkedAt), staff, e.salt]
  if (!e.proxy) return keccakHex(encodeParams(EVIDENCE_TYPES, fields))
  // Proxy evidence appends both identities; evidence without a proxy keeps its original encoding.
  const beneficiary = bytesToHex(hexToBytes(e.proxy.beneficiary, 'evidence.proxy.beneficiary'))
  const collector = bytesToHex(hexToBytes(e.proxy.collector, 'evidence.proxy.collector'))
  if (beneficiary === collector) throw new RangeError('evidence.proxy: the collector must be another person')
  return keccakHex(encodeParams([...EVIDENCE_TYPES, { type: 'bytes32' }, { type: 'bytes32' }], [...fields, beneficiary, collector]))
}
