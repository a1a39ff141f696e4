/** The committed artefact matches the source, and event decoding matches viem. */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { encodeAbiParameters, encodeEventTopics } from 'viem'
import { ARTEFACT_FILE, compileContract, serializeArtefact } from '../../scripts/compile-contract'
import { HUIMIN_RELIEF_ABI } from '../../electron/node/ledger/contract/abi'
import { EVENT_TOPICS, LogDecodeError, decodeReliefLog } from '../../electron/node/ledger/contract/events'
import { decodeReliefRevert } from '../../electron/node/ledger/contract/revert-error'
import { encodeErrorResult } from 'viem'

describe('HuiminRelief artefact', () => {
  it('is what solc-js builds from the committed source', () => {
    expect(fs.readFileSync(ARTEFACT_FILE, 'utf8')).toBe(serializeArtefact(compileContract()))
  }, 60_000)

  it('has every agreed event and custom error', () => {
    const names = (type: string) =>
      HUIMIN_RELIEF_ABI.filter((i) => i.type === type)
        .map((i) => i.name)
        .sort()
    expect(names('event')).toEqual([
      'ComplaintFiled',
      'ComplaintResolved',
      'DayClosed',
      'Disbursed',
      'EntitlementApproved',
      'EntitlementRevoked',
      'Funded',
      'ProgramCreated',
      'RoleGranted',
      'RoleRevoked',
      'Settled',
      'TerminalDeregistered',
      'TerminalRegistered',
    ])
    expect(names('error')).toEqual([
      'AlreadyPaid',
      'AlreadySettled',
      'DayAlreadyClosed',
      'DuplicateEntitlement',
      'Expired',
      'InsufficientFunds',
      'NotAuthorized',
      'NotPaid',
      'NotTerminal',
      'NotYetValid',
      'Revoked',
      'UnknownEntitlement',
      'UnknownProgram',
      'WrongTownship',
    ])
  })
})

describe('event decoding', () => {
  const abi = HUIMIN_RELIEF_ABI as never
  const meta = {
    address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    blockNumber: '0x10',
    blockHash: `0x${'aa'.repeat(32)}`,
    transactionHash: `0x${'bb'.repeat(32)}`,
    logIndex: '0x2',
  }
  const id = `0x${'01'.repeat(32)}` as const
  const terminal = `0x${'0c'.repeat(20)}` as const

  it('decodes Disbursed built by viem', () => {
    const topics = encodeEventTopics({ abi, eventName: 'Disbursed', args: { entitlementId: id, programId: 3n, terminal } } as never)
    const data = encodeAbiParameters(
      [{ type: 'uint64' }, { type: 'uint64' }, { type: 'uint256' }, { type: 'bytes32' }, { type: 'bytes32' }],
      [410122101n, 410122101201n, 50_000n, `0x${'02'.repeat(32)}`, `0x${'03'.repeat(32)}`],
    )
    expect(topics[0]).toBe(EVENT_TOPICS.Disbursed)
    const e = decodeReliefLog({ ...meta, topics: topics as string[], data })
    expect(e).toEqual({
      name: 'Disbursed',
      args: {
        entitlementId: id,
        programId: 3n,
        terminal,
        township: 410122101,
        village: 410122101201,
        amount: 50_000n,
        evidenceHash: `0x${'02'.repeat(32)}`,
        claimRef: `0x${'03'.repeat(32)}`,
      },
      address: meta.address.toLowerCase(),
      blockNumber: 16,
      blockHash: meta.blockHash,
      transactionHash: meta.transactionHash,
      logIndex: 2,
      removed: false,
    })
  })

  it('decodes EntitlementApproved with a Chinese masked name', () => {
    const topics = encodeEventTopics({
      abi,
      eventName: 'EntitlementApproved',
      args: { entitlementId: id, programId: 1n, commitment: `0x${'09'.repeat(32)}` },
    } as never)
    const data = encodeAbiParameters(
      [{ type: 'uint64' }, { type: 'uint64' }, { type: 'uint256' }, { type: 'uint64' }, { type: 'uint64' }, { type: 'bool' }, { type: 'string' }],
      [410122101n, 410122101201n, 120_000n, 1n, 2n ** 64n - 1n, true, '张*国'],
    )
    const e = decodeReliefLog({ ...meta, topics: topics as string[], data })
    expect(e?.name).toBe('EntitlementApproved')
    if (e?.name !== 'EntitlementApproved') return
    expect(e.args.maskedName).toBe('张*国')
    expect(e.args.proxyAllowed).toBe(true)
    expect(e.args.validUntil).toBe(Number.MAX_SAFE_INTEGER)
  })

  it('ignores foreign logs and rejects malformed ones', () => {
    expect(decodeReliefLog({ ...meta, topics: [`0x${'ee'.repeat(32)}`], data: '0x' })).toBeNull()
    expect(() => decodeReliefLog({ ...meta, topics: [EVENT_TOPICS.Settled], data: '0x' })).toThrow(LogDecodeError)
    expect(() => decodeReliefLog({ ...meta, topics: [EVENT_TOPICS.Settled, id], data: '0x12' })).toThrow(LogDecodeError)
  })

  it('decodes custom errors as viem encodes them', () => {
    const data = encodeErrorResult({ abi, errorName: 'InsufficientFunds', args: [5n, 9n] } as never)
    expect(decodeReliefRevert(data)).toMatchObject({ name: 'InsufficientFunds', args: { available: 5n, needed: 9n } })
    expect(decodeReliefRevert(encodeErrorResult({ abi, errorName: 'AlreadyPaid' } as never)).name).toBe('AlreadyPaid')
    expect(decodeReliefRevert('0xdeadbeef').name).toBe('Unknown')
  })
})
