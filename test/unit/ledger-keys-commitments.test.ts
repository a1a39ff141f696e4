import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { formatClaimNumber, isClaimNumber } from '../../electron/common/ledger/claim-number'
import { beneficiaryCommitment, claimRefOf, entitlementIdOf, evidenceHashOf } from '../../electron/common/ledger/commitments'
import { bytesToHex, concatBytes, utf8Bytes } from '../../electron/common/ledger/hex'
import { loadOrCreateTerminalKey } from '../../electron/node/ledger/keys/key-store'
import { type SecretBox, ScryptSecretBox } from '../../electron/node/ledger/keys/secret-box'
import { FieldCipher } from '../../electron/node/counter/field-cipher'
import { hashPin, verifyPin } from '../../electron/node/counter/pin-hash'
import { openDatabase } from '../../electron/node/db/database'
import { gcm } from '@noble/ciphers/aes.js'
import { encodeAbiParameters, keccak256, toHex } from 'viem'
import { makeTempDir } from '../support/temp-dir'

const temps: { remove(): void }[] = []
afterEach(() => temps.splice(0).forEach((t) => t.remove()))

describe('terminal key at rest', () => {
  it('is created once, sealed, and reopened to the same address; the file holds no plaintext key', () => {
    const t = makeTempDir('huimin-key-')
    temps.push(t)
    const file = path.join(t.path, 'terminal-key.json')
    const box = new ScryptSecretBox('correct horse battery staple')
    const first = loadOrCreateTerminalKey(file, box)
    expect(first.created).toBe(true)
    const again = loadOrCreateTerminalKey(file, box)
    expect(again.created).toBe(false)
    expect(again.signer.address).toBe(first.signer.address)
    expect(Object.keys(again.signer)).toEqual(['address', 'sign'])
    const stored = JSON.parse(fs.readFileSync(file, 'utf8'))
    expect(stored.box).toBe('scrypt-aes-256-gcm')
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600')
    expect(() => loadOrCreateTerminalKey(file, new ScryptSecretBox('wrong secret, wrong'))).toThrow(/wrong secret/)
  })

  it('refuses a weak secret and a tampered file', () => {
    expect(() => new ScryptSecretBox('short')).toThrow()
    const t = makeTempDir('huimin-key-')
    temps.push(t)
    const file = path.join(t.path, 'k.json')
    const box = new ScryptSecretBox('another long secret')
    loadOrCreateTerminalKey(file, box)
    const stored = JSON.parse(fs.readFileSync(file, 'utf8'))
    stored.sealed = stored.sealed.slice(0, -2) + (stored.sealed.endsWith('00') ? '01' : '00')
    fs.writeFileSync(file, JSON.stringify(stored))
    expect(() => loadOrCreateTerminalKey(file, box)).toThrow()
  })
})

/** Stands for Electron's OS-keychain box, which cannot run here: a different kind, sealing with its own AES key. */
function keychainLikeBox(earlier: SecretBox[] = []): SecretBox {
  const key = new Uint8Array(32).fill(9)
  return {
    kind: 'test-os-keychain',
    seal: (plain) => {
      const nonce = crypto.getRandomValues(new Uint8Array(12))
      return concatBytes(nonce, gcm(key, nonce).encrypt(plain))
    },
    open: (sealed) => gcm(key, sealed.subarray(0, 12)).decrypt(sealed.subarray(12)),
    earlier,
  }
}

