/**
 * Finds the logs in the raw answer to one range's batch (rangeCalls: the
 * logs first, then block headers) without parsing it into objects: for each
 * log, where its fields start and end in the bytes. The small answers (block
 * headers) are parsed with JSON.parse.
 *
 * Returns null for anything but the ordinary shape — an error answer, an
 * escape in a string, a missing or repeated id, an unexpected layout — and
 * the caller then parses the answer the ordinary way, which also reports
 * errors as the RPC client does.
 */
import type { RawBatch } from '../ledger/rpc-client'
import { CLOSE_ARRAY, CLOSE_OBJECT, JsonBytes, JsonShapeError, OPEN_ARRAY, OPEN_OBJECT, ascii, escapeFree } from './json-bytes'

/** Slots per log in LogTable.at; a field the log lacks (or holds null) is -1. */
export const LOG = {
  /** The log object's own span, for decoding it the ordinary way. */
  start: 0,
  end: 1,
  /** How many topics; -1 when one is not a 32-byte hex string. */
  topicCount: 2,
  /** Where the first four topics' contents start (each 66 bytes, "0x" + 64 digits). */
  topics: 3,
  data: 7,
  dataEnd: 8,
  blockHash: 9,
  blockHashEnd: 10,
  blockNumber: 11,
  blockNumberEnd: 12,
  blockTime: 13,
  blockTimeEnd: 14,
  txHash: 15,
  txHashEnd: 16,
  logIndex: 17,
  logIndexEnd: 18,
  /** 1 when the node marks the log removed, else 0. */
  removed: 19,
} as const
export const LOG_STRIDE = 20
const TOPICS_KEPT = 4
const TOPIC_LENGTH = 66

/** The logs of one answer: their fields' spans in `bytes`, LOG_STRIDE slots per log. */
export interface LogTable {
  bytes: Buffer
  count: number
  at: Int32Array
}

export interface ScannedAnswer {
  logs: LogTable
  /** The answers to the calls after the first, parsed, in call order. */
  others: unknown[]
}

const KEY = {
  id: ascii('id'),
  result: ascii('result'),
  error: ascii('error'),
  topics: ascii('topics'),
  data: ascii('data'),
  blockHash: ascii('blockHash'),
  blockNumber: ascii('blockNumber'),
  blockTimestamp: ascii('blockTimestamp'),
  transactionHash: ascii('transactionHash'),
  logIndex: ascii('logIndex'),
  removed: ascii('removed'),
}
const TRUE = ascii('true')
const FALSE = ascii('false')

/** The answer to `calls` calls whose first is eth_getLogs; null when it must be parsed the ordinary way. */
export function scanRangeAnswer(raw: RawBatch, calls: number): ScannedAnswer | null {
  const bytes = Buffer.from(raw.body)
  if (!escapeFree(bytes)) return null
  try {
    return scanBatch(new JsonBytes(bytes), raw.firstId, calls)
  } catch (e) {
    // A header answer JSON.parse rejects is a bad answer too: the ordinary path reports it as the RPC client does.
    if (e instanceof JsonShapeError || e instanceof SyntaxError) return null
    throw e
  }
}

function scanBatch(r: JsonBytes, firstId: number, calls: number): ScannedAnswer {
  const seen = new Uint8Array(calls)
  const answer: ScannedAnswer = { logs: { bytes: r.bytes, count: 0, at: new Int32Array(0) }, others: new Array(calls - 1) }
  const element = () => {
    const { index, logs, value } = scanElement(r)
    const i = index - firstId
    if (i < 0 || i >= calls || seen[i]) throw r.shapeError(`unexpected answer id ${index}`)
    seen[i] = 1
    if ((i === 0) !== (logs !== null)) throw r.shapeError('logs where a header was expected, or the reverse')
    if (logs) answer.logs = logs
    else answer.others[i - 1] = value
  }
  if (r.peek() === OPEN_OBJECT) element()
  else if (r.open(OPEN_ARRAY, CLOSE_ARRAY)) {
    do element()
    while (r.next(CLOSE_ARRAY))
  }
  if (r.peek() !== 0) throw r.shapeError('text after the answer')
  if (seen.includes(0)) throw r.shapeError('an answer is missing')
  return answer
}

