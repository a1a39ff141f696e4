/**
 * Encryption at rest for the counter's personal data (names, ID numbers,
 * phones): AES-256-GCM (@noble/ciphers) under a random 32-byte data key. The
 * data key itself is stored only sealed by the same SecretBox that seals the
 * terminal key (safeStorage in Electron, scrypt + AES-GCM elsewhere), in the
 * settings table. A sealed field is nonce(12) || ciphertext || tag(16).
 *
 *   const cipher = FieldCipher.open(db, box)
 *   const blob = cipher.sealText('李秀英')        // Uint8Array for a BLOB column
 *   cipher.openText(blob)                         // '李秀英'
 */
import { gcm } from '@noble/ciphers/aes.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, hexToBytes, utf8Bytes } from '../../common/ledger/hex'
import { AppError } from '../../common/result'
import type { Db } from '../db/database'
import { type SecretBox, boxForKind } from '../ledger/keys/secret-box'

const SETTING = 'counter.dataKey'
const NONCE = 12

export class FieldCipher {
  private constructor(
    private readonly key: Uint8Array,
    /** Secret mixed into PIN hashes, so a copied database alone cannot be brute-forced. */
    readonly pinPepper: Uint8Array,
  ) {}

  /** Opens the data key from the settings table, creating and sealing it on first use. */
  static open(db: Db, box: SecretBox): FieldCipher {
    const row = db.prepare(`SELECT value FROM settings WHERE key = ?`).get(SETTING) as { value: string } | undefined
    let key: Uint8Array
    if (row) {
      const stored = JSON.parse(row.value) as { box: string; sealed: string }
      const opener = boxForKind(box, stored.box)
      if (!opener) throw new AppError('COUNTER_DATA_KEY_WRONG_BOX', `counter data key was sealed with ${stored.box}, not ${box.kind}`)
      key = opener.open(hexToBytes(stored.sealed, 'sealed'))
      // Sealed by an earlier box: sealed again with this one, same key, so every sealed field and PIN still opens.
      if (opener !== box)
        db.prepare(`UPDATE settings SET value = ? WHERE key = ?`).run(JSON.stringify({ box: box.kind, sealed: bytesToHex(box.seal(key)) }), SETTING)
    } else {
      key = crypto.getRandomValues(new Uint8Array(32))
      const value = JSON.stringify({ box: box.kind, sealed: bytesToHex(box.seal(key)) })
      db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`).run(SETTING, value)
    }
    const fieldKey = hkdf(sha256, key, undefined, utf8Bytes('huimin counter fields v1'), 32)
    const pepper = hkdf(sha256, key, undefined, utf8Bytes('huimin counter pin pepper v1'), 32)
    key.fill(0)
    return new FieldCipher(fieldKey, pepper)
  }

  seal(plain: Uint8Array): Uint8Array {
    const nonce = crypto.getRandomValues(new Uint8Array(NONCE))
    const out = new Uint8Array(NONCE + plain.length + 16)
    out.set(nonce)
    out.set(gcm(this.key, nonce).encrypt(plain), NONCE)
    return out
  }

  open(sealed: Uint8Array): Uint8Array {
    if (sealed.length < NONCE + 16) throw new AppError('COUNTER_SEALED_CORRUPT', 'sealed field is too short')
    try {
      return gcm(this.key, sealed.subarray(0, NONCE)).decrypt(sealed.subarray(NONCE))
    } catch (e) {
      throw new AppError('COUNTER_SEALED_CORRUPT', 'sealed field does not open with this data key', { cause: e })
    }
  }

  sealText(text: string): Uint8Array {
    return this.seal(utf8Bytes(text))
  }

  openText(sealed: Uint8Array): string {
    return new TextDecoder().decode(this.open(sealed))
  }

  /** A keyed digest for equality lookups that must not reveal the value (e.g. file fingerprints). */
  digest(text: string): string {
    return bytesToHex(hmac(sha256, this.key, utf8Bytes(text)))
  }
}
