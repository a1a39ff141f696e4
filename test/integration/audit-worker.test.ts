import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { IndexWorkerClient } from '../../electron/node/audit/index-worker-client'
import { IndexCursor } from '../../electron/node/audit/index-cursor'
import { openDatabase } from '../../electron/node/db/database'
import { makeTempDir } from '../support/temp-dir'

const dir = makeTempDir('huimin-audit-worker-')
afterAll(() => dir.remove())

describe('audit index worker thread', () => {
  it('fails its requests, never hangs, when it cannot open the database; the next request starts a new worker', async () => {
    const blocker = path.join(dir.path, 'x')
    fs.writeFileSync(blocker, 'a file where the data dir should be')
    const client = new IndexWorkerClient({ dbPath: path.join(blocker, 'huimin.sqlite'), endpoints: ['http://127.0.0.1:9'], timeoutMs: 1000, maxBatch: 50 })
    await expect(client.ready()).rejects.toThrow(/EEXIST|ENOTDIR/)
    await expect(client.rollbackTo(0, null, null)).rejects.toThrow(/exited|EEXIST|ENOTDIR/)
    await client.close()

    fs.rmSync(blocker)
    const file = path.join(dir.path, 'x', 'huimin.sqlite')
    const db = openDatabase(file)
    new IndexCursor(db).init(`0x${'11'.repeat(20)}`, 5)
    const healthy = new IndexWorkerClient({ dbPath: file, endpoints: ['http://127.0.0.1:9'], timeoutMs: 1000, maxBatch: 50 })
    await healthy.ready()
    // Rolling back to block 3 moves the cursor that this connection then reads: the worker wrote to the same file.
    expect(await healthy.rollbackTo(3, null, null)).toBe(0)
    expect(new IndexCursor(db).read()?.indexedBlock).toBe(3)
    await healthy.close()
    db.close()
  })
})
