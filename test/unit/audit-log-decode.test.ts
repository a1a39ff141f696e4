import { describe, expect, it } from 'vitest'
import { encodeParams } from '../../electron/common/ledger/abi-codec'
import { bytesToHex } from '../../electron/common/ledger/hex'
import { parseTraceQuery } from '../../electron/node/audit/trace-query'
import { type IndexRow, rowOf } from '../../electron/node/audit/index-rows'
import { ByteLogRows } from '../../electron/node/audit/log-bytes-decode'
import { type RawLogWithTime, generalRow } from '../../electron/node/audit/log-rows'
import { type ScannedAnswer, scanRangeAnswer } from '../../electron/node/audit/log-scan'
import { abiItem } from '../../electron/node/ledger/contract/abi'
import { EVENT_TOPICS, LogDecodeError, type ReliefEventName, decodeReliefLog } from '../../electron/node/ledger/contract/events'
import type { RawBatch } from '../../electron/node/ledger/rpc-client'
import { claimRefOf } from '../../electron/common/ledger/commitments'

const word = (n: number | bigint) => `0x${BigInt(n).toString(16).padStart(64, '0')}`

/** Encodes an event exactly as the EVM logs it: indexed params in topics, the rest ABI-encoded in data. */
function rawLog(name: ReliefEventName, values: Record<string, unknown>, at = 0x1a): RawLogWithTime & { blockTimestamp: string } {
  const item = abiItem('event', name)
  const inputs = item.inputs ?? []
  const indexed = inputs.filter((p) => p.indexed)
  const plain = inputs.filter((p) => !p.indexed)
  const topics = [EVENT_TOPICS[name], ...indexed.map((p) => bytesToHex(encodeParams([p], [values[p.name!]])))]
  return {
    address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    topics,
    data: bytesToHex(
      encodeParams(
        plain,
        plain.map((p) => values[p.name!]),
      ),
    ),
    blockNumber: `0x${at.toString(16)}`,
    blockHash: word(0xabc + at),
    blockTimestamp: '0x6b07109f',
    transactionHash: word(0xdef),
    transactionIndex: '0x0',
    logIndex: '0x3',
    removed: false,
  } as RawLogWithTime & { blockTimestamp: string }
}

const HEADER = { number: '0x1a', hash: word(0xabc + 0x1a), parentHash: word(1), timestamp: '0x6b07109f' }

/** The bytes a node sends for rangeCalls: the logs answer, then the headers, ids from firstId. */
function answer(logs: unknown[], opts: { firstId?: number; text?: (answers: unknown[]) => string; order?: 'reversed' } = {}): RawBatch {
  const firstId = opts.firstId ?? 41
  let answers: unknown[] = [logs, HEADER, HEADER].map((result, i) => ({ jsonrpc: '2.0', id: firstId + i, result }))
  if (opts.order === 'reversed') answers = answers.reverse()
  const body = new TextEncoder().encode(opts.text ? opts.text(answers) : JSON.stringify(answers))
  return { body: body.buffer, firstId, endpoint: 'http://node' }
}

function byteRows(scanned: ScannedAnswer | null): (IndexRow | null)[] {
  expect(scanned).not.toBeNull()
  const rows = new ByteLogRows(scanned!.logs)
  return Array.from({ length: rows.count }, (_, i) => rows.row(i))
}

