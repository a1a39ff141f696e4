/**
 * Topic0 constants and a pure decoder from a raw JSON-RPC log to a typed
 * event of the HuiminRelief contract. The audit index reads chain history
 * through this module.
 *
 * Value types: amounts and program ids (uint256) are bigint; townships,
 * villages, dates, days, counts and categories (uint8/32/64) are numbers
 * (a uint64 above 2^53, e.g. a "forever" validUntil, is clamped to
 * Number.MAX_SAFE_INTEGER); addresses and bytes32 are lowercase 0x hex.
 */
import { type AbiItem, type AbiValue, decodeParams, topicOf } from '../../../common/ledger/abi-codec'
import { type Hex, hexToBytes } from '../../../common/ledger/hex'
import { HUIMIN_RELIEF_ABI } from './abi'

export interface ReliefEventArgs {
  RoleGranted: { role: Hex; account: Hex; by: Hex }
  RoleRevoked: { role: Hex; account: Hex; by: Hex }
  TerminalRegistered: { terminal: Hex; township: number }
  TerminalDeregistered: { terminal: Hex }
  ProgramCreated: { programId: bigint; name: string; region: number; budget: bigint }
  Funded: { programId: bigint; funder: Hex; amount: bigint; sourceRef: Hex; funderName: string }
  EntitlementApproved: {
    entitlementId: Hex
    programId: bigint
    commitment: Hex
    township: number
    village: number
    amount: bigint
    validFrom: number
    validUntil: number
    proxyAllowed: boolean
    maskedName: string
  }
  EntitlementRevoked: { entitlementId: Hex; reasonHash: Hex }
  Disbursed: {
    entitlementId: Hex
    programId: bigint
    terminal: Hex
    township: number
    village: number
    amount: bigint
    evidenceHash: Hex
    claimRef: Hex
  }
  Settled: { entitlementId: Hex; bankRef: Hex; amount: bigint }
  ComplaintFiled: { ticketHash: Hex; township: number; category: number; terminal: Hex }
  ComplaintResolved: { ticketHash: Hex; resolutionHash: Hex }
  DayClosed: { township: number; day: number; count: number; total: bigint; journalHash: Hex; terminal: Hex }
}

export type ReliefEventName = keyof ReliefEventArgs

/** Where a log sits on chain. */
export interface LogPosition {
  address: Hex
  blockNumber: number
  blockHash: Hex
  transactionHash: Hex
  logIndex: number
  /** True when the node reports the log as removed by a reorg. */
  removed: boolean
}

export type ReliefEvent = { [K in ReliefEventName]: { name: K; args: ReliefEventArgs[K] } & LogPosition }[ReliefEventName]

/** A log exactly as eth_getLogs / receipts return it. */
export interface RawLog {
  address: string
  topics: readonly string[]
  data: string
  blockNumber: string | null
  blockHash: string | null
  transactionHash: string | null
  logIndex: string | null
  removed?: boolean
}

export class LogDecodeError extends Error {
  readonly code = 'LEDGER_LOG_UNDECODABLE'
  constructor(message: string) {
    super(message)
    this.name = 'LogDecodeError'
  }
}

const EVENT_ITEMS = HUIMIN_RELIEF_ABI.filter((i) => i.type === 'event')

/** topic0 of every contract event, by name. */
export const EVENT_TOPICS = Object.fromEntries(EVENT_ITEMS.map((e) => [e.name!, topicOf(e)])) as Record<ReliefEventName, Hex>

const BY_TOPIC = new Map<string, AbiItem>(EVENT_ITEMS.map((e) => [topicOf(e), e]))

/** True when the log's topic0 is one of the contract's events. */
export function isReliefLog(log: Pick<RawLog, 'topics'>): boolean {
  return log.topics.length > 0 && BY_TOPIC.has(log.topics[0]!.toLowerCase())
}

/**
 * Decodes one raw log. Returns null when topic0 is not a HuiminRelief event;
 * throws LogDecodeError when it is one but the topics or data are malformed.
 */
export function decodeReliefLog(log: RawLog): ReliefEvent | null {
  const item = log.topics.length ? BY_TOPIC.get(log.topics[0]!.toLowerCase()) : undefined
  if (!item) return null
  const inputs = item.inputs ?? []
  const indexed = inputs.filter((p) => p.indexed)
  const plain = inputs.filter((p) => !p.indexed)
  if (log.topics.length !== indexed.length + 1) throw new LogDecodeError(`${item.name}: expected ${indexed.length + 1} topics, got ${log.topics.length}`)
  let plainValues: AbiValue[]
  let indexedValues: AbiValue[]
  try {
    indexedValues = indexed.map((p, i) => decodeParams([p], hexToBytes(log.topics[i + 1]!, 'topic'))[0]!)
    plainValues = decodeParams(plain, hexToBytes(log.data, 'data'))
  } catch (e) {
    throw new LogDecodeError(`${item.name}: ${(e as Error).message}`)
  }
  const args: Record<string, unknown> = {}
  let ii = 0
  let pi = 0
  for (const p of inputs) args[p.name!] = normalize(p.type, p.indexed ? indexedValues[ii++]! : plainValues[pi++]!)
  return {
    name: item.name as ReliefEventName,
    args,
    address: log.address.toLowerCase() as Hex,
    blockNumber: quantity(log.blockNumber),
    blockHash: (log.blockHash ?? '0x').toLowerCase() as Hex,
    transactionHash: (log.transactionHash ?? '0x').toLowerCase() as Hex,
    logIndex: quantity(log.logIndex),
    removed: log.removed === true,
  } as ReliefEvent
}

function quantity(hex: string | null): number {
  return hex ? Number.parseInt(hex, 16) : -1
}

function normalize(type: string, value: AbiValue): unknown {
  if (type === 'uint8' || type === 'uint32' || type === 'uint64') {
    const v = value as bigint
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v)
  }
  return value
}