/** One JSON-RPC answer: its id and either the logs (an array result) or the parsed result. */
function scanElement(r: JsonBytes): { index: number; logs: LogTable | null; value: unknown } {
  let index = Number.NaN
  let logs: LogTable | null = null
  let value: unknown
  let answered = false
  if (r.open(OPEN_OBJECT, CLOSE_OBJECT)) {
    do {
      r.key()
      if (r.spanIs(KEY.id)) {
        r.literal()
        index = Number(r.bytes.toString('latin1', r.start, r.end))
      } else if (r.spanIs(KEY.result)) {
        answered = true
        if (r.peek() === OPEN_ARRAY) logs = scanLogs(r)
        else {
          const start = r.pos
          r.skipValue()
          value = JSON.parse(r.bytes.toString('utf8', start, r.pos))
        }
      } else if (r.spanIs(KEY.error)) throw r.shapeError('an error answer')
      else r.skipValue()
    } while (r.next(CLOSE_OBJECT))
  }
  if (!answered || !Number.isSafeInteger(index)) throw r.shapeError('an answer without id or result')
  return { index, logs, value }
}

function scanLogs(r: JsonBytes): LogTable {
  // Grown by doubling; a log of the relief contract is about 1.2 kB of JSON.
  let at = new Int32Array(LOG_STRIDE * (16 + Math.floor(r.bytes.length / 1024)))
  let count = 0
  if (r.open(OPEN_ARRAY, CLOSE_ARRAY)) {
    do {
      const o = count * LOG_STRIDE
      if (o + LOG_STRIDE > at.length) {
        const grown = new Int32Array(at.length * 2)
        grown.set(at)
        at = grown
      }
      at.fill(-1, o, o + LOG_STRIDE)
      at[o + LOG.removed] = 0
      at[o + LOG.topicCount] = 0
      r.peek()
      at[o + LOG.start] = r.pos
      if (r.open(OPEN_OBJECT, CLOSE_OBJECT)) {
        do {
          r.key()
          scanField(r, at, o)
        } while (r.next(CLOSE_OBJECT))
      }
      at[o + LOG.end] = r.pos
      count++
    } while (r.next(CLOSE_ARRAY))
  }
  return { bytes: r.bytes, count, at }
}

/** Reads one field of a log (its key just read) into the log's slots at `o`. */
function scanField(r: JsonBytes, at: Int32Array, o: number): void {
  // Keys told apart by length first: most fields then cost one comparison.
  switch (r.end - r.start) {
    case 6:
      if (r.spanIs(KEY.topics)) return scanTopics(r, at, o)
      break
    case 4:
      if (r.spanIs(KEY.data)) return span(r, at, o + LOG.data)
      break
    case 9:
      if (r.spanIs(KEY.blockHash)) return span(r, at, o + LOG.blockHash)
      break
    case 11:
      if (r.spanIs(KEY.blockNumber)) return span(r, at, o + LOG.blockNumber)
      break
    case 14:
      if (r.spanIs(KEY.blockTimestamp)) return span(r, at, o + LOG.blockTime)
      break
    case 15:
      if (r.spanIs(KEY.transactionHash)) return span(r, at, o + LOG.txHash)
      break
    case 8:
      if (r.spanIs(KEY.logIndex)) return span(r, at, o + LOG.logIndex)
      break
    case 7:
      if (r.spanIs(KEY.removed)) {
        r.literal()
        if (r.spanIs(TRUE)) at[o + LOG.removed] = 1
        else if (!r.spanIs(FALSE)) throw r.shapeError('removed is not a boolean')
        return
      }
      break
  }
  r.skipValue()
}

/** A string (or null) field's span into `slot` and the slot after it. */
function span(r: JsonBytes, at: Int32Array, slot: number): void {
  r.stringOrNull()
  at[slot] = r.start
  at[slot + 1] = r.end
}

function scanTopics(r: JsonBytes, at: Int32Array, o: number): void {
  let count = 0
  let wellFormed = true
  if (r.open(OPEN_ARRAY, CLOSE_ARRAY)) {
    do {
      r.string()
      if (r.end - r.start !== TOPIC_LENGTH) wellFormed = false
      if (count < TOPICS_KEPT) at[o + LOG.topics + count] = r.start
      count++
    } while (r.next(CLOSE_ARRAY))
  }
  at[o + LOG.topicCount] = wellFormed ? count : -1
}
