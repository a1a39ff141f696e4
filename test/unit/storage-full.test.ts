import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { calls } from '../../electron/common/contract'
import { translateError } from '../../electron/common/i18n'
import { type Handlers, createDispatcher, noStaff } from '../../electron/node/ipc/dispatcher'
import { createLogger } from '../../electron/node/log/logger'
import { STORAGE_FULL, isStorageFull } from '../../electron/node/storage/storage-errors'
import { makeTempDir } from '../support/temp-dir'

const temps: { remove(): void }[] = []
afterEach(() => temps.splice(0).forEach((t) => t.remove()))

/** A real SQLITE_FULL ("database or disk is full"): SQLite refuses to grow the file past max_page_count, as on a full disk. */
function sqliteFullError(): unknown {
  const t = makeTempDir('huimin-full-')
  temps.push(t)
  const db = new Database(path.join(t.path, 'full.sqlite'))
  try {
    db.exec('CREATE TABLE claims (body BLOB)')
    db.pragma('max_page_count = 3')
    db.prepare('INSERT INTO claims VALUES (?)').run(Buffer.alloc(64 * 1024))
  } catch (e) {
    return e
  } finally {
    db.close()
  }
  throw new Error('SQLite accepted the write')
}

/** A real ENOSPC: every write to /dev/full fails with it. */
function enospcError(): unknown {
  try {
    fs.writeFileSync('/dev/full', 'receipt.pdf')
  } catch (e) {
    return e
  }
  throw new Error('/dev/full accepted the write')
}

describe('a full disk, as the kiosk sees it', () => {
  it('recognises SQLite\'s and the OS\'s "no space" errors, and nothing else', () => {
    const full = sqliteFullError()
    expect(full).toMatchObject({ code: 'SQLITE_FULL', message: 'database or disk is full' })
    expect(isStorageFull(full)).toBe(true)
    expect(isStorageFull(enospcError())).toBe(true)
    for (const other of [new Error('boom'), Object.assign(new Error('locked'), { code: 'SQLITE_BUSY' }), null, 'ENOSPC', { code: 28 }])
      expect(isStorageFull(other)).toBe(false)
  })

  it('answers a claim that hit a full disk with STORAGE_FULL, which the kiosk shows as 存储空间不足，请联系工作人员', async () => {
    const handlers = Object.fromEntries(Object.keys(calls).map((n) => [n, () => n])) as unknown as Handlers
    const full = sqliteFullError()
    ;(handlers as Record<string, unknown>)['kiosk.claim'] = () => {
      throw full
    }
    ;(handlers as Record<string, unknown>)['kiosk.complain'] = () => {
      throw enospcError()
    }
    const dispatch = createDispatcher(handlers, createLogger({ stderrLevel: 'error', level: 'error' }).child('ipc'), noStaff)
    const claim = await dispatch('kiosk', 'kiosk.claim', { entitlementIds: ['0x' + '1'.repeat(64)] })
    expect(claim).toMatchObject({ ok: false, error: { code: STORAGE_FULL, message: expect.stringContaining('database or disk is full') } })
    expect(await dispatch('kiosk', 'kiosk.complain', { category: 'OTHER' })).toMatchObject({ ok: false, error: { code: STORAGE_FULL } })
    expect(translateError(STORAGE_FULL, 'zh')).toBe('存储空间不足，请联系工作人员')
    expect(translateError(STORAGE_FULL, 'en')).toMatch(/storage is full/i)
  })
})
