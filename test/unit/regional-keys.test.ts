/**
 * The regional key ring on a real SQLite file with the scrypt box: imported
 * from HUIMIN_REGIONAL_KEY once and sealed, then the environment value is
 * ignored (same key) or refused (another key) unless a rotation is asked
 * for; every epoch's commitment is found, new ones use the newest epoch.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { beneficiaryCommitment } from '../../electron/common/ledger/commitments'
import { bytesToHex, hexToBytes } from '../../electron/common/ledger/hex'
import { type Db, openDatabase } from '../../electron/node/db/database'
import { FieldCipher } from '../../electron/node/counter/field-cipher'
import { PeopleStore } from '../../electron/node/counter/people'
import { type OpenRegionalKeysOptions, RegionalKeys, openRegionalKeys } from '../../electron/node/ledger/keys/regional-keys'
import { ScryptSecretBox, type SecretBox } from '../../electron/node/ledger/keys/secret-box'
import { createLogger } from '../../electron/node/log/logger'
import { makeTempDir } from '../support/temp-dir'

const KEY_1 = `0x${'11'.repeat(32)}`
const KEY_2 = `0x${'22'.repeat(32)}`
const DEMO = `0x${'de'.repeat(24)}`
const ID = '410122195808150021'

let temp: ReturnType<typeof makeTempDir>
let db: Db
let box: SecretBox
let logFile: string

beforeEach(() => {
  temp = makeTempDir('huimin-regional-')
  db = openDatabase(path.join(temp.path, 'huimin.sqlite'))
  box = new ScryptSecretBox('regional key test secret')
  logFile = path.join(temp.path, 'huimin.log')
})
afterEach(() => {
  db.close()
  temp.remove()
})

const open = (o: Partial<OpenRegionalKeysOptions>) =>
  openRegionalKeys({ db, box, offered: null, rotate: false, demoKey: null, log: createLogger({ file: logFile, stderrLevel: 'error' }), ...o })

/** A scrypt box under another name, as another custody would be. */
function boxOfKind(kind: string, secret: string): SecretBox {
  const scrypt = new ScryptSecretBox(secret)
  return { kind, seal: (plain) => scrypt.seal(plain), open: (sealed) => scrypt.open(sealed) }
}

const logLines = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trimEnd().split('\n') : [])

describe('regional key ring', { timeout: 20_000 }, () => {
  it('seals the offered key as epoch 1, keeps it only sealed, and never logs it', () => {
    const keys = open({ offered: KEY_1 })
    expect(keys.epoch).toBe(1)
    expect(keys.commitmentOf(ID)).toBe(beneficiaryCommitment(hexToBytes(KEY_1), ID))
    const row = db.prepare(`SELECT box, sealed FROM regional_keys`).get() as { box: string; sealed: Uint8Array }
    expect(row.box).toBe(box.kind)
    expect(bytesToHex(row.sealed)).not.toContain('11'.repeat(16))
    expect(logLines()).toEqual([expect.stringMatching(/HUIMIN_REGIONAL_KEY sealed as epoch 1; remove it from the environment/)])
    expect(fs.readFileSync(logFile, 'utf8')).not.toContain('11'.repeat(16))
  })

  it('opens the sealed key with nothing in the environment', () => {
    open({ offered: KEY_1 })
    const keys = open({})
    expect(keys.commitmentOf(ID)).toBe(beneficiaryCommitment(hexToBytes(KEY_1), ID))
  })

  it('ignores the same key offered again, with a warning to remove it', () => {
    open({ offered: KEY_1 })
    const keys = open({ offered: KEY_1 })
    expect(keys.epoch).toBe(1)
    expect(logLines().at(-1)).toMatch(/"level":"warn".*already sealed in the data dir: ignored; remove it from the environment/)
  })

  it('refuses another key without HUIMIN_REGIONAL_KEY_ROTATE, naming both settings', () => {
    open({ offered: KEY_1 })
    expect(() => open({ offered: KEY_2 })).toThrow(
      /HUIMIN_REGIONAL_KEY differs from the regional key sealed as epoch 1: remove it, or set HUIMIN_REGIONAL_KEY_ROTATE=1 to seal it as epoch 2/,
    )
    expect(db.prepare(`SELECT COUNT(*) FROM regional_keys`).pluck().get()).toBe(1)
  })

  it('rotates to epoch 2: new commitments under the new key, lookups under both, newest first', () => {
    open({ offered: KEY_1 })
    open({ offered: KEY_2, rotate: true })
    const keys = open({})
    expect(keys.epoch).toBe(2)
    expect(keys.commitmentOf(ID)).toBe(beneficiaryCommitment(hexToBytes(KEY_2), ID))
    expect(keys.commitmentsOf(ID)).toEqual([beneficiaryCommitment(hexToBytes(KEY_2), ID), beneficiaryCommitment(hexToBytes(KEY_1), ID)])
  })

  it('seals the demo key only into a data dir that has none, and refuses an empty one outside demo mode', () => {
    expect(() => open({})).toThrow(/no regional key is sealed in this data dir: set HUIMIN_REGIONAL_KEY once/)
    expect(open({ demoKey: DEMO }).commitmentOf(ID)).toBe(beneficiaryCommitment(hexToBytes(DEMO), ID))
    open({ offered: KEY_2, rotate: true })
    expect(open({ demoKey: DEMO }).epoch).toBe(2)
  })

  it('opens an epoch sealed by an earlier box, and seals it again with this one', () => {
    const earlier = boxOfKind('earlier-box', 'the secret of an earlier box')
    box = earlier
    open({ offered: KEY_1 })
    box = { ...boxOfKind('keychain-box', 'regional key test secret'), earlier: [earlier] }
    expect(open({}).commitmentOf(ID)).toBe(beneficiaryCommitment(hexToBytes(KEY_1), ID))
    expect(db.prepare(`SELECT box FROM regional_keys`).pluck().get()).toBe('keychain-box')
  })
})

describe('enrolled people after a rotation', { timeout: 20_000 }, () => {
  it('are committed under the newest epoch once, their sealed details unchanged', () => {
    const people = new PeopleStore(db, FieldCipher.open(db, box))
    const before = RegionalKeys.single(hexToBytes(KEY_1))
    people.commitUnder(before)
    people.upsert({ commitment: before.commitmentOf(ID), name: '李秀英', idNumber: ID, villageCode: null })
    const after = new RegionalKeys([
      { epoch: 1, key: hexToBytes(KEY_1) },
      { epoch: 2, key: hexToBytes(KEY_2) },
    ])
    people.commitUnder(after)
    expect(people.byCommitment(before.commitmentOf(ID))).toBeNull()
    expect(people.byCommitment(after.commitmentOf(ID))).toMatchObject({ name: '李秀英', idNumber: ID })
    expect(db.prepare(`SELECT value FROM settings WHERE key = 'counter.peopleKeyEpoch'`).pluck().get()).toBe('2')
  })
})
