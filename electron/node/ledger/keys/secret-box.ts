/**
 * Encryption at rest for the terminal key. A SecretBox seals and opens bytes;
 * in Electron the glue passes one backed by safeStorage, elsewhere
 * ScryptSecretBox: AES-256-GCM (@noble/ciphers) under a key derived by scrypt
 * (@noble/hashes) from a configured secret, with a fresh salt and nonce per seal.
 */
import { gcm } from '@noble/ciphers/aes.js'
import { scrypt } from '@noble/hashes/scrypt.js'
import { AppError } from '../../../common/result'
import { concatBytes } from '../../../common/ledger/hex'

export interface SecretBox {
  /** Stored next to the sealed bytes so a file is never opened with the wrong box. */
  readonly kind: string
  seal(plain: Uint8Array): Uint8Array
  open(sealed: Uint8Array): Uint8Array
  /**
   * Boxes older files may have been sealed with (a data dir first run by the
   * browser host, then by Electron with the OS keychain): opened with, never
   * sealed with; what they open is sealed again with this box.
   */
  readonly earlier?: readonly SecretBox[]
}

/** The box that opens bytes sealed by `kind`: this one or one of its earlier boxes; null if none. */
export function boxForKind(box: SecretBox, kind: string): SecretBox | null {
  if (box.kind === kind) return box
  return box.earlier?.find((b) => b.kind === kind) ?? null
}

const SALT = 16
const NONCE = 12
/** scrypt cost: N=2^15, r=8, p=1 (about 100 ms, 32 MiB) per seal or open. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, dkLen: 32 }

export class ScryptSecretBox implements SecretBox {
  readonly kind = 'scrypt-aes-256-gcm'
  private readonly secret: Uint8Array

  constructor(secret: string) {
    if (secret.length < 12) throw new AppError('LEDGER_KEY_SECRET_WEAK', 'the key secret must have at least 12 characters')
    this.secret = new TextEncoder().encode(secret)
  }

  seal(plain: Uint8Array): Uint8Array {
    const salt = crypto.getRandomValues(new Uint8Array(SALT))
    const nonce = crypto.getRandomValues(new Uint8Array(NONCE))
    const key = scrypt(this.secret, salt, SCRYPT)
    try {
      return concatBytes(salt, nonce, gcm(key, nonce).encrypt(plain))
    } finally {
      key.fill(0)
    }
  }

  open(sealed: Uint8Array): Uint8Array {
    if (sealed.length < SALT + NONCE + 16) throw new AppError('LEDGER_KEY_CORRUPT', 'sealed key is too short')
    const key = scrypt(this.secret, sealed.subarray(0, SALT), SCRYPT)
    try {
      return gcm(key, sealed.subarray(SALT, SALT + NONCE)).decrypt(sealed.subarray(SALT + NONCE))
    } catch (e) {
      throw new AppError('LEDGER_KEY_WRONG_SECRET', 'cannot open the terminal key: wrong secret or damaged file', { cause: e })
    } finally {
      key.fill(0)
    }
  }
}
