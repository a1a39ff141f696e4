import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type AnvilNode, startAnvil } from '../../electron/node/ledger/anvil-node'
import { DEFAULT_MAX_BATCH, RpcClient, RpcError, type RpcRequest } from '../../electron/node/ledger/rpc-client'
import { toQuantity } from '../../electron/common/ledger/hex'
import { type BesuLikeProxy, startBesuLikeProxy } from '../support/besu-like-proxy'

const CAP = 50
const BLOCKS = 120

type Header = { number: string; hash: string; timestamp: string }
const headerCalls = (count: number): RpcRequest[] =>
  Array.from({ length: count }, (_, n) => ({ method: 'eth_getBlockByNumber', params: [toQuantity(n + 1), false] }))

/**
 * Besu (the production chain) refuses a whole batch holding more calls than
 * --rpc-http-max-batch-size (default 50). A real proxy in front of a real
 * anvil refuses such batches as Besu does, so RpcClient's splitting is
 * checked against a node that enforces the cap.
 */
describe('RpcClient against a node that caps batches at 50 calls', () => {
  let anvil: AnvilNode
  let proxy: BesuLikeProxy
  let direct: RpcClient

  beforeEach(async () => {
    anvil = await startAnvil({ blockTimeSec: 0, chainId: 31337 })
    direct = new RpcClient({ endpoints: [anvil.url], maxBatch: 1000 })
    // Blocks 1 s apart, so each header differs in time as well as number.
    await direct.request('anvil_mine', [toQuantity(BLOCKS), '0x1'])
    proxy = await startBesuLikeProxy(anvil.url, { maxBatch: CAP, stripTimes: false })
  })

  afterEach(async () => {
    await proxy?.close()
    await anvil?.dispose()
  })

  it('splits a batch of 120 into requests of at most 50, answered in request order', async () => {
    const client = new RpcClient({ endpoints: [proxy.url] })
    expect(client.maxBatch).toBe(DEFAULT_MAX_BATCH)
    const viaProxy = await client.batch<Header>(headerCalls(BLOCKS))
    const fromAnvil = await direct.batch<Header>(headerCalls(BLOCKS))

    expect(fromAnvil.every((h) => !(h instanceof Error))).toBe(true)
    expect(viaProxy).toEqual(fromAnvil)
    expect(viaProxy.map((h) => Number.parseInt((h as Header).number, 16))).toEqual(Array.from({ length: BLOCKS }, (_, n) => n + 1))
    expect(proxy.refusedBatches).toBe(0)
    expect(proxy.requests.map((r) => r.calls.length)).toEqual([50, 50, 20])
    // Sent in order: each part asks for the blocks after the last part's.
    expect(proxy.requests.flatMap((r) => r.calls.map((c) => c.params[0]))).toEqual(headerCalls(BLOCKS).map((c) => c.params[0]))
  })

  it('a client allowed 200 calls per batch gets the node’s refusal, with its code, for every call', async () => {
    const client = new RpcClient({ endpoints: [proxy.url], maxBatch: 200 })
    const results = await client.batch<Header>(headerCalls(BLOCKS))

    expect(proxy.refusedBatches).toBe(1)
    expect(proxy.requests.map((r) => ({ calls: r.calls.length, refused: r.refused }))).toEqual([{ calls: BLOCKS, refused: true }])
    expect(results).toHaveLength(BLOCKS)
    // Besu's single {id: null, error: -32005} refuses the whole batch: every call carries the node's
    // code and message, as a node error (not transient: another node with the same cap refuses too).
    for (const r of results) {
      expect(r).toBeInstanceOf(RpcError)
      const e = r as RpcError
      expect(e.code).toBe('RPC_NODE_ERROR')
      expect(e.message).toBe('eth_getBlockByNumber: Number of requests exceeds max batch size')
      expect(e.details.rpcCode).toBe(-32005)
      expect(e.transient).toBe(false)
    }
  })

  it('batchRaw refuses more than maxBatch requests before sending anything', async () => {
    const client = new RpcClient({ endpoints: [proxy.url] })
    await expect(client.batchRaw(headerCalls(CAP + 1))).rejects.toThrow(`batchRaw takes 1 to ${CAP} requests`)
    expect(proxy.requests).toEqual([])
    // The cap itself goes through in one request.
    const raw = await client.batchRaw(headerCalls(CAP))
    expect(JSON.parse(new TextDecoder().decode(raw.body))).toHaveLength(CAP)
    expect(proxy.requests.map((r) => r.calls.length)).toEqual([CAP])
    expect(proxy.refusedBatches).toBe(0)
  })
})
