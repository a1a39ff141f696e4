/**
 * Which box seals the keys at rest inside Electron: the OS keychain through
 * safeStorage, or the scrypt box under HUIMIN_KEY_SECRET. A pure choice over
 * a stand-in shaped like Electron's safeStorage, so it is tested without
 * Electron (which cannot be imported under plain Node).
 *
 * macOS (Keychain) and Windows (DPAPI) are taken whenever encryption is
 * available. On Linux safeStorage is only as good as the backend Chromium
 * picked: with no secret service it falls back to 'basic_text', a password
 * hard-coded in Chromium's source, so anyone who can read the key file can
 * open it. Only a real keychain (libsecret, KWallet) is accepted; basic_text,
 * 'unknown' and any name not known here are refused, and the keys stay with
 * the scrypt box. Other platforms have no keychain safeStorage uses.
 */
import type { SecretBox } from './secret-box'

/** The part of Electron's safeStorage the choice reads. */
export interface SafeStorageProbe {
  isEncryptionAvailable(): boolean
  /** Linux only: the password store Chromium selected (absent in older Electron: refused). */
  getSelectedStorageBackend?(): string
}

export interface KeyCustodyChoice {
  useSafeStorage: boolean
  /** One English line for the log: which box seals the keys, and why. */
  why: string
}

/**
 * What the shell hands the composition root: the keychain box when it was
 * accepted (null: the scrypt box seals), and why, for the log.
 */
export interface KeyCustody {
  box: SecretBox | null
  /**
   * The safeStorage box when it was refused but still works (basic_text):
   * it only opens keys it sealed before this choice existed, once, so the
   * scrypt box seals them again. Never used to seal.
   */
  refused?: SecretBox | null
  why: string
}

/** The Linux password stores that keep the key in a real keychain. */
export const LINUX_KEYCHAIN_BACKENDS: readonly string[] = ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']

const SCRYPT = 'keys are sealed by the scrypt box under HUIMIN_KEY_SECRET'

export function chooseKeyCustody(probe: SafeStorageProbe, platform: string): KeyCustodyChoice {
  if (platform !== 'linux' && platform !== 'darwin' && platform !== 'win32') return refuse(`Electron safeStorage has no OS keychain on ${platform}; ${SCRYPT}`)
  if (!probe.isEncryptionAvailable()) return refuse(`Electron safeStorage reports no encryption available; ${SCRYPT}`)
  if (platform !== 'linux') return accept(`keys are sealed by the OS keychain through Electron safeStorage (${platform === 'darwin' ? 'Keychain' : 'DPAPI'})`)
  const backend = probe.getSelectedStorageBackend?.() ?? 'unknown'
  if (LINUX_KEYCHAIN_BACKENDS.includes(backend)) return accept(`keys are sealed by the OS keychain through Electron safeStorage (${backend})`)
  if (backend === 'basic_text')
    return refuse(`Electron safeStorage refused: its Linux backend is basic_text (no secret service running, so a hard-coded password); ${SCRYPT}`)
  return refuse(`Electron safeStorage refused: its Linux backend is ${JSON.stringify(backend)}, not a known keychain; ${SCRYPT}`)
}

const accept = (why: string): KeyCustodyChoice => ({ useSafeStorage: true, why })
const refuse = (why: string): KeyCustodyChoice => ({ useSafeStorage: false, why })
