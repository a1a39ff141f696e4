/**
 * The audit index's range reader thread, started from its TypeScript entry
 * as the follower starts it: it reads a real anvil's answers in the order
 * asked and sends their bytes whole (transferred) on the port it was given,
 * where the index worker would take them.
 */
import { MessageChannel, type Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { toQuantity } from '../../electron/common/ledger/hex'
import type { RangeReadReply } from '../../electron/node/audit/index-worker-protocol'
import { type AnvilNode, startAnvil } from '../../electron/node/ledger/anvil-node'
import { DEFAULT_MAX_BATCH, RpcClient, decodeBatch } from '../../electron/node/ledger/rpc-client'
import { spawnWorker } from '../../electron/node/workers/spawn-worker'

let anvil: AnvilNode | undefined
let reader: Worker | undefined
afterEach(async () => {
  await reader?.terminate()
  await anvil?.dispose()
  reader = anvil = undefined
})

describe('audit range reader thread', () => {
  it('reads ranges from a real anvil in the order asked and sends each answer whole on its port', async () => {
    anvil = await startAnvil({ blockTimeSec: 0, chainId: 31337 })
    const direct = new RpcClient({ endpoints: [anvil.url] })
    await direct.request('anvil_mine', [toQuantity(40), '0x1'])
    const joined = new MessageChannel()
    reader = spawnWorker('audit-range-reader', { dbPath: '', endpoints: [anvil.url], timeoutMs: 5000, maxBatch: DEFAULT_MAX_BATCH, answers: joined.port1 }, [
      joined.port1,
    ])
    await new Promise((resolve) => reader!.once('message', resolve)) // { up: true }
    const callsFor = (from: number) => Array.from({ length: 10 }, (_, n) => ({ method: 'eth_getBlockByNumber', params: [toQuantity(from + n), false] }))
    const ranges = [1, 11, 21, 31].map(callsFor)
    const replies: RangeReadReply[] = []
    const all = new Promise<void>((resolve) =>
      joined.port2.on('message', (m: RangeReadReply) => {
        replies.push(m)
        if (replies.length === ranges.length) resolve()
      }),
    )
    ranges.forEach((calls, i) => reader!.postMessage({ id: 100 + i, calls }))
    await all
    joined.port2.close()
    expect(replies.map((r) => r.id)).toEqual([100, 101, 102, 103])
    for (const [i, reply] of replies.entries()) {
      if (!reply.ok) throw new Error(reply.error.message)
      expect(reply.raw.body).toBeInstanceOf(ArrayBuffer)
      expect(decodeBatch(reply.raw, ranges[i]!)).toEqual(await direct.batch(ranges[i]!))
    }
  })
})
