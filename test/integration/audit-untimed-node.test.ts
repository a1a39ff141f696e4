import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Db, openDatabase } from '../../electron/node/db/database'
import { AuditService } from '../../electron/node/audit/audit-service'
import { generateActivity, seededRandom } from '../../electron/node/audit/demo-activity'
import type { RpcBlockHeader } from '../../electron/node/audit/log-source'
import type { RawLog } from '../../electron/node/ledger/contract/events'
import { RpcClient } from '../../electron/node/ledger/rpc-client'
import { toQuantity } from '../../electron/common/ledger/hex'
import { createLogger } from '../../electron/node/log/logger'
import { type LogTimeStrippingProxy, startLogTimeStrippingProxy } from '../support/log-time-stripping-proxy'
import { makeTempDir } from '../support/temp-dir'
import { type ReliefChain, chainTime, startReliefChain, sumFromNode } from './audit-chain'

const log = createLogger({ level: 'error' })
type LogWithTime = RawLog & { blockTimestamp?: string }

/**
 * Besu, the production consortium chain, answers eth_getLogs without the
 * `blockTimestamp` anvil adds. A proxy in front of anvil strips it, so the
 * index worker must read the headers of the blocks that hold events for
 * their times.
 */
describe('audit index against a node whose logs carry no block time', () => {
  let chain: ReliefChain
  let proxy: LogTimeStrippingProxy
  let viaProxy: RpcClient
  let dir: ReturnType<typeof makeTempDir>
  let db: Db
  let services: AuditService[]

  beforeEach(async () => {
    dir = makeTempDir('huimin-audit-untimed-')
    db = openDatabase(path.join(dir.path, 'huimin.sqlite'))
    chain = await startReliefChain()
    proxy = await startLogTimeStrippingProxy(chain.anvil.url)
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
    await generateActivity(chain.rpc, chain.contract, { operator: chain.operator, terminals: chain.terminals, entitlements: 20, now: await chainTime(chain.rpc), random: seededRandom(3) })
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
    await generateActivity(chain.rpc, chain.contract, { operator: chain.operator, terminals: chain.terminals, entitlements: 400, now: await chainTime(chain.rpc), random: seededRandom(31) })
    const s = new AuditService({ db, rpc: viaProxy, contract: chain.contract, startBlock: chain.deployBlock, log, emit: () => {}, follower: { targetEvents: 150 } })
    services.push(s)
    await s.syncNow()
    expect(s.status.indexedBlock).toBe(s.status.headBlock)

    const sums = await sumFromNode(chain.rpc, chain.contract)
    // Every log the worker read came through the proxy, without its time.
    expect(proxy.stripped).toBeGreaterThanOrEqual(sums.events)
    expect(proxy.calls.get('eth_getLogs')).toBeGreaterThan(5)

    const rows = db.prepare('SELECT block, log_index FROM audit_logs').all() as { block: number; log_index: number }[]
    expect(rows.length).toBe(sums.events)
    expect(new Set(rows.map((r) => `${r.block}:${r.log_index}`))).toEqual(sums.positions)
    const totals = s.queries.totals()
    const indexed = new Map(totals.programs.map((p) => [p.programId, p]))
    expect(indexed.size).toBe(sums.byProgram.size)
    for (const [id, chainSum] of sums.byProgram) {
      const p = indexed.get(id)!
      expect({ funded: p.funded, approved: p.approved, approvedCount: p.approvedCount, paid: p.paid, paidCount: p.paidCount, settled: p.settled, revoked: p.revoked }).toEqual(chainSum)
    }
    const villageSum = totals.villages.length ? db.prepare('SELECT SUM(paid) FROM audit_totals WHERE year = ?').pluck().get(totals.year) : 0
    expect(villageSum ?? 0).toBe(totals.sum.paid)

    // The stored time of every block that holds events is the one in the node's own header.
    const stored = db
      .prepare('SELECT number, hash, time FROM audit_blocks WHERE number IN (SELECT DISTINCT block FROM audit_logs) ORDER BY number')
      .all() as { number: number; hash: Buffer; time: number }[]
    const eventBlocks = [...new Set(rows.map((r) => r.block))].sort((a, b) => a - b)
    expect(stored.map((b) => b.number)).toEqual(eventBlocks)
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
