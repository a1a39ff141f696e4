/**
 * Index rows straight from the node's bytes (a LogTable from log-scan) for
 * the three events that make up almost all of a county's history:
 * EntitlementApproved, Disbursed and Settled. Hex digits become numbers and
 * BLOB bytes in place; no strings, BigInts or event objects are made, which
 * is what lets the index keep pace with the node (parsing the answer and
 * decoding it the general way cost ~7 µs an event, this ~2 µs).
 *
 * Only the digits a field is read from are checked. Any other event, and any
 * log of an unusual layout — uppercase hex, a value of 2^52 or more, a
 * string at an offset solc never writes, data shorter than the event — is
 * parsed on its own and decoded by the ledger's decoder (generalRow), which
 * also rejects the malformed ones. A unit test holds both paths equal.
 */
import { EVENT_TOPICS } from '../ledger/contract/events'
import type { IndexRow } from './index-rows'
import { type LogRows, type RawLogWithTime, generalRow } from './log-rows'
import { LOG, LOG_STRIDE, type LogTable } from './log-scan'

const NIBBLE = new Int8Array(256).fill(-1)
for (let i = 0; i < 10; i++) NIBBLE[0x30 + i] = i
for (let i = 0; i < 6; i++) NIBBLE[0x61 + i] = 10 + i

const topicBytes = (topic: string) => Buffer.from(topic, 'latin1')
const APPROVED = topicBytes(EVENT_TOPICS.EntitlementApproved)
const DISBURSED = topicBytes(EVENT_TOPICS.Disbursed)
const SETTLED = topicBytes(EVENT_TOPICS.Settled)

const ZERO = 0x30
const WORD = 64
/** A uint below 2^52 has 51 leading zero digits of its 64 and fits in 13. */
const HIGH_DIGITS = 51
/** An address topic: 24 zero digits, then 40. */
const ADDRESS_PADDING = 24
/** The maskedName string's head word holds this offset when solc encodes the event. */
const APPROVED_STRING_OFFSET = 7 * 32

/** A layout the byte path leaves to the ledger's decoder. */
class NotForBytePath extends Error {}
const notForBytePath = new NotForBytePath()

export class ByteLogRows implements LogRows {
  private readonly bytes: Buffer
  private readonly at: Int32Array
  private readonly slab = new Slab()
  /** Logs of one block share its hash, logs of one transaction its hash: one Buffer each. */
  private blockHashAt = -1
  private blockHash: Buffer = Buffer.alloc(0)
  private txHashAt = -1
  private txHash: Buffer = Buffer.alloc(0)
  /** The position of the log being read, set by readPosition: no object per log. */
  private block = 0
  private logIndex = 0
  private blockTime: number | null = null

  constructor(table: LogTable) {
    this.bytes = table.bytes
    this.at = table.at
    this.count = table.count
  }

  readonly count: number

  removed(i: number): boolean {
    return this.at[i * LOG_STRIDE + LOG.removed] === 1
  }

  row(i: number): IndexRow | null {
    try {
      return this.hotRow(i * LOG_STRIDE) ?? this.general(i)
    } catch (e) {
      if (e === notForBytePath) return this.general(i)
      throw e
    }
  }

  private general(i: number): IndexRow | null {
    const o = i * LOG_STRIDE
    return generalRow(JSON.parse(this.bytes.toString('utf8', this.at[o + LOG.start], this.at[o + LOG.end])) as RawLogWithTime)
  }

  /** The row of a hot event; undefined for other events. */
  private hotRow(o: number): IndexRow | undefined {
    const at = this.at
    const topics = at[o + LOG.topicCount]!
    if (topics < 1) return undefined
    const topic0 = at[o + LOG.topics]!
    if (this.startsWith(topic0, APPROVED)) return topics === 4 ? this.approved(o) : undefined
    if (this.startsWith(topic0, DISBURSED)) return topics === 4 ? this.disbursed(o) : undefined
    if (this.startsWith(topic0, SETTLED)) return topics === 2 ? this.settled(o) : undefined
    return undefined
  }

  private approved(o: number): IndexRow {
    const d = this.data(o, 8)
    if (this.small(d + 6 * WORD) !== APPROVED_STRING_OFFSET) throw notForBytePath
    const nameLength = this.small(d + 7 * WORD)
    const nameAt = d + 8 * WORD
    if (nameAt + nameLength * 2 > this.at[o + LOG.dataEnd]!) throw notForBytePath
    const name = this.slab.take(nameLength)
    this.hexInto(nameAt, name)
    this.readPosition(o)
    return {
      name: 'EntitlementApproved',
      block: this.block,
      logIndex: this.logIndex,
      blockHash: this.blockHash,
      txHash: this.txHash,
      blockTime: this.blockTime,
      id: this.topicBytes(o, 1),
      programId: this.small(this.at[o + LOG.topics + 2]! + 2),
      commitment: this.topicBytes(o, 3),
      township: this.small(d),
      village: this.small(d + WORD),
      amount: this.small(d + 2 * WORD),
      validFrom: this.small(d + 3 * WORD),
      validUntil: this.small(d + 4 * WORD),
      proxyAllowed: this.small(d + 5 * WORD) === 1,
      maskedName: name.toString('utf8'),
    }
  }

