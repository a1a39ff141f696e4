import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type SafeStorageProbe, chooseKeyCustody } from '../../electron/node/ledger/keys/key-custody'
import { loadOrCreateTerminalKey } from '../../electron/node/ledger/keys/key-store'
import { keysBox } from '../../electron/node/ledger/keys/keys-box'
import { ScryptSecretBox, type SecretBox } from '../../electron/node/ledger/keys/secret-box'
import { makeTempDir } from '../support/temp-dir'

/** Stand-ins shaped like Electron's safeStorage: never the real module, which throws under plain Node. */
const probe = (available: boolean, backend?: string): SafeStorageProbe =>
  backend === undefined ? { isEncryptionAvailable: () => available } : { isEncryptionAvailable: () => available, getSelectedStorageBackend: () => backend }

/** A stand-in for the safeStorage box: its kind, and a reversible seal. */
const keychainBox: SecretBox = {
  kind: 'electron-safe-storage',
  seal: (plain) => plain.map((b) => b ^ 0x5a),
  open: (sealed) => sealed.map((b) => b ^ 0x5a),
}

const SECRET = 'a key secret long enough'

describe('key custody: which box seals keys', () => {
  it('refuses Linux basic_text (a hard-coded password) and says why in one English line', () => {
    const choice = chooseKeyCustody(probe(true, 'basic_text'), 'linux')
    expect(choice.useSafeStorage).toBe(false)
    expect(choice.why).toMatch(/basic_text/)
    expect(choice.why).toMatch(/HUIMIN_KEY_SECRET/)
    expect(choice.why).not.toMatch(/\n/)
  })

  it.each(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])('accepts the Linux keychain %s', (backend) => {
    const choice = chooseKeyCustody(probe(true, backend), 'linux')
    expect(choice.useSafeStorage).toBe(true)
    expect(choice.why).toContain(backend)
  })

  it('refuses Linux backends it cannot vouch for: unknown, an unheard-of name, or no way to ask', () => {
    for (const p of [probe(true, 'unknown'), probe(true, 'some_new_store'), probe(true)]) expect(chooseKeyCustody(p, 'linux').useSafeStorage).toBe(false)
  })

  it('refuses safeStorage when encryption is unavailable, on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32']) {
      const choice = chooseKeyCustody(probe(false, 'gnome_libsecret'), platform)
      expect(choice.useSafeStorage, platform).toBe(false)
      expect(choice.why).toMatch(/no encryption available/)
    }
  })

  it('accepts macOS and Windows when encryption is available, whatever a backend name says', () => {
    expect(chooseKeyCustody(probe(true), 'darwin')).toMatchObject({ useSafeStorage: true, why: expect.stringContaining('Keychain') })
    expect(chooseKeyCustody(probe(true), 'win32')).toMatchObject({ useSafeStorage: true, why: expect.stringContaining('DPAPI') })
    expect(chooseKeyCustody(probe(true, 'basic_text'), 'win32').useSafeStorage).toBe(true)
  })

  it('refuses platforms with no keychain that safeStorage uses', () => {
    expect(chooseKeyCustody(probe(true, 'gnome_libsecret'), 'freebsd')).toMatchObject({ useSafeStorage: false, why: expect.stringContaining('freebsd') })
  })
})

describe('key custody: keys sealed by HUIMIN_KEY_SECRET', () => {
  let dir: ReturnType<typeof makeTempDir> | null = null
  afterEach(() => dir?.remove())

  function scryptSealedKey(): { file: string; before: string } {
    dir = makeTempDir('huimin-custody-')
    const file = path.join(dir.path, 'keys', 'terminal-key.json')
    loadOrCreateTerminalKey(file, new ScryptSecretBox(SECRET))
    return { file, before: fs.readFileSync(file, 'utf8') }
  }

  it('stay sealed by the scrypt box when safeStorage is refused (basic_text)', () => {
    const { file, before } = scryptSealedKey()
    const choice = chooseKeyCustody(probe(true, 'basic_text'), 'linux')
    expect(choice.useSafeStorage).toBe(false)
    const box = keysBox(SECRET, undefined, keychainBox)
    expect(box.kind).toBe('scrypt-aes-256-gcm')
    const { resealed } = loadOrCreateTerminalKey(file, box)
    expect(resealed).toBe(false)
    expect(fs.readFileSync(file, 'utf8')).toBe(before)
  })

  it('are where keys sealed by a refused basic_text box go: opened once, sealed again by scrypt', () => {
    dir = makeTempDir('huimin-custody-')
    const file = path.join(dir.path, 'keys', 'terminal-key.json')
    const { signer } = loadOrCreateTerminalKey(file, keychainBox)
    const box = keysBox(SECRET, undefined, keychainBox)
    const reopened = loadOrCreateTerminalKey(file, box)
    expect(reopened).toMatchObject({ resealed: true })
    expect(reopened.signer.address).toBe(signer.address)
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).box).toBe('scrypt-aes-256-gcm')
    expect(loadOrCreateTerminalKey(file, new ScryptSecretBox(SECRET)).signer.address).toBe(signer.address)
  })

  it('move to an accepted keychain, which seals them again', () => {
    const { file } = scryptSealedKey()
    const choice = chooseKeyCustody(probe(true, 'gnome_libsecret'), 'linux')
    const box = keysBox(SECRET, choice.useSafeStorage ? keychainBox : undefined)
    expect(loadOrCreateTerminalKey(file, box).resealed).toBe(true)
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).box).toBe('electron-safe-storage')
  })

  it('need the secret when no keychain is accepted', () => {
    expect(() => keysBox(null, undefined)).toThrow(/HUIMIN_KEY_SECRET/)
  })
})
