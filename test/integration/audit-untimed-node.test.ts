import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Db, openDatabase } from '../../electron/node/db/database'
import { AuditService } from '../../electron/node/audit/audit-service'
import { generateActivity, seededRandom } from '../../electron/node/audit/demo-activity'
import type { RpcBlockHeader } from '../../electron/node/audit/log-source'
import type { RawLog } from '../../electron/node/ledger/contract/events'
import { RpcClient } from '../../electron/node/ledger/rpc-client'
import { reliefCalldata } from '../../electron/node/ledger/contract/calls'
import { toQuantity } from '../../electron/common/ledger/hex'
import { createLogger } from '../../electron/node/log/logger'
import { type BesuLikeProxy, startBesuLikeProxy } from '../support/besu-like-proxy'
import { makeTempDir } from '../support/temp-dir'
import { type ReliefChain, chainTime, startReliefChain, sumFromNode } from './audit-chain'
import { expectIndexMatchesChain } from './audit-index-checks'

const log = createLogger({ level: 'error' })
const TAIL_BLOCKS = 160

/** Mines `count` blocks that each hold one Funded event (automine off, one transaction per evm_mine). */
async function appendOneEventBlocks(chain: ReliefChain, programId: number, count: number): Promise<void> {
  const chainId = Number.parseInt(await chain.rpc.request<string>('eth_chainId'), 16)
  let nonce = Number.parseInt(await chain.rpc.request<string>('eth_getTransactionCount', [chain.operator.address, 'pending']), 16)
  await chain.rpc.request('evm_setAutomine', [false])
  for (let i = 0; i < count; i++) {
    const ref = `0x${i.toString(16).padStart(64, '0')}`
    const data = reliefCalldata('fund', [BigInt(programId), 1000n, ref, '县级配套资金'])
    const tx = chain.operator.sign({
      type: 'eip1559',
      chainId,
      nonce: nonce++,
      gas: 200_000n,
      to: chain.contract,
      value: 0n,
      data,
      maxFeePerGas: 0n,
      maxPriorityFeePerGas: 0n,
    })
    await chain.rpc.request('eth_sendRawTransaction', [tx.raw])
    await chain.rpc.request('evm_mine')
  }
  await chain.rpc.request('evm_setAutomine', [true])
  const last = await chain.rpc.request<{ transactions: string[] }>('eth_getBlockByNumber', ['latest', false])
  if (last.transactions.length !== 1) throw new Error('the last appended block should hold one transaction')
}
type LogWithTime = RawLog & { blockTimestamp?: string }

/**
 * Besu, the production consortium chain, answers eth_getLogs without the
 * `blockTimestamp` anvil adds. A proxy in front of anvil strips it, so the
 * index worker must read the headers of the blocks that hold events for
 * their times.
 */