const CASES: [ReliefEventName, Record<string, unknown>][] = [
  [
    'EntitlementApproved',
    {
      entitlementId: word(1),
      programId: 7n,
      commitment: word(99),
      township: 410122101n,
      village: 410122101201n,
      amount: 123_456n,
      validFrom: 1_700_000_000n,
      validUntil: 2n ** 40n,
      proxyAllowed: true,
      maskedName: '欧**娜𠈌',
    },
  ],
  [
    'EntitlementApproved',
    {
      entitlementId: word(1),
      programId: 7n,
      commitment: word(99),
      township: 410122101n,
      village: 410122101201n,
      amount: 123_456n,
      validFrom: 1_700_000_000n,
      validUntil: 2n ** 64n - 1n,
      proxyAllowed: true,
      maskedName: '张*三',
    },
  ],
  [
    'EntitlementApproved',
    {
      entitlementId: word(2),
      programId: 2n ** 200n,
      commitment: word(3),
      township: 1n,
      village: 2n,
      amount: 2n ** 50n,
      validFrom: 0n,
      validUntil: 1n,
      proxyAllowed: false,
      maskedName: '',
    },
  ],
  [
    'Disbursed',
    {
      entitlementId: word(5),
      programId: 3n,
      terminal: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
      township: 410122102n,
      village: 410122102203n,
      amount: 50_000n,
      evidenceHash: word(6),
      claimRef: word(7),
    },
  ],
  ['Settled', { entitlementId: word(8), bankRef: word(9), amount: 99n }],
  ['Funded', { programId: 1n, funder: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266', amount: 10n, sourceRef: word(1), funderName: '中央财政' }],
  ['ProgramCreated', { programId: 4n, name: '最低生活保障金', region: 410122n, budget: 10n ** 12n }],
]

describe("audit log rows from the node's bytes", () => {
  it.each(CASES)('reads %s exactly as the ledger decoder does, with the block time', (name, values) => {
    const raw = rawLog(name, values)
    const [row] = byteRows(scanRangeAnswer(answer([raw]), 3))
    expect(row).toEqual(rowOf(decodeReliefLog(raw)!, 0x6b07109f))
    expect(row!.blockTime).toBe(0x6b07109f)
  })

  it('reads the answer whatever its spacing, key order and answer order', () => {
    const logs = CASES.map(([name, values], i) => rawLog(name, values, 0x10 + i))
    const expected = logs.map((l) => generalRow(l))
    const spaced = (answers: unknown[]) => JSON.stringify(answers, null, '\t').replace(/:/g, ' :\r\n ')
    const resultFirst = (answers: unknown[]) =>
      JSON.stringify(
        answers.map((a) => {
          const { result, ...rest } = a as { result: unknown }
          return { extra: { nested: [1, { x: null }] }, result, ...rest }
        }),
      )
    for (const raw of [answer(logs, { text: spaced }), answer(logs, { text: resultFirst }), answer(logs, { order: 'reversed' })]) {
      const scanned = scanRangeAnswer(raw, 3)
      expect(byteRows(scanned)).toEqual(expected)
      expect(scanned!.others).toEqual([HEADER, HEADER])
    }
  })

  it('reads logs without block times, and a removed flag', () => {
    const { blockTimestamp: _, ...untimed } = rawLog(...CASES[3]!)
    const removed = { ...rawLog(...CASES[4]!), removed: true }
    const scanned = scanRangeAnswer(answer([untimed, removed]), 3)
    const rows = new ByteLogRows(scanned!.logs)
    expect(rows.row(0)).toEqual(rowOf(decodeReliefLog(untimed)!, null))
    expect([rows.removed(0), rows.removed(1)]).toEqual([false, true])
  })

  it('leaves answers of unusual shape to the ordinary parser', () => {
    const raw = rawLog(...CASES[0]!)
    const unusual: [string, RawBatch][] = [
      ['an escape in a string', answer([{ ...raw, address: 'say "hi"' }])],
      ['an error answer', answer([raw], { text: (a) => JSON.stringify([a[0], { jsonrpc: '2.0', id: 42, error: { code: -32000, message: 'x' } }, a[2]]) })],
      ['a missing answer', answer([raw], { text: (a) => JSON.stringify(a.slice(0, 2)) })],
      ['a repeated id', answer([raw], { text: (a) => JSON.stringify([a[0], a[0], a[2]]) })],
      ['a cut-off body', answer([raw], { text: (a) => JSON.stringify(a).slice(0, 900) })],
      ['logs where a header belongs', answer([raw], { text: (a) => JSON.stringify([a[0], { ...(a[1] as object), result: [] }, a[2]]) })],
      ['text after the answer', answer([raw], { text: (a) => JSON.stringify(a) + 'x' })],
      ['a header that is not JSON', answer([raw], { text: (a) => JSON.stringify(a).replace('"number":"0x1a"', '"number":0x1a') })],
    ]
    for (const [what, body] of unusual) expect(scanRangeAnswer(body, 3), what).toBeNull()
  })

  it('decodes odd layouts with the ledger decoder, which rejects malformed logs', () => {
    const raw = rawLog(...CASES[3]!)
    const upper = { ...raw, data: raw.data.toUpperCase().replace('0X', '0x'), transactionHash: raw.transactionHash!.toUpperCase().replace('0X', '0x') }
    const [row] = byteRows(scanRangeAnswer(answer([upper]), 3))
    expect(row).toEqual(generalRow(raw))
    const short = new ByteLogRows(scanRangeAnswer(answer([{ ...raw, data: raw.data.slice(0, 100) }]), 3)!.logs)
    expect(() => short.row(0)).toThrow(LogDecodeError)
    const unknown = byteRows(scanRangeAnswer(answer([{ ...raw, topics: [word(1)] }]), 3))
    expect(unknown).toEqual([null])
  })

  it("checks only the digits it reads: a bad digit elsewhere is the ledger decoder's to reject", () => {
    // evidenceHash (data word 3) is not stored by the index; the byte path does not read it.
    const raw = rawLog(...CASES[3]!)
    const data = `${raw.data.slice(0, 2 + 3 * 64)}${'zz'.repeat(32)}${raw.data.slice(2 + 4 * 64)}`
    expect(() => decodeReliefLog({ ...raw, data })).toThrow(LogDecodeError)
    const [row] = byteRows(scanRangeAnswer(answer([{ ...raw, data }]), 3))
    expect(row).toEqual(generalRow(raw))
  })

  it('agrees with the ledger decoder on random events and spacing', () => {
    let seed = 7
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
    const big = () => [0n, 1n, BigInt(rand(1e9)), 2n ** 52n - 1n, 2n ** 52n, 2n ** 63n][rand(6)]!
    const names = ['张*三', '欧阳**', '', 'A*'.repeat(rand(40) + 1)]
    for (let round = 0; round < 40; round++) {
      const logs = Array.from({ length: 20 }, (_, i) => {
        const id = word(rand(1e9))
        const at = 0x100 + rand(4)
        switch (rand(3)) {
          case 0:
            return rawLog(
              'EntitlementApproved',
              {
                entitlementId: id,
                programId: big(),
                commitment: word(rand(1e9)),
                township: big(),
                village: big(),
                amount: big(),
                validFrom: big(),
                validUntil: big(),
                proxyAllowed: rand(2) === 1,
                maskedName: names[rand(4)],
              },
              at,
            )
          case 1:
            return rawLog(
              'Disbursed',
              {
                entitlementId: id,
                programId: big(),
                terminal: `0x${rand(1e9).toString(16).padStart(40, '0')}`,
                township: big(),
                village: big(),
                amount: big(),
                evidenceHash: word(1),
                claimRef: claimRefOf(`c${i}`),
              },
              at,
            )
          default:
            return rawLog('Settled', { entitlementId: id, bankRef: word(rand(1e9)), amount: big() }, at)
        }
      })
      const text = rand(2) ? undefined : (a: unknown[]) => JSON.stringify(a, null, rand(3))
      expect(byteRows(scanRangeAnswer(answer(logs, { text }), 3))).toEqual(logs.map((l) => generalRow(l)))
    }
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
