import { safeStorage } from 'electron'
import { type KeyCustody, chooseKeyCustody } from '../node/ledger/keys/key-custody'
import type { SecretBox } from '../node/ledger/keys/secret-box'

/**
 * Seals keys with the operating system's keychain (DPAPI on Windows, Keychain
 * on macOS, libsecret or KWallet on Linux) through Electron's safeStorage,
 * when chooseKeyCustody accepts it; otherwise no box, and the app keeps the
 * scrypt box under HUIMIN_KEY_SECRET, and a refused box that still works
 * only opens keys it sealed before. Call after the app is ready.
 */
export function safeStorageCustody(): KeyCustody {
  const choice = chooseKeyCustody(safeStorage, process.platform)
  if (choice.useSafeStorage) return { box: safeStorageBox, why: choice.why }
  return { box: null, refused: safeStorage.isEncryptionAvailable() ? safeStorageBox : null, why: choice.why }
}

const safeStorageBox: SecretBox = {
  kind: 'electron-safe-storage',
  seal: (plain) => new Uint8Array(safeStorage.encryptString(Buffer.from(plain).toString('base64'))),
  open: (sealed) => new Uint8Array(Buffer.from(safeStorage.decryptString(Buffer.from(sealed)), 'base64')),
}
