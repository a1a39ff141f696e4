import { safeStorage } from 'electron'
import type { SecretBox } from '../node/ledger/keys/secret-box'

/**
 * Seals keys with the operating system's keychain (DPAPI on Windows, libsecret
 * or kwallet on Linux) through Electron's safeStorage. Null when the OS offers
 * none, so the app falls back to the scrypt box under HUIMIN_KEY_SECRET.
 */
export function safeStorageBox(): SecretBox | null {
  if (!safeStorage.isEncryptionAvailable()) return null
  return {
    kind: 'electron-safe-storage',
    seal: (plain) => new Uint8Array(safeStorage.encryptString(Buffer.from(plain).toString('base64'))),
    open: (sealed) => new Uint8Array(Buffer.from(safeStorage.decryptString(Buffer.from(sealed)), 'base64')),
  }
}
