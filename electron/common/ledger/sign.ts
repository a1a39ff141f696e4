/**
 * secp256k1 signing for Ethereum transactions with @noble/curves: low-S,
 * RFC 6979 deterministic nonces (the library's defaults, stated explicitly).
 * The caller owns the secret key; node/ledger/keys keeps it in a closure.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { type Hex, bytesToHex, hexToBytes } from './hex'
import { type TxSignature, type UnsignedTx, serializeSigned, signingHash, txHash } from './tx'

let precomputed = false

/**
 * Builds the base point's larger precomputed table once. @noble/curves 2.x
 * ships a smaller default table; this brings signing to the speed of the
 * 1.x line that viem bundles (see shared/ledger-notes.md).
 */
export function precomputeBasePoint(): void {
  if (precomputed) return
  secp256k1.Point.BASE.precompute(8)
  precomputed = true
}

export function addressFromPublicKey(uncompressed: Uint8Array): Hex {
  if (uncompressed.length !== 65 || uncompressed[0] !== 0x04) throw new TypeError('expected a 65-byte uncompressed public key')
  return bytesToHex(keccak_256(uncompressed.subarray(1)).subarray(12))
}

export function addressFromSecretKey(secretKey: Uint8Array): Hex {
  return addressFromPublicKey(secp256k1.getPublicKey(secretKey, false))
}

export function isValidSecretKey(secretKey: Uint8Array): boolean {
  return secp256k1.utils.isValidSecretKey(secretKey)
}

export function randomSecretKey(): Uint8Array {
  return secp256k1.utils.randomSecretKey()
}

/** Signs a 32-byte digest (no further hashing). */
export function signDigest(digest: Uint8Array, secretKey: Uint8Array): TxSignature {
  precomputeBasePoint()
  const sig = secp256k1.Signature.fromBytes(secp256k1.sign(digest, secretKey, { prehash: false, lowS: true, format: 'recovered' }), 'recovered')
  return { r: sig.r, s: sig.s, yParity: sig.recovery! }
}

export interface SignedTx {
  raw: Hex
  hash: Hex
}

export function signTransaction(tx: UnsignedTx, secretKey: Uint8Array): SignedTx {
  const raw = serializeSigned(tx, signDigest(signingHash(tx), secretKey))
  return { raw: bytesToHex(raw), hash: txHash(raw) }
}

/** The sender address a signature over `tx` recovers to. */
export function recoverSender(tx: UnsignedTx, sig: TxSignature): Hex {
  const s = new secp256k1.Signature(sig.r, sig.s, sig.yParity)
  const point = s.recoverPublicKey(signingHash(tx))
  return addressFromPublicKey(point.toBytes(false))
}

export function parseSecretKey(hex: string): Uint8Array {
  const bytes = hexToBytes(hex.startsWith('0x') ? hex : `0x${hex}`, 'private key')
  if (bytes.length !== 32 || !isValidSecretKey(bytes)) throw new TypeError('private key must be 32 bytes inside the curve order')
  return bytes
}