describe('moving a data dir to another key box (browser host → Electron keychain)', () => {
  it('opens a terminal key sealed by an earlier box, seals it again with the new one, and keeps its address', () => {
    const t = makeTempDir('huimin-key-')
    temps.push(t)
    const file = path.join(t.path, 'terminal-key.json')
    const scrypt = new ScryptSecretBox('correct horse battery staple')
    const first = loadOrCreateTerminalKey(file, scrypt)
    expect(() => loadOrCreateTerminalKey(file, keychainLikeBox())).toThrow(expect.objectContaining({ code: 'LEDGER_KEY_WRONG_BOX' }))
    const moved = loadOrCreateTerminalKey(file, keychainLikeBox([scrypt]))
    expect(moved).toMatchObject({ created: false, resealed: true })
    expect(moved.signer.address).toBe(first.signer.address)
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).box).toBe('test-os-keychain')
    // From now on the new box alone opens it.
    expect(loadOrCreateTerminalKey(file, keychainLikeBox())).toMatchObject({ resealed: false, signer: { address: first.signer.address } })
  })

  it('keeps the counter data key (and so every sealed name and PIN) when its box changes', async () => {
    const t = makeTempDir('huimin-key-')
    temps.push(t)
    const db = openDatabase(path.join(t.path, 'huimin.sqlite'))
    const scrypt = new ScryptSecretBox('correct horse battery staple')
    const before = FieldCipher.open(db, scrypt)
    const sealedName = before.sealText('周敏')
    const pin = await hashPin('123456', before.pinPepper)
    expect(() => FieldCipher.open(db, keychainLikeBox())).toThrow(expect.objectContaining({ code: 'COUNTER_DATA_KEY_WRONG_BOX' }))
    const after = FieldCipher.open(db, keychainLikeBox([scrypt]))
    expect(after.openText(sealedName)).toBe('周敏')
    expect(await verifyPin('123456', pin, after.pinPepper)).toBe(true)
    expect(FieldCipher.open(db, keychainLikeBox()).openText(sealedName)).toBe('周敏')
    db.close()
  }, 30_000) // seven scrypt derivations: ~1 s on an idle core, 5 s and more on a busy 2-core machine
})

describe('commitments and claim numbers', () => {
  const key = utf8Bytes('regional-key-0123456789')
  it('commits to the uppercase ID number with HMAC-SHA256 and checks its shape', () => {
    expect(beneficiaryCommitment(key, '41012219560312003x')).toBe(bytesToHex(hmac(sha256, key, utf8Bytes('41012219560312003X'))))
    expect(() => beneficiaryCommitment(key, '4101221956031200')).toThrow()
    expect(() => beneficiaryCommitment(utf8Bytes('short'), '41012219560312003X')).toThrow()
  })
  it('derives entitlement ids and claim refs as the contract brief says', () => {
    const c = `0x${'07'.repeat(32)}` as const
    expect(entitlementIdOf(3n, c, 2026n)).toBe(keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }, { type: 'uint64' }], [3n, c, 2026n])))
    expect(claimRefOf('410122101-20260314-7K3QX9MB')).toBe(keccak256(toHex('410122101-20260314-7K3QX9MB')))
  })
  it('salts the evidence hash', () => {
    const e = { method: 'card+fingerprint' as const, fingerprintScore: 812, checkedAt: 1_770_000_000, staffCoSigner: null }
    const a = evidenceHashOf({ ...e, salt: `0x${'01'.repeat(32)}` })
    expect(a).not.toBe(evidenceHashOf({ ...e, salt: `0x${'02'.repeat(32)}` }))
    expect(a).toBe(evidenceHashOf({ ...e, salt: `0x${'01'.repeat(32)}` }))
  })
  it('formats claim numbers with 40 random bits', () => {
    const n = formatClaimNumber('410122101', new Date(2026, 2, 14), Uint8Array.of(0, 0, 0, 0, 0))
    expect(n).toBe('410122101-20260314-00000000')
    const m = formatClaimNumber('410122101', new Date(2026, 2, 14), Uint8Array.of(255, 255, 255, 255, 255))
    expect(m).toBe('410122101-20260314-ZZZZZZZZ')
    expect(isClaimNumber(m)).toBe(true)
    expect(isClaimNumber('410122101-20260314-ZZZZZZZU')).toBe(false)
  })
})

describe('masked names', () => {
  it('keeps the first and last character and counts code points', async () => {
    const { maskName } = await import('../../electron/common/receipt/masking')
    expect(maskName('张建国')).toBe('张*国')
    expect(maskName('李秀')).toBe('李*')
    expect(maskName('阿依古丽')).toBe('阿**丽')
    expect(maskName('陈𠈌芳')).toBe('陈*芳')
    expect(maskName('李')).toBe('李*')
  })
})
