/**
 * Decoding of eth_getLogs results for the index, fast enough to keep up with
 * the node. The ledger's decodeReliefLog (electron/node/ledger/contract/events)
 * is general (hex → bytes → ABI decoder) and costs ~47 µs a log here, which
 * alone would cap the index at ~21k events/s against ~75k/s the node serves.
 * The three events that make up almost all of a county's history
 * (EntitlementApproved, Disbursed, Settled) are decoded here by slicing the
 * hex words directly; everything else goes through decodeReliefLog. A unit
 * test (test/unit/audit-log-decode.test.ts) checks both paths agree on every
 * event of the contract.
 */
import type { Hex } from '../../common/ledger/hex'
import { EVENT_TOPICS, type RawLog, type ReliefEvent, decodeReliefLog, LogDecodeError } from '../ledger/contract/events'

/** A log as the index reads it: the decoded event and its block's time (unix seconds) when the node reports it. */
export type IndexedEvent = ReliefEvent & { blockTime: number | null }

/** A log with the optional `blockTimestamp` field newer nodes (anvil, geth ≥ 1.15) add to eth_getLogs results. */
export type RawLogWithTime = RawLog & { blockTimestamp?: string }

const APPROVED = EVENT_TOPICS.EntitlementApproved
const DISBURSED = EVENT_TOPICS.Disbursed
const SETTLED = EVENT_TOPICS.Settled
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** Decodes one log; null when it is not a HuiminRelief event. Throws LogDecodeError on a malformed one. */
export function decodeIndexedLog(log: RawLogWithTime): IndexedEvent | null {
  const topic0 = log.topics[0]?.toLowerCase()
  const fast = topic0 === APPROVED ? approved(log) : topic0 === DISBURSED ? disbursed(log) : topic0 === SETTLED ? settled(log) : undefined
  if (fast) return fast
  const event = decodeReliefLog(log)
  if (!event) return null
  return Object.assign(event, { blockTime: blockTime(log) }) as IndexedEvent
}

function blockTime(log: RawLogWithTime): number | null {
  return log.blockTimestamp ? Number.parseInt(log.blockTimestamp, 16) : null
}

/** The fields every event carries, in the order the ledger decoder builds them. */
function position(log: RawLogWithTime) {
  return {
    address: log.address.toLowerCase() as Hex,
    blockNumber: log.blockNumber ? Number.parseInt(log.blockNumber, 16) : -1,
    blockHash: (log.blockHash ?? '0x').toLowerCase() as Hex,
    transactionHash: (log.transactionHash ?? '0x').toLowerCase() as Hex,
    logIndex: log.logIndex ? Number.parseInt(log.logIndex, 16) : -1,
    removed: log.removed === true,
    blockTime: blockTime(log),
  }
}

const HIGH_ZEROS = '0'.repeat(51)
const HEX_64 = /^[0-9a-fA-F]{64}$/

/** Where the i-th 32-byte word of the data starts; throws when the data is too short. */
function wordAt(data: string, i: number): number {
  const start = 2 + i * 64
  if (data.length < start + 64) throw new LogDecodeError(`log data too short for word ${i}`)
  return start
}

/**
 * The 64 hex digits at `start`, checked: only the digits a field is read
 * from are checked, not the whole data, which is what makes this path fast.
 */
function hexWord(s: string, start: number): string {
  const w = s.slice(start, start + 64)
  if (!HEX_64.test(w)) throw new NotForFastPath()
  return w
}

/** Values below 2^52 (every amount, code and date in practice): the low 13 digits as a number, else null. */
function lowDigits(s: string, start: number): number | null {
  if (!s.startsWith(HIGH_ZEROS, start)) return null
  // Number() of 0x-hex, unlike parseInt, is NaN for any non-hex digit.
  const low = Number(`0x${s.slice(start + 51, start + 64)}`)
  if (Number.isNaN(low)) throw new NotForFastPath()
  return low
}

/** The uint256 at `start` of a hex string. */
function uintAt(s: string, start: number): bigint {
  const low = lowDigits(s, start)
  return low !== null ? BigInt(low) : BigInt(`0x${hexWord(s, start)}`)
}

