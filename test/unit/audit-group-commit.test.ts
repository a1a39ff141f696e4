import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { GroupCommit } from '../../electron/node/audit/group-commit'
import { makeTempDir } from '../support/temp-dir'

describe('ranges sharing a commit', () => {
  const temps: { remove(): void }[] = []
  afterEach(() => temps.splice(0).forEach((t) => t.remove()))

  /** The writer's connection and a second one, as the screens read the index. */
  function open() {
    const dir = makeTempDir('huimin-group-')
    temps.push(dir)
    const file = path.join(dir.path, 'index.sqlite')
    const writer = new Database(file)
    writer.pragma('journal_mode = WAL')
    writer.exec('CREATE TABLE rows (n INTEGER PRIMARY KEY)')
    const reader = new Database(file, { readonly: true })
    const insert = writer.prepare('INSERT INTO rows (n) VALUES (?)')
    const range = (from: number, count: number) => () => {
      for (let n = from; n < from + count; n++) insert.run(n)
      return { events: count }
    }
    const seen = () => reader.prepare('SELECT COUNT(*) FROM rows').pluck().get()
    return { writer, reader, range, seen }
  }

  it('holds ranges while more are waiting, and commits when none is', () => {
    const { writer, reader, range, seen } = open()
    const batch = new GroupCommit(writer, { events: 1000, ms: 60_000 })
    batch.write(range(0, 10))
    batch.settle(true)
    batch.write(range(10, 10))
    batch.settle(true)
    expect(seen()).toBe(0)
    batch.write(range(20, 10))
    batch.settle(false)
    expect(seen()).toBe(30)
    expect(writer.inTransaction).toBe(false)
    reader.close()
    writer.close()
  })

  it('commits once a batch holds enough events even with more waiting', () => {
    const { writer, reader, range, seen } = open()
    const batch = new GroupCommit(writer, { events: 25, ms: 60_000 })
    batch.write(range(0, 20))
    batch.settle(true)
    expect(seen()).toBe(0)
    batch.write(range(20, 10))
    batch.settle(true)
    expect(seen()).toBe(30)
    reader.close()
    writer.close()
  })

  it('rolls the whole uncommitted batch back when a range fails, and starts afresh after', () => {
    const { writer, reader, range, seen } = open()
    const batch = new GroupCommit(writer)
    batch.write(range(0, 10))
    batch.settle(false)
    batch.write(range(10, 10))
    batch.settle(true)
    expect(() => batch.write(range(15, 10))).toThrow(/UNIQUE/)
    expect(writer.inTransaction).toBe(false)
    batch.commit()
    expect(seen()).toBe(10)
    batch.write(range(10, 5))
    batch.settle(false)
    expect(reader.prepare('SELECT MAX(n) FROM rows').pluck().get()).toBe(14)
    reader.close()
    writer.close()
  })

  it('takes the write lock as a batch opens: the app committing between a range’s first read and first write waits, instead of failing the range', () => {
    const { writer, reader, seen } = open()
    // The app's own connection to the same file, told not to wait so the test sees who holds the lock.
    const app = new Database(writer.name)
    app.pragma('busy_timeout = 0')
    const appInsert = app.prepare('INSERT INTO rows (n) VALUES (?)')
    const batch = new GroupCommit(writer)
    let appError: unknown = null
    batch.write(() => {
      writer.prepare('SELECT MAX(n) FROM rows').pluck().get() // a range reads first (the cursor, ids)…
      try {
        appInsert.run(1000) // …while the counter records a claim…
      } catch (e) {
        appError = e
      }
      writer.prepare('INSERT INTO rows (n) VALUES (?)').run(1) // …and then writes.
      return { events: 1 }
    })
    batch.settle(false)
    expect((appError as { code?: string } | null)?.code).toBe('SQLITE_BUSY')
    expect(seen()).toBe(1)
    appInsert.run(1000) // once the batch is committed the app writes as usual
    expect(seen()).toBe(2)
    app.close()
    reader.close()
    writer.close()
  })
})
