import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { RowBatch } from '../../electron/node/audit/row-batch'
import { makeTempDir } from '../support/temp-dir'

describe('rows written many to a statement', () => {
  const temps: { remove(): void }[] = []
  afterEach(() => temps.splice(0).forEach((t) => t.remove()))

  function table() {
    const dir = makeTempDir('huimin-rows-')
    temps.push(dir)
    const db = new Database(path.join(dir.path, 'rows.sqlite'))
    db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)')
    return { db, rows: new RowBatch(db, 'INTO t (k, v)', '(?, ?)'), count: () => db.prepare('SELECT COUNT(*) FROM t').pluck().get() }
  }

  it('writes full statements as rows arrive and the rest on flush', () => {
    const { db, rows, count } = table()
    for (let k = 0; k < 100; k++) rows.add(k, `v${k}`)
    expect(count()).toBe(64)
    rows.flush()
    expect(count()).toBe(100)
    db.close()
  })

  it('fails the write when SQLite leaves a row out, in a full statement or on flush, and the transaction undoes it', () => {
    const { db, rows, count } = table()
    const write = (keys: number[]) =>
      db.transaction(() => {
        for (const k of keys) rows.add(k, k === 999 ? null : 'v')
        rows.flush()
      })
    write([1, 2, 3])()
    const duplicateInFullStatement = Array.from({ length: 64 }, (_, i) => (i === 30 ? 2 : 10 + i))
    expect(write(duplicateInFullStatement)).toThrow(/refused 1 of 64 rows/)
    rows.clear()
    expect(write([20, 999])).toThrow(/refused 1 of 1 rows/)
    rows.clear()
    expect(count()).toBe(3)
    db.close()
  })
})
