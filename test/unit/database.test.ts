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

  it('refuses a gap in the numbering', () => {
    const db = new Database(':memory:')
    expect(() => migrate(db, [{ version: 2, name: 'x', sql: '' }])).toThrow(/without gaps/)
  })
})
