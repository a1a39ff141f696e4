/**
 * Reads one block range of the contract's logs from the node, together with
 * the hashes that let the follower notice a reorganisation: the hash of the
 * block before the range (must equal what was indexed last) and of its last
 * block (what the next range must build on). All in one JSON-RPC batch, sent
 * by the follower and read here, in the index worker.
 */
import type { Hex } from '../../common/ledger/hex'
import { toQuantity } from '../../common/ledger/hex'
import { type RawBatch, type RpcClient, type RpcRequest, decodeBatch } from '../ledger/rpc-client'
import { buf } from './blobs'
import type { IndexRow, TimedRow } from './index-rows'
import type { FetchedRange } from './index-writer'
import { ByteLogRows } from './log-bytes-decode'
import { type LogRows, ParsedLogRows, type RawLogWithTime } from './log-rows'
import { scanRangeAnswer } from './log-scan'

export interface RpcBlockHeader {
  number: string
  hash: string
  parentHash: string
  timestamp: string
}

/** The chain no longer holds what the index was built on: roll back and re-read. */
export class ReorgDetected extends Error {
  readonly code = 'AUDIT_REORG'
  constructor(
    readonly block: number,
    readonly detail: string,
  ) {
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
 * Turns the raw answer to rangeCalls into a range of index rows, checking it
 * builds on `parentHash` (the hash of block from-1 as indexed; null at the
 * start). The logs are read straight from the answer's bytes (log-scan);
 * an answer of unusual shape is parsed the ordinary way. `rpc` reads block
 * times for nodes that do not report them.
 */
export async function readRange(rpc: RpcClient, req: RangeRequest, parentHash: Hex | null, raw: RawBatch, calls: RpcRequest[]): Promise<FetchedRange> {
  const scanned = scanRangeAnswer(raw, calls.length)
  const answers = scanned ? [null, ...scanned.others] : decodeBatch(raw, calls)
  for (const r of answers) if (r instanceof Error) throw r
  const [, toBlock, parent] = answers
  if (!toBlock) throw new ReorgDetected(req.to, `block ${req.to} is gone`)
  if (parentHash && (!parent || (parent as RpcBlockHeader).hash.toLowerCase() !== parentHash))
    throw new ReorgDetected(req.from - 1, `block ${req.from - 1} changed hash`)
  const to = toBlock as RpcBlockHeader
  const toHash = to.hash.toLowerCase() as Hex
  const logs = scanned ? new ByteLogRows(scanned.logs) : new ParsedLogRows(answers[0] as RawLogWithTime[])
  const rows = rowsOf(logs, req, buf(toHash))
  const untimed = new Set<number>()
  for (const row of rows) if (row.blockTime === null) untimed.add(row.block)
  if (untimed.size) await fillBlockTimes(rpc, rows, untimed)
  return { from: req.from, to: req.to, toHash, toTime: Number.parseInt(to.timestamp, 16), events: rows as TimedRow[] }
}

/** The range's rows, checked to come from one chain: no removed log, one hash per block, the last block's as read. */
function rowsOf(logs: LogRows, req: RangeRequest, toHash: Buffer): IndexRow[] {
  const rows: IndexRow[] = []
  let previous: IndexRow | null = null
  for (let i = 0; i < logs.count; i++) {
    if (logs.removed(i)) throw new RangeInconsistent(`a log of blocks ${req.from}–${req.to} was removed while reading`)
    const row = logs.row(i)
    if (!row) continue
    const expected = row.block === req.to ? toHash : previous?.block === row.block ? previous.blockHash : null
    if (expected && row.blockHash !== expected && !row.blockHash.equals(expected)) throw new RangeInconsistent(`block ${row.block} changed while reading`)
    rows.push(row)
    previous = row
  }
  return rows
}

/** For nodes whose eth_getLogs has no blockTimestamp (Besu, older geth): read the headers of the blocks that hold events. */
async function fillBlockTimes(rpc: RpcClient, rows: IndexRow[], blocks: Set<number>): Promise<void> {
  const numbers = [...blocks]
  const headers = await rpc.batch<RpcBlockHeader | null>(numbers.map((n) => ({ method: 'eth_getBlockByNumber', params: [toQuantity(n), false] })))
  const byNumber = new Map<number, { hash: Buffer; time: number }>()
  headers.forEach((h, i) => {
    if (h instanceof Error) throw h
    if (!h) throw new RangeInconsistent(`block ${numbers[i]} is gone`)
    byNumber.set(numbers[i]!, { hash: buf(h.hash), time: Number.parseInt(h.timestamp, 16) })
  })
  for (const row of rows) {
    if (row.blockTime !== null) continue
    const h = byNumber.get(row.block)!
    if (!h.hash.equals(row.blockHash)) throw new RangeInconsistent(`block ${row.block} changed while reading`)
    row.blockTime = h.time
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
