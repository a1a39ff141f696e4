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
  const event = fast ?? decodeReliefLog(log)
  if (!event) return null
  return Object.assign(event, { blockTime: log.blockTimestamp ? Number.parseInt(log.blockTimestamp, 16) : null }) as IndexedEvent
}

function position(log: RawLog) {
  return {
    address: log.address.toLowerCase() as Hex,
    blockNumber: log.blockNumber ? Number.parseInt(log.blockNumber, 16) : -1,
    blockHash: (log.blockHash ?? '0x').toLowerCase() as Hex,
    transactionHash: (log.transactionHash ?? '0x').toLowerCase() as Hex,
    logIndex: log.logIndex ? Number.parseInt(log.logIndex, 16) : -1,
    removed: log.removed === true,
  }
}

/** The i-th 32-byte word of the data, as 64 hex digits; throws when the data is too short. */
function word(data: string, i: number): string {
  const start = 2 + i * 64
  if (data.length < start + 64) throw new LogDecodeError(`log data too short for word ${i}`)
  return data.slice(start, start + 64)
}

const HIGH_ZEROS = '0'.repeat(51)

/** Values below 2^52 (every amount, code and date in practice) skip the BigInt parse. */
function uint(w: string): bigint {
  return w.startsWith(HIGH_ZEROS) ? BigInt(Number.parseInt(w.slice(51), 16)) : BigInt(`0x${w}`)
}

/** uintN ≤ 64 bits as a number, clamped like decodeReliefLog does. */
function small(w: string): number {
  if (w.startsWith(HIGH_ZEROS)) return Number.parseInt(w.slice(51), 16)
  const v = BigInt(`0x${w}`)
  return v > MAX_SAFE ? Number.MAX_SAFE_INTEGER : Number(v)
}

function bytes32(w: string): Hex {
  return `0x${w.toLowerCase()}` as Hex
}

function topic(log: RawLog, i: number): string {
  const t = log.topics[i]
  if (!t || t.length !== 66) throw new LogDecodeError(`topic ${i} missing or malformed`)
  return t.slice(2)
}

function string(data: string, headIndex: number): string {
  const offset = Number(uint(word(data, headIndex)))
  if (offset % 32 !== 0) return fallbackString()
  const at = offset / 32
  const length = Number(uint(word(data, at)))
  const start = 2 + (at + 1) * 64
  if (data.length < start + length * 2) throw new LogDecodeError('string runs past the end of the data')
  return Buffer.from(data.slice(start, start + length * 2), 'hex').toString('utf8')
}

/** Unaligned offsets are legal ABI but never produced by solc; the general decoder handles them. */
function fallbackString(): never {
  throw new UnalignedLog()
}

class UnalignedLog extends Error {}

function guarded(log: RawLog, count: number, build: () => ReliefEvent): ReliefEvent | undefined {
  if (log.topics.length !== count || !/^0x[0-9a-fA-F]*$/.test(log.data)) return undefined
  try {
    return build()
  } catch (e) {
    if (e instanceof UnalignedLog) return undefined
    throw e
  }
}

function approved(log: RawLog): ReliefEvent | undefined {
  return guarded(log, 4, () => {
    const d = log.data
    return {
      name: 'EntitlementApproved',
      args: {
        entitlementId: bytes32(topic(log, 1)),
        programId: uint(topic(log, 2)),
        commitment: bytes32(topic(log, 3)),
        township: small(word(d, 0)),
        village: small(word(d, 1)),
        amount: uint(word(d, 2)),
        validFrom: small(word(d, 3)),
        validUntil: small(word(d, 4)),
        proxyAllowed: uint(word(d, 5)) !== 0n,
        maskedName: string(d, 6),
      },
      ...position(log),
    }
  })
}

function disbursed(log: RawLog): ReliefEvent | undefined {
  return guarded(log, 4, () => {
    const d = log.data
    return {
      name: 'Disbursed',
      args: {
        entitlementId: bytes32(topic(log, 1)),
        programId: uint(topic(log, 2)),
        terminal: `0x${topic(log, 3).slice(24).toLowerCase()}` as Hex,
        township: small(word(d, 0)),
        village: small(word(d, 1)),
        amount: uint(word(d, 2)),
        evidenceHash: bytes32(word(d, 3)),
        claimRef: bytes32(word(d, 4)),
      },
      ...position(log),
    }
  })
}

function settled(log: RawLog): ReliefEvent | undefined {
  return guarded(log, 2, () => {
    const d = log.data
    return {
      name: 'Settled',
      args: { entitlementId: bytes32(topic(log, 1)), bankRef: bytes32(word(d, 0)), amount: uint(word(d, 1)) },
      ...position(log),
    }
  })
}
