import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate, openDatabase, schemaVersion } from '../../electron/node/db/database'
import { migrations } from '../../electron/node/db/migrations'
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
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => (r as { name: string }).name)
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
    const after = openDatabase(f)
    expect(schemaVersion(after)).toBe(migrations.length)
    expect(after.prepare('SELECT * FROM audit_entitlements ORDER BY id').all()).toEqual(rows)
    // Rows in the order they were approved; ids stay unique; the screens' indexes are back.
    expect(after.prepare('SELECT approved_block FROM audit_entitlements ORDER BY rowid').pluck().all()).toEqual([4, 5])
    expect(() => after.prepare("INSERT INTO audit_entitlements (id, program_id, commitment, township, village, amount, valid_from, valid_until, warn_at, masked_name, status, approved_block, approved_log) VALUES (?, 1, ?, 1, 1, 1, 0, 1, 1, 'x', 1, 1, 1)").run(id(9), id(1))).toThrow(/UNIQUE/)
    const indexes = after.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_entitlements' AND sql IS NOT NULL ORDER BY name").pluck().all()
    expect(indexes).toEqual(['audit_entitlements_claim', 'audit_entitlements_commitment', 'audit_entitlements_open', 'audit_entitlements_paid'])
    after.close()
  })

  it('refuses a gap in the numbering', () => {
    const db = new Database(':memory:')
    expect(() => migrate(db, [{ version: 2, name: 'x', sql: '' }])).toThrow(/without gaps/)
  })
})
