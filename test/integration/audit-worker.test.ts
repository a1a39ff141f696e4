import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { IndexWorkerClient } from '../../electron/node/audit/index-worker-client'
import { IndexCursor } from '../../electron/node/audit/index-cursor'
import { rangeCalls } from '../../electron/node/audit/log-source'
import { RpcError } from '../../electron/node/ledger/rpc-client'
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

  it('stops the index worker with its range reader: a range waiting on a dead reader fails, and the next one starts a new pair', async () => {
    const silent = http.createServer(() => {}) // takes requests, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const file = path.join(dir.path, 'pair', 'huimin.sqlite')
    const db = openDatabase(file)
    new IndexCursor(db).init(`0x${'11'.repeat(20)}`, 1)
    const client = new IndexWorkerClient({
      dbPath: file,
      endpoints: [`http://127.0.0.1:${(silent.address() as AddressInfo).port}`],
      timeoutMs: 400,
      maxBatch: 50,
    })
    try {
      await client.ready()
      const range = { from: 1, to: 5 }
      const waiting = client.apply(range, rangeCalls(`0x${'11'.repeat(20)}`, range))
      await new Promise((resolve) => setTimeout(resolve, 50))
      await (client as unknown as { reader: { terminate(): Promise<number> } }).reader.terminate()
      await expect(waiting).rejects.toThrow(/range reader exited/)
      // A new pair takes the next range: its reader reaches the (silent) node and times out as the RPC client does.
      const next = await client.apply(range, rangeCalls(`0x${'11'.repeat(20)}`, range)).then(
        () => null,
        (e: unknown) => e,
      )
      expect(next).toBeInstanceOf(RpcError)
      expect((next as RpcError).code).toBe('RPC_TIMEOUT')
    } finally {
      await client.close()
      db.close()
      silent.closeAllConnections()
      await new Promise((resolve) => silent.close(resolve))
    }
  })
})