  private disbursed(o: number): IndexRow {
    const d = this.data(o, 5)
    const terminalAt = this.at[o + LOG.topics + 3]! + 2
    for (let p = terminalAt; p < terminalAt + ADDRESS_PADDING; p++) if (this.bytes[p] !== ZERO) throw notForBytePath
    const terminal = this.slab.take(20)
    this.hexInto(terminalAt + ADDRESS_PADDING, terminal)
    const claimRef = this.slab.take(32)
    this.hexInto(d + 4 * WORD, claimRef)
    this.readPosition(o)
    return {
      name: 'Disbursed',
      block: this.block,
      logIndex: this.logIndex,
      blockHash: this.blockHash,
      txHash: this.txHash,
      blockTime: this.blockTime,
      id: this.topicBytes(o, 1),
      programId: this.small(this.at[o + LOG.topics + 2]! + 2),
      terminal,
      township: this.small(d),
      village: this.small(d + WORD),
      amount: this.small(d + 2 * WORD),
      claimRef,
    }
  }

  private settled(o: number): IndexRow {
    const d = this.data(o, 2)
    this.readPosition(o)
    return {
      name: 'Settled',
      block: this.block,
      logIndex: this.logIndex,
      blockHash: this.blockHash,
      txHash: this.txHash,
      blockTime: this.blockTime,
      id: this.topicBytes(o, 1),
      amount: this.small(d + WORD),
    }
  }

  /** Where the data's first word starts, when it holds at least `words` words. */
  private data(o: number, words: number): number {
    const start = this.at[o + LOG.data]!
    if (start < 0 || this.bytes[start] !== ZERO || this.bytes[start + 1] !== 0x78) throw notForBytePath
    if (this.at[o + LOG.dataEnd]! - start - 2 < words * WORD) throw notForBytePath
    return start + 2
  }

  /** Reads the log's block, index, hashes and time into this reader's position fields. */
  private readPosition(o: number): void {
    const at = this.at
    const blockHashAt = at[o + LOG.blockHash]!
    const txHashAt = at[o + LOG.txHash]!
    if (at[o + LOG.blockHashEnd]! - blockHashAt !== 66 || at[o + LOG.txHashEnd]! - txHashAt !== 66) throw notForBytePath
    if (this.blockHashAt < 0 || !this.sameSpan(blockHashAt, this.blockHashAt, 66)) {
      this.blockHash = this.slab.take(32)
      this.hexInto(blockHashAt + 2, this.blockHash)
      this.blockHashAt = blockHashAt
    }
    if (this.txHashAt < 0 || !this.sameSpan(txHashAt, this.txHashAt, 66)) {
      this.txHash = this.slab.take(32)
      this.hexInto(txHashAt + 2, this.txHash)
      this.txHashAt = txHashAt
    }
    const timeAt = at[o + LOG.blockTime]!
    this.block = this.quantity(at[o + LOG.blockNumber]!, at[o + LOG.blockNumberEnd]!)
    this.logIndex = this.quantity(at[o + LOG.logIndex]!, at[o + LOG.logIndexEnd]!)
    this.blockTime = timeAt < 0 ? null : this.quantity(timeAt, at[o + LOG.blockTimeEnd]!)
  }

  private topicBytes(o: number, i: number): Buffer {
    const out = this.slab.take(32)
    this.hexInto(this.at[o + LOG.topics + i]! + 2, out)
    return out
  }

  /** A uint word at `p` below 2^52, as a number. */
  private small(p: number): number {
    const b = this.bytes
    for (let i = p; i < p + HIGH_DIGITS; i++) if (b[i] !== ZERO) throw notForBytePath
    let v = 0
    for (let i = p + HIGH_DIGITS; i < p + WORD; i++) {
      const n = NIBBLE[b[i]!]!
      if (n < 0) throw notForBytePath
      v = v * 16 + n
    }
    return v
  }

  /** A JSON-RPC quantity ("0x" and 1–13 digits) as a number; -1 where the log holds null, like the ledger decoder. */
  private quantity(start: number, end: number): number {
    if (start < 0) return -1
    const b = this.bytes
    if (b[start] !== ZERO || b[start + 1] !== 0x78 || end - start < 3 || end - start > 15) throw notForBytePath
    let v = 0
    for (let i = start + 2; i < end; i++) {
      const n = NIBBLE[b[i]!]!
      if (n < 0) throw notForBytePath
      v = v * 16 + n
    }
    return v
  }

  /** Fills `out` from the hex digits at `p`. */
  private hexInto(p: number, out: Buffer): void {
    const b = this.bytes
    for (let i = 0; i < out.length; i++) {
      const hi = NIBBLE[b[p + 2 * i]!]!
      const lo = NIBBLE[b[p + 2 * i + 1]!]!
      if ((hi | lo) < 0) throw notForBytePath
      out[i] = (hi << 4) | lo
    }
  }

  private startsWith(p: number, word: Buffer): boolean {
    return this.bytes.compare(word, 0, word.length, p, p + word.length) === 0
  }

  private sameSpan(a: number, b: number, length: number): boolean {
    return a === b || this.bytes.compare(this.bytes, a, a + length, b, b + length) === 0
  }
}

/** Hands out small Buffers cut from larger chunks: one allocation per ~2,000 ids. */
class Slab {
  private chunk: Buffer = Buffer.alloc(0)
  private used = 0

  take(length: number): Buffer {
    if (this.used + length > this.chunk.length) {
      this.chunk = Buffer.allocUnsafe(Math.max(64 * 1024, length))
      this.used = 0
    }
    const out = this.chunk.subarray(this.used, this.used + length)
    this.used += length
    return out
  }
}
