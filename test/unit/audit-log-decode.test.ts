import { describe, expect, it } from 'vitest'
import { encodeParams } from '../../electron/common/ledger/abi-codec'
import { bytesToHex } from '../../electron/common/ledger/hex'
import { parseTraceQuery } from '../../electron/node/audit/trace-query'
import { decodeIndexedLog } from '../../electron/node/audit/log-decode'
import { abiItem } from '../../electron/node/ledger/contract/abi'
import { EVENT_TOPICS, type RawLog, type ReliefEventName, decodeReliefLog } from '../../electron/node/ledger/contract/events'
import { claimRefOf } from '../../electron/common/ledger/commitments'

const word = (n: number | bigint) => `0x${BigInt(n).toString(16).padStart(64, '0')}`

/** Encodes an event exactly as the EVM logs it: indexed params in topics, the rest ABI-encoded in data. */
function rawLog(name: ReliefEventName, values: Record<string, unknown>): RawLog & { blockTimestamp: string } {
  const item = abiItem('event', name)
  const inputs = item.inputs ?? []
  const indexed = inputs.filter((p) => p.indexed)
  const plain = inputs.filter((p) => !p.indexed)
  const topics = [EVENT_TOPICS[name], ...indexed.map((p) => bytesToHex(encodeParams([p], [values[p.name!]])))]
  return {
    address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    topics,
    data: bytesToHex(encodeParams(plain, plain.map((p) => values[p.name!]))),
    blockNumber: '0x1a',
    blockHash: word(0xabc),
    transactionHash: word(0xdef),
    logIndex: '0x3',
    blockTimestamp: '0x6b07109f',
  }
}

const CASES: [ReliefEventName, Record<string, unknown>][] = [
  ['EntitlementApproved', { entitlementId: word(1), programId: 7n, commitment: word(99), township: 410122101n, village: 410122101201n, amount: 123_456n, validFrom: 1_700_000_000n, validUntil: 2n ** 64n - 1n, proxyAllowed: true, maskedName: '欧**娜𠈌' }],
  ['EntitlementApproved', { entitlementId: word(2), programId: 2n ** 200n, commitment: word(3), township: 1n, village: 2n, amount: 2n ** 255n, validFrom: 0n, validUntil: 1n, proxyAllowed: false, maskedName: '' }],
  ['Disbursed', { entitlementId: word(5), programId: 3n, terminal: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8', township: 410122102n, village: 410122102203n, amount: 50_000n, evidenceHash: word(6), claimRef: word(7) }],
  ['Settled', { entitlementId: word(8), bankRef: word(9), amount: 99n }],
  ['Funded', { programId: 1n, funder: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266', amount: 10n, sourceRef: word(1), funderName: '中央财政' }],
]

describe('audit log decoding', () => {
  it.each(CASES)('decodes %s exactly like the ledger decoder, plus the block time', (name, values) => {
    const raw = rawLog(name, values)
    const fast = decodeIndexedLog(raw)!
    const { blockTime, ...event } = fast
    expect(event).toEqual(decodeReliefLog(raw))
    expect(blockTime).toBe(0x6b07109f)
  })

  it('falls back to the ledger decoder for odd shapes and rejects malformed logs', () => {
    const raw = rawLog('Disbursed', CASES[2]![1])
    expect(() => decodeIndexedLog({ ...raw, data: raw.data.slice(0, 100) })).toThrow(/too short/)
    expect(decodeIndexedLog({ ...raw, topics: [word(1)] })).toBeNull()
    const noTime = decodeIndexedLog({ ...raw, blockTimestamp: undefined } as RawLog)!
    expect(noTime.blockTime).toBeNull()
  })
})

describe('trace queries', () => {
  const tx = `0x${'ab'.repeat(32)}`
  it('reads receipt QR payloads, claim numbers and transaction hashes', () => {
    expect(parseTraceQuery(`HMTRACE:${tx.slice(2).toUpperCase()}`)).toEqual({ kind: 'txHash', txHash: tx })
    expect(parseTraceQuery(tx.toUpperCase().replace('0X', '0x'))).toEqual({ kind: 'txHash', txHash: tx })
    expect(parseTraceQuery(tx.slice(2))).toEqual({ kind: 'txHash', txHash: tx })
    const claim = '410122101-20260314-7K3QX9MB'
    expect(parseTraceQuery('HMTRACE:CLAIM:' + claim)).toEqual({ kind: 'claimNumber', claimNumber: claim, claimRef: claimRefOf(claim) })
    expect(parseTraceQuery(` ${claim.toLowerCase()} `)).toEqual({ kind: 'claimNumber', claimNumber: claim, claimRef: claimRefOf(claim) })
    // Full-width characters from a scanner in a Chinese input mode.
    expect(parseTraceQuery('４１０１２２１０１-20260314-7K3QX9MB')).toMatchObject({ kind: 'claimNumber', claimNumber: claim })
    expect(parseTraceQuery('张三 的 回执')).toEqual({ kind: 'unrecognised' })
  })
})
