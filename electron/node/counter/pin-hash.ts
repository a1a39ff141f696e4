/**
 * Staff PINs: scrypt (@noble/hashes) with a per-staff 16-byte salt, over
 * HMAC-SHA256(pepper, PIN) so that the database alone is not enough to try
 * the 10^6 six-digit PINs offline (the pepper derives from the sealed data key).
 *
 * Cost: N = 2^15, r = 8, p = 1, 32-byte output: 32 MiB of memory and about
 * 135 ms per hash on the 2-core dev machine (measured with @noble/hashes 2.4).
 * Hashing is asynchronous (scryptAsync yields every few ms), so a sign-in at
 * the counter never freezes the kiosk or the devices sharing the main thread.
 * Stored as `scrypt$15$8$1$<salt hex>$<hash hex>`.
 */
import { hmac } from '@noble/hashes/hmac.js'
import { scryptAsync } from '@noble/hashes/scrypt.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, hexToBytes, utf8Bytes } from '../../common/ledger/hex'

export const PIN_SCRYPT = { logN: 15, r: 8, p: 1, dkLen: 32 } as const
const PIN_FORMAT = /^\d{6}$/

export function isValidPin(pin: string): boolean {
  return PIN_FORMAT.test(pin)
}

function derive(pin: string, pepper: Uint8Array, salt: Uint8Array, logN: number, r: number, p: number): Promise<Uint8Array> {
  const password = hmac(sha256, pepper, utf8Bytes(pin))
  return scryptAsync(password, salt, { N: 2 ** logN, r, p, dkLen: PIN_SCRYPT.dkLen })
}

export async function hashPin(pin: string, pepper: Uint8Array): Promise<string> {
  if (!isValidPin(pin)) throw new RangeError('PIN must be 6 digits')
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const { logN, r, p } = PIN_SCRYPT
  const hash = await derive(pin, pepper, salt, logN, r, p)
  return `scrypt$${logN}$${r}$${p}$${bytesToHex(salt).slice(2)}$${bytesToHex(hash).slice(2)}`
}

/** Constant-time comparison against a stored hash; always pays the full scrypt cost. */
export async function verifyPin(pin: string, stored: string, pepper: Uint8Array): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, logN, r, p, saltHex, hashHex] = parts as [string, string, string, string, string, string]
  const expected = hexToBytes(`0x${hashHex}`, 'pin hash')
  const actual = await derive(isValidPin(pin) ? pin : '', pepper, hexToBytes(`0x${saltHex}`, 'pin salt'), Number(logN), Number(r), Number(p))
  let diff = expected.length ^ actual.length
  for (let i = 0; i < expected.length; i++) diff |= expected[i]! ^ (actual[i] ?? 0)
  return diff === 0 && isValidPin(pin)
}
