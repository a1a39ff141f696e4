import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate, openDatabase, schemaVersion } from '../../electron/node/db/database'
import { migrations } from '../../electron/node/db/migrations'
import { keyOfBytes } from '../../electron/node/audit/blob-key'
import { EVENT_KIND } from '../../electron/node/audit/event-kinds'
import { makeTempDir } from '../support/temp-dir'

const temps: { remove(): void }[] = []
afterEach(() => temps.splice(0).forEach((t) => t.remove()))
const file = () => {
  const t = makeTempDir('huimin-db-')
  temps.push(t)
  return path.join(t.path, 'app.sqlite')
}

describe('database', () => {
  it('migrates an empty file to the latest version, in WAL mode', () => {
    const f = file()
    const db = openDatabase(f)
    expect(schemaVersion(db)).toBe(migrations.length)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((r) => (r as { name: string }).name)
    expect(tables).toContain('journal')
    db.close()
  })

  it('applies nothing twice on reopen, and keeps the data', () => {
    const f = file()
    const db = openDatabase(f)
    db.prepare("INSERT INTO journal (at, actor, action) VALUES (1, 'test', 'opened')").run()
    db.close()
    const again = new Database(f)
    expect(migrate(again, migrations)).toEqual([])
    expect(again.prepare('SELECT COUNT(*) AS n FROM journal').get()).toEqual({ n: 1 })
    again.close()
  })

  it('applies only the newer migrations, in order, each in one transaction', () => {
    const db = new Database(file())
    const list = [
      { version: 1, name: 'a', sql: 'CREATE TABLE a (x)' },
      { version: 2, name: 'b', sql: 'CREATE TABLE b (x)' },
    ]
    expect(migrate(db, list.slice(0, 1))).toEqual([1])
    expect(migrate(db, list)).toEqual([2])
    const broken = [...list, { version: 3, name: 'c', sql: 'CREATE TABLE c (x); CREATE TABLE a (x)' }]
    expect(() => migrate(db, broken)).toThrow(/already exists/)
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'c'").get()).toBeUndefined()
    expect(schemaVersion(db)).toBe(2)
    db.close()
  })

  it('moves indexed entitlements into the rowid table (0007) unchanged, with their indexes', () => {
    const f = file()
    const before = openDatabase(f, migrations.slice(0, 6))
    const insert = before.prepare(
      `INSERT INTO audit_entitlements (id, program_id, commitment, township, village, amount, valid_from, valid_until, warn_at, masked_name, status,
         approved_block, approved_log, paid_block, paid_log, terminal, claim_ref)
       VALUES (?, 1, ?, 410122101, 410122101201, 50000, 0, 100, 80, '张*三', ?, ?, 0, ?, ?, ?, ?)`,
    )
    const id = (n: number) => Buffer.alloc(32, n)
    insert.run(id(9), id(1), 1, 5, null, null, null, null)
    insert.run(id(3), id(2), 2, 4, 6, 1, Buffer.alloc(20, 7), id(8))
    const rows = before.prepare('SELECT * FROM audit_entitlements ORDER BY id').all()
    before.close()
    const after = openDatabase(f, migrations.slice(0, 7))
    expect(schemaVersion(after)).toBe(7)
    expect(after.prepare('SELECT * FROM audit_entitlements ORDER BY id').all()).toEqual(rows)
    // Rows in the order they were approved; ids stay unique; the screens' indexes are back.
    expect(after.prepare('SELECT approved_block FROM audit_entitlements ORDER BY rowid').pluck().all()).toEqual([4, 5])
    expect(() =>
      after
        .prepare(
          "INSERT INTO audit_entitlements (id, program_id, commitment, township, village, amount, valid_from, valid_until, warn_at, masked_name, status, approved_block, approved_log) VALUES (?, 1, ?, 1, 1, 1, 0, 1, 1, 'x', 1, 1, 1)",
        )
        .run(id(9), id(1)),
    ).toThrow(/UNIQUE/)
    const indexes = after
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_entitlements' AND sql IS NOT NULL ORDER BY name")
      .pluck()
      .all()
    expect(indexes).toEqual(['audit_entitlements_claim', 'audit_entitlements_commitment', 'audit_entitlements_open', 'audit_entitlements_paid'])
    after.close()
  })

  it('keys the audit index by integers (0008): transactions once, refs as entitlement numbers, hashes found by six-byte keys', () => {
    const f = file()
    const before = openDatabase(f, migrations.slice(0, 7))
    const bytes = (n: number) => Buffer.alloc(32, n)
    // The highest first byte, so the key's top bit is set: it must stay positive, as keyOfBytes reads it.
    const id = (n: number) => Buffer.concat([Buffer.from([0xff - n, 0x10, 0x20, 0x30, 0x40, 0x50 + n]), Buffer.alloc(26, n)])
    const approve = before.prepare(
      `INSERT INTO audit_entitlements (id, program_id, commitment, township, village, amount, valid_from, valid_until, warn_at, masked_name, status,
         approved_block, approved_log, paid_block, paid_log)
       VALUES (?, 1, ?, 410122101, 410122101201, 50000, 0, 100, 80, '张*三', ?, ?, ?, ?, ?)`,
    )
    approve.run(id(1), bytes(7), 2, 5, 1, 9, 0)
    approve.run(id(2), bytes(8), 1, 5, 2, null, null)
    const log = before.prepare('INSERT INTO audit_logs (block, log_index, tx_hash, kind, ref) VALUES (?, ?, ?, ?, ?)')
    log.run(3, 0, bytes(0xa1), EVENT_KIND.ProgramCreated, Buffer.concat([Buffer.alloc(31), Buffer.from([42])]))
    log.run(4, 0, bytes(0xa2), EVENT_KIND.Funded, null)
    log.run(5, 1, bytes(0xa3), EVENT_KIND.EntitlementApproved, id(1))
    log.run(5, 2, bytes(0xa3), EVENT_KIND.EntitlementApproved, id(2))
    log.run(9, 0, bytes(0xa4), EVENT_KIND.Disbursed, id(1))
    before.close()

    const after = openDatabase(f)
    expect(schemaVersion(after)).toBe(migrations.length)
    const txs = after.prepare('SELECT id, hash_key, hash FROM audit_txs ORDER BY id').all() as { id: number; hash_key: number; hash: Buffer }[]
    expect(txs.map((t) => t.hash)).toEqual([bytes(0xa1), bytes(0xa2), bytes(0xa3), bytes(0xa4)])
    for (const t of txs) expect(t.hash_key).toBe(keyOfBytes(t.hash))
    const entitlements = after.prepare('SELECT seq, id, id_key, commitment, commitment_key FROM audit_entitlements ORDER BY seq').all() as {
      seq: number
      id: Buffer
      id_key: number
      commitment: Buffer
      commitment_key: number
    }[]
    expect(entitlements.map((e) => e.id)).toEqual([id(1), id(2)])
    for (const e of entitlements) {
      expect(e.id_key).toBe(keyOfBytes(e.id))
      expect(e.commitment_key).toBe(keyOfBytes(e.commitment))
    }
    const seqOf = (n: number) => entitlements[n - 1]!.seq
    expect(after.prepare('SELECT block, log_index, tx, kind, ref FROM audit_logs ORDER BY block, log_index').all()).toEqual([
      { block: 3, log_index: 0, tx: txs[0]!.id, kind: EVENT_KIND.ProgramCreated, ref: 42 },
      { block: 4, log_index: 0, tx: txs[1]!.id, kind: EVENT_KIND.Funded, ref: null },
      { block: 5, log_index: 1, tx: txs[2]!.id, kind: EVENT_KIND.EntitlementApproved, ref: seqOf(1) },
      { block: 5, log_index: 2, tx: txs[2]!.id, kind: EVENT_KIND.EntitlementApproved, ref: seqOf(2) },
      { block: 9, log_index: 0, tx: txs[3]!.id, kind: EVENT_KIND.Disbursed, ref: seqOf(1) },
    ])
    const indexes = after
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'audit_%' AND sql IS NOT NULL ORDER BY name")
      .pluck()
      .all()
    expect(indexes).toEqual([
      'audit_entitlements_claim',
      'audit_entitlements_commitment',
      'audit_entitlements_id',
      'audit_entitlements_open',
      'audit_entitlements_paid',
      'audit_logs_tx',
      'audit_terminal_hours_hour',
      'audit_txs_hash',
    ])
    after.close()
  })

  it('refuses a gap in the numbering', () => {
    const db = new Database(':memory:')
    expect(() => migrate(db, [{ version: 2, name: 'x', sql: '' }])).toThrow(/without gaps/)
  })
})