/** uintN ≤ 64 bits as a number, clamped like decodeReliefLog does. */
function smallAt(s: string, start: number): number {
  const low = lowDigits(s, start)
  if (low !== null) return low
  const v = BigInt(`0x${hexWord(s, start)}`)
  return v > MAX_SAFE ? Number.MAX_SAFE_INTEGER : Number(v)
}

function bytes32At(s: string, start: number): Hex {
  return `0x${hexWord(s, start).toLowerCase()}` as Hex
}

/** Topic i as lowercase 0x hex; throws when it is missing or malformed. */
function topic(log: RawLog, i: number): Hex {
  const t = log.topics[i]
  if (!t || t.length !== 66) throw new LogDecodeError(`topic ${i} missing or malformed`)
  hexWord(t, 2)
  return t.toLowerCase() as Hex
}

function string(data: string, headIndex: number): string {
  const offset = Number(uintAt(data, wordAt(data, headIndex)))
  if (offset % 32 !== 0) return fallbackString()
  const at = offset / 32
  const length = Number(uintAt(data, wordAt(data, at)))
  const start = 2 + (at + 1) * 64
  if (data.length < start + length * 2) throw new LogDecodeError('string runs past the end of the data')
  const bytes = Buffer.from(data.slice(start, start + length * 2), 'hex')
  if (bytes.length !== length) throw new NotForFastPath() // Buffer.from stops at the first non-hex digit
  return bytes.toString('utf8')
}

/** Unaligned offsets are legal ABI but never produced by solc; the general decoder handles them. */
function fallbackString(): never {
  throw new NotForFastPath()
}

/** Something only the general decoder judges: an unusual layout or a non-hex digit (which it rejects). */
class NotForFastPath extends Error {}

function guarded(log: RawLogWithTime, count: number, build: (data: string) => IndexedEvent): IndexedEvent | undefined {
  if (log.topics.length !== count || !log.data.startsWith('0x')) return undefined
  try {
    return build(log.data)
  } catch (e) {
    if (e instanceof NotForFastPath) return undefined
    throw e
  }
}

function approved(log: RawLogWithTime): IndexedEvent | undefined {
  return guarded(log, 4, (d) => {
    const programId = topic(log, 2)
    return {
      name: 'EntitlementApproved',
      args: {
        entitlementId: topic(log, 1),
        programId: uintAt(programId, 2),
        commitment: topic(log, 3),
        township: smallAt(d, wordAt(d, 0)),
        village: smallAt(d, wordAt(d, 1)),
        amount: uintAt(d, wordAt(d, 2)),
        validFrom: smallAt(d, wordAt(d, 3)),
        validUntil: smallAt(d, wordAt(d, 4)),
        proxyAllowed: uintAt(d, wordAt(d, 5)) !== 0n,
        maskedName: string(d, 6),
      },
      ...position(log),
    }
  })
}

function disbursed(log: RawLogWithTime): IndexedEvent | undefined {
  return guarded(log, 4, (d) => {
    const programId = topic(log, 2)
    return {
      name: 'Disbursed',
      args: {
        entitlementId: topic(log, 1),
        programId: uintAt(programId, 2),
        terminal: `0x${topic(log, 3).slice(26)}` as Hex,
        township: smallAt(d, wordAt(d, 0)),
        village: smallAt(d, wordAt(d, 1)),
        amount: uintAt(d, wordAt(d, 2)),
        evidenceHash: bytes32At(d, wordAt(d, 3)),
        claimRef: bytes32At(d, wordAt(d, 4)),
      },
      ...position(log),
    }
  })
}

function settled(log: RawLogWithTime): IndexedEvent | undefined {
  return guarded(log, 2, (d) => ({
    name: 'Settled',
    args: { entitlementId: topic(log, 1), bankRef: bytes32At(d, wordAt(d, 0)), amount: uintAt(d, wordAt(d, 1)) },
    ...position(log),
  }))
}
