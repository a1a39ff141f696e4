import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../electron/node/db/database'
import { projectRoot } from '../support/host-process'
import { type SmallFs, mountSmallFs } from '../support/small-fs'

/**
 * What the browser host says when its data dir cannot hold its files
 * (issue 21 item 8), on real filesystems: an empty read-only tmpfs, and a
 * full tmpfs holding an existing SQLite store. Mounting needs root; root
 * also ignores permission bits, which is why the read-only case is a
 * read-only mount (EROFS) rather than a chmod (EACCES for other users).
 */

const asRoot = process.getuid?.() === 0
const disks: SmallFs[] = []
afterEach(() => disks.splice(0).forEach((d) => d.dispose()))

function disk(options: { sizeKiB: number; readOnly?: boolean }): SmallFs {
  const mounted = mountSmallFs(options)
  if ('skip' in mounted) throw new Error(mounted.skip)
  disks.push(mounted)
  return mounted
}

/** Runs the host on `dataDir` until it exits (it must fail before listening); its exit code and stderr. */
function hostOn(dataDir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/main.ts'], {
      cwd: projectRoot,
      env: { ...process.env, HUIMIN_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t))
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      if (t.includes('"event":"ready"')) child.kill('SIGTERM')
    })
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, stderr }))
  })
}

describe.skipIf(!asRoot)('start-up on a data dir that cannot be written', () => {
  it('says an empty read-only data dir is read-only, not ENOENT … mkdir …/logs', async () => {
    const ro = disk({ sizeKiB: 1024, readOnly: true })
    const { code, stderr } = await hostOn(ro.path)
    expect(code).toBe(1)
    expect(stderr).toContain(`huimin: failed to start: the data dir ${ro.path} is read-only: it is on a read-only filesystem`)
    expect(stderr).not.toContain('ENOENT')
    expect(fs.readdirSync(ro.path)).toEqual([])
  })

  it('says the disk is full when existing data sits on a full disk, not only "disk I/O error"', async () => {
    const full = disk({ sizeKiB: 8 * 1024 })
    openDatabase(path.join(full.path, 'huimin.sqlite')).close() // the store of an earlier run
    full.fill()
    const { code, stderr } = await hostOn(full.path)
    expect(code).toBe(1)
    expect(stderr).toMatch(
      new RegExp(
        `huimin: failed to start: the disk holding the data dir ${full.path} is full \\(\\d+ bytes free\\): free some space and start again \\(SQLITE_IOERR\\w*: disk I/O error\\)`,
      ),
    )
  })
})
