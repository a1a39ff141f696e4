/**
 * Reads one block range of the contract's logs from the node, together with
 * the hashes that let the follower notice a reorganisation: the hash of the
 * block before the range (must equal what was indexed last) and of its last
 * block (what the next range must build on). All in one JSON-RPC batch, sent
 * by the follower and read here, in the index worker.
 */
import type { Hex } from '../../common/ledger/hex'
import { toQuantity } from '../../common/ledger/hex'
import type { RpcClient, RpcRequest } from '../ledger/rpc-client'
import type { FetchedRange } from './index-writer'
import { type RawLogWithTime, decodeIndexedLog } from './log-decode'

export interface RpcBlockHeader {
  number: string
  hash: string
  parentHash: string
  timestamp: string
}

/** The chain no longer holds what the index was built on: roll back and re-read. */
export class ReorgDetected extends Error {
  readonly code = 'AUDIT_REORG'
  constructor(readonly block: number, readonly detail: string) {
    super(`chain reorganised at or below block ${block}: ${detail}`)
    this.name = 'ReorgDetected'
  }
}

/** The node answered with pieces from two different chains (a reorg during the read): read again. */
export class RangeInconsistent extends Error {
  readonly code = 'AUDIT_RANGE_INCONSISTENT'
}

export interface RangeRequest {
  from: number
  to: number
}

/**
 * The calls that read one range: its logs, its last block, and the block
 * before it (whose hash must equal what the index holds for it).
 */
export function rangeCalls(contract: Hex, req: RangeRequest): RpcRequest[] {
  const calls = [
    { method: 'eth_getLogs', params: [{ address: contract, fromBlock: toQuantity(req.from), toBlock: toQuantity(req.to) }] },
    { method: 'eth_getBlockByNumber', params: [toQuantity(req.to), false] },
  ]
  if (req.from > 0) calls.push({ method: 'eth_getBlockByNumber', params: [toQuantity(req.from - 1), false] })
  return calls
}

/**
 * Turns the answers to rangeCalls into a range of decoded events, checking it
 * builds on `parentHash` (the hash of block from-1 as indexed; null at the
 * start). `rpc` reads block times for nodes that do not report them.
 */
export async function readRange(rpc: RpcClient, req: RangeRequest, parentHash: Hex | null, answers: unknown[]): Promise<FetchedRange> {
  const [logs, toBlock, parent] = answers
  for (const r of answers) if (r instanceof Error) throw r
  if (!toBlock) throw new ReorgDetected(req.to, `block ${req.to} is gone`)
  if (parentHash && (!parent || (parent as RpcBlockHeader).hash.toLowerCase() !== parentHash))
    throw new ReorgDetected(req.from - 1, `block ${req.from - 1} changed hash`)
  const to = toBlock as RpcBlockHeader
  const toHash = to.hash.toLowerCase() as Hex
  const events: FetchedRange['events'] = []
  const untimed = new Set<number>()
  for (const raw of logs as RawLogWithTime[]) {
    if (raw.removed) throw new RangeInconsistent(`log in block ${raw.blockNumber} was removed while reading`)
    const e = decodeIndexedLog(raw)
    if (!e) continue
    if (e.blockNumber === req.to && e.blockHash !== toHash) throw new RangeInconsistent(`block ${req.to} changed while reading`)
    if (e.blockTime === null) untimed.add(e.blockNumber)
    events.push(e as FetchedRange['events'][number])
  }
  if (untimed.size) await fillBlockTimes(rpc, events, untimed)
  return { from: req.from, to: req.to, toHash, toTime: Number.parseInt(to.timestamp, 16), events }
}

/** For nodes whose eth_getLogs has no blockTimestamp (Besu, older geth): read the headers of the blocks that hold events. */
async function fillBlockTimes(rpc: RpcClient, events: FetchedRange['events'], blocks: Set<number>): Promise<void> {
  const numbers = [...blocks]
  const headers = await rpc.batch<RpcBlockHeader | null>(numbers.map((n) => ({ method: 'eth_getBlockByNumber', params: [toQuantity(n), false] })))
  const byNumber = new Map<number, RpcBlockHeader>()
  headers.forEach((h, i) => {
    if (h instanceof Error) throw h
    if (!h) throw new RangeInconsistent(`block ${numbers[i]} is gone`)
    byNumber.set(numbers[i]!, h)
  })
  for (const e of events) {
    if (e.blockTime !== null) continue
    const h = byNumber.get(e.blockNumber)!
    if (h.hash.toLowerCase() !== e.blockHash) throw new RangeInconsistent(`block ${e.blockNumber} changed while reading`)
    e.blockTime = Number.parseInt(h.timestamp, 16)
  }
}

/** Reads block headers by number in one batch; null where the node has no such block. */
export async function readHeaders(rpc: RpcClient, numbers: number[]): Promise<(RpcBlockHeader | null)[]> {
  const results = await rpc.batch<RpcBlockHeader | null>(numbers.map((n) => ({ method: 'eth_getBlockByNumber', params: [toQuantity(n), false] })))
  return results.map((r) => {
    if (r instanceof Error) throw r
    return r
  })
}