describe('audit index against a node whose logs carry no block time', () => {
  let chain: ReliefChain
  let proxy: BesuLikeProxy
  let viaProxy: RpcClient
  let dir: ReturnType<typeof makeTempDir>
  let db: Db
  let services: AuditService[]

  beforeEach(async () => {
    dir = makeTempDir('huimin-audit-untimed-')
    db = openDatabase(path.join(dir.path, 'huimin.sqlite'))
    chain = await startReliefChain()
    proxy = await startBesuLikeProxy(chain.anvil.url, { maxBatch: 50 })
    viaProxy = new RpcClient({ endpoints: [proxy.url], timeoutMs: 60_000 })
    services = []
  })

  afterEach(async () => {
    for (const s of services) await s.dispose()
    db?.close()
    await proxy?.close()
    await chain?.dispose()
    dir?.remove()
  })

  it('strips blockTimestamp from every log it passes on, which anvil itself reports', async () => {
    await generateActivity({
      callsOf: chain.callsOf,
      operator: chain.operator,
      terminals: chain.terminals,
      entitlements: 20,
      now: await chainTime(chain.rpc),
      random: seededRandom(3),
    })
    const filter = [{ address: chain.contract, fromBlock: '0x0', toBlock: 'latest' }]
    const direct = await chain.rpc.request<LogWithTime[]>('eth_getLogs', filter)
    const proxied = await viaProxy.request<LogWithTime[]>('eth_getLogs', filter)
    expect(direct.length).toBeGreaterThan(0)
    expect(direct.every((l) => typeof l.blockTimestamp === 'string')).toBe(true)
    expect(proxied.filter((l) => 'blockTimestamp' in l)).toEqual([])
    // Otherwise the same answer.
    expect(proxied).toEqual(direct.map(({ blockTimestamp: _, ...rest }) => rest))
    expect(proxy.stripped).toBe(direct.length)
  })

  it('indexes every event once, with totals equal to the node’s sums and each block’s time read from its header', async () => {
    // From here each block is 7 s after the one before: block times differ, so a time taken from the wrong block shows.
    const setUpHead = Number.parseInt(await chain.rpc.request<string>('eth_blockNumber'), 16)
    await chain.rpc.request('anvil_setBlockTimestampInterval', [7])
    const [first] = await generateActivity({
      callsOf: chain.callsOf,
      operator: chain.operator,
      terminals: chain.terminals,
      entitlements: 400,
      now: await chainTime(chain.rpc),
      random: seededRandom(31),
    })
    // Then blocks of one event each (anvil packs transactions sent together into fewer blocks): ranges grown
    // over them hold more event blocks than Besu's batch cap, so fillBlockTimes must split its header reads.
    await appendOneEventBlocks(chain, first!.programId, TAIL_BLOCKS)
    const s = new AuditService({
      db,
      rpc: viaProxy,
      contract: chain.contract,
      startBlock: chain.deployBlock,
      log,
      emit: () => {},
      follower: { targetEvents: 1000 },
    })
    services.push(s)
    await s.syncNow()
    expect(s.status.indexedBlock).toBe(s.status.headBlock)

    const sums = await sumFromNode(chain.rpc, chain.contract)
    // Every log the worker read came through the proxy, without its time.
    expect(proxy.stripped).toBeGreaterThanOrEqual(sums.events)
    expect(proxy.calls.get('eth_getLogs')).toBeGreaterThan(5)

    expectIndexMatchesChain(s, db, sums)

    // The stored time of every block that holds events is the one in the node's own header.
    const stored = db.prepare('SELECT number, hash, time FROM audit_blocks WHERE number IN (SELECT DISTINCT block FROM audit_logs) ORDER BY number').all() as {
      number: number
      hash: Buffer
      time: number
    }[]
    const eventBlocks = [...new Set([...sums.positions].map((at) => Number(at.split(':')[0])))].sort((a, b) => a - b)
    expect(stored.map((b) => b.number)).toEqual(eventBlocks)

    // Besu's batch cap (the proxy refuses batches above 50 calls): some range held more than 50 event blocks,
    // so fillBlockTimes read their headers in several batches, none refused.
    const ranges = proxy.requests.flatMap((r) =>
      r.calls.filter((c) => c.method === 'eth_getLogs').map((c) => c.params[0] as { fromBlock: string; toBlock: string }),
    )
    const eventBlocksPerRange = ranges.map(
      ({ fromBlock, toBlock }) => eventBlocks.filter((b) => b >= Number.parseInt(fromBlock, 16) && b <= Number.parseInt(toBlock, 16)).length,
    )
    expect(Math.max(...eventBlocksPerRange)).toBeGreaterThan(50)
    expect(proxy.requests.filter((r) => r.calls.every((c) => c.method === 'eth_getBlockByNumber') && r.calls.length === 50).length).toBeGreaterThan(0)
    expect(Math.max(...proxy.requests.map((r) => r.calls.length))).toBeLessThanOrEqual(50)
    expect(proxy.refusedBatches).toBe(0)
    const headers = await chain.rpc.batch<RpcBlockHeader>(eventBlocks.map((n) => ({ method: 'eth_getBlockByNumber', params: [toQuantity(n), false] })))
    const fromNode = headers.map((h) => {
      if (h instanceof Error) throw h
      return { number: Number.parseInt(h.number, 16), hash: h.hash.toLowerCase(), time: Number.parseInt(h.timestamp, 16) }
    })
    expect(stored.map((b) => ({ number: b.number, hash: `0x${b.hash.toString('hex')}`, time: b.time }))).toEqual(fromNode)
    const activityTimes = fromNode.filter((h) => h.number > setUpHead).map((h) => h.time)
    expect(activityTimes.length).toBeGreaterThan(20)
    expect(new Set(activityTimes).size).toBe(activityTimes.length)
  })
})
