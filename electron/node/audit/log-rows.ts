/**
 * The logs of one range as the range reader walks them: whether each was
 * removed, and its index row (null for a log that is not a relief event).
 * Two sources: the node's bytes (ByteLogRows, log-bytes-decode) and, for an
 * answer that had to be parsed the ordinary way, parsed log objects
 * (ParsedLogRows). Both decode anything unusual with the ledger's decoder.
 */
import { type RawLog, decodeReliefLog } from '../ledger/contract/events'
import { type IndexRow, rowOf } from './index-rows'

export interface LogRows {
  readonly count: number
  removed(i: number): boolean
  /** Throws LogDecodeError for a relief event whose topics or data are malformed. */
  row(i: number): IndexRow | null
}

/** A log with the optional `blockTimestamp` field newer nodes (anvil, geth ≥ 1.15) add to eth_getLogs results. */
export type RawLogWithTime = RawLog & { blockTimestamp?: string }

/** One log through the ledger's general decoder (~50 µs: for the rare ones). */
export function generalRow(raw: RawLogWithTime): IndexRow | null {
  const event = decodeReliefLog(raw)
  return event && rowOf(event, raw.blockTimestamp ? Number.parseInt(raw.blockTimestamp, 16) : null)
}

export class ParsedLogRows implements LogRows {
  constructor(private readonly logs: RawLogWithTime[]) {}

  get count(): number {
    return this.logs.length
  }

  removed(i: number): boolean {
    return this.logs[i]!.removed === true
  }

  row(i: number): IndexRow | null {
    return generalRow(this.logs[i]!)
  }
}
