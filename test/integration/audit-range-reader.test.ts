/**
 * The audit index's range reader thread, started from its TypeScript entry
 * as the index worker starts it: it reads a real anvil's answers and hands
 * their bytes over whole, and when the thread dies the reads waiting on it
 * fail (never hang) and the next read starts a new thread.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { toQuantity } from '../../electron/common/ledger/hex'
import { RangeReaderClient } from '../../electron/node/audit/range-reader-client'
import { type AnvilNode, startAnvil } from '../../electron/node/ledger/anvil-node'
import { DEFAULT_MAX_BATCH, RpcClient, RpcError, decodeBatch } from '../../electron/node/ledger/rpc-client'

let anvil: AnvilNode | undefined
let reader: RangeReaderClient | undefined
let silent: http.Server | undefined
afterEach(async () => {
  await reader?.close()
  await anvil?.dispose()
  silent?.closeAllConnections()
  await new Promise((resolve) => (silent ? silent.close(resolve) : resolve(null)))
  reader = anvil = silent = undefined
})

describe('audit range reader thread', () => {
  it('reads ranges from a real anvil, one after another, and hands over the answers as they came', async () => {
    anvil = await startAnvil({ blockTimeSec: 0, chainId: 31337 })
    const direct = new RpcClient({ endpoints: [anvil.url] })
    await direct.request('anvil_mine', [toQuantity(40), '0x1'])
    reader = new RangeReaderClient({ dbPath: '', endpoints: [anvil.url], timeoutMs: 5000, maxBatch: DEFAULT_MAX_BATCH })
    await reader.ready()
    const callsFor = (from: number) => Array.from({ length: 10 }, (_, n) => ({ method: 'eth_getBlockByNumber', params: [toQuantity(from + n), false] }))
    const ranges = [1, 11, 21, 31].map(callsFor)
    const raws = await Promise.all(ranges.map((calls) => reader!.read(calls)))
    for (const [i, raw] of raws.entries()) {
      expect(raw.body).toBeInstanceOf(ArrayBuffer)
      expect(decodeBatch(raw, ranges[i]!)).toEqual(await direct.batch(ranges[i]!))
    }
  })

  it('fails the reads waiting on a thread that died, and starts a new thread for the next read', async () => {
    silent = http.createServer(() => {}) // takes requests, never answers
    await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`
    reader = new RangeReaderClient({ dbPath: '', endpoints: [url], timeoutMs: 400, maxBatch: DEFAULT_MAX_BATCH })
    await reader.ready()
    const waiting = reader.read([{ method: 'eth_chainId', params: [] }])
    await new Promise((resolve) => setTimeout(resolve, 50))
    await (reader as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate()
    await expect(waiting).rejects.toThrow(/range reader stopped/)
    // A new thread takes the next read: it reaches the (silent) node and times out as the RPC client does.
    const next = await reader.read([{ method: 'eth_chainId', params: [] }]).then(
      () => null,
      (e: unknown) => e,
    )
    expect(next).toBeInstanceOf(RpcError)
    expect((next as RpcError).code).toBe('RPC_TIMEOUT')
  })
})
