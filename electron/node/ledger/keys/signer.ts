/**
 * The terminal's transaction signer. The secret key lives only in this
 * closure: callers get the address and signatures, never the key.
 */
import type { Hex } from '../../../common/ledger/hex'
import { type SignedTx, addressFromSecretKey, isValidSecretKey, precomputeBasePoint, signTransaction } from '../../../common/ledger/sign'
import type { UnsignedTx } from '../../../common/ledger/tx'

export interface TxSigner {
  readonly address: Hex
  sign(tx: UnsignedTx): SignedTx
}

/** Takes a copy of the key; the caller should wipe its own buffer afterwards. */
export function createSigner(secretKey: Uint8Array): TxSigner {
  if (secretKey.length !== 32 || !isValidSecretKey(secretKey)) throw new TypeError('invalid secp256k1 secret key')
  const key = Uint8Array.from(secretKey)
  const address = addressFromSecretKey(key)
  precomputeBasePoint()
  return Object.freeze({
    address,
    sign: (tx: UnsignedTx) => signTransaction(tx, key),
  })
}
