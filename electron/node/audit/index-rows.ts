/**
 * Contract events in the form the index writes them: hashes, ids and
 * addresses as bytes (BLOB columns), amounts, codes and dates as numbers
 * (INTEGER columns). The hot events come straight from the node's bytes in
 * this form (log-bytes-decode); every other event, and any log the byte path
 * leaves alone, is decoded by the ledger's decoder and converted by rowOf.
 */
import type { ReliefEvent, ReliefEventName } from '../ledger/contract/events'
import { buf } from './blobs'

interface RowPosition {
  block: number
  logIndex: number
  blockHash: Buffer
  txHash: Buffer
  /** Unix seconds of the block; null until read from its header for nodes whose eth_getLogs has no block times. */
  blockTime: number | null
}

type Fields =
  | {
      name: 'EntitlementApproved'
      id: Buffer
      programId: number
      commitment: Buffer
      township: number
      village: number
      amount: number
      validFrom: number
      validUntil: number
      proxyAllowed: boolean
      maskedName: string
    }
  | { name: 'Disbursed'; id: Buffer; programId: number; terminal: Buffer; township: number; village: number; amount: number; claimRef: Buffer }
  | { name: 'Settled'; id: Buffer; amount: number }
  | { name: 'EntitlementRevoked'; id: Buffer }
  | { name: 'ProgramCreated'; programId: number; programName: string; region: number; budget: number }
  | { name: 'Funded'; programId: number; funder: Buffer; funderName: string; amount: number }
  | { name: Exclude<ReliefEventName, 'EntitlementApproved' | 'Disbursed' | 'Settled' | 'EntitlementRevoked' | 'ProgramCreated' | 'Funded'> }

export type IndexRow = RowPosition & Fields

/** A row whose block time is known, as the writer takes it. */
export type TimedRow = IndexRow & { blockTime: number }

/** The row for an event decoded by the ledger's decoder. */
export function rowOf(e: ReliefEvent, blockTime: number | null): IndexRow {
  const at: RowPosition = { block: e.blockNumber, logIndex: e.logIndex, blockHash: buf(e.blockHash), txHash: buf(e.transactionHash), blockTime }
  switch (e.name) {
    case 'EntitlementApproved': {
      const a = e.args
      return {
        ...at,
        name: e.name,
        id: buf(a.entitlementId),
        programId: Number(a.programId),
        commitment: buf(a.commitment),
        township: a.township,
        village: a.village,
        amount: Number(a.amount),
        validFrom: a.validFrom,
        validUntil: a.validUntil,
        proxyAllowed: a.proxyAllowed,
        maskedName: a.maskedName,
      }
    }
    case 'Disbursed': {
      const a = e.args
      const { township, village } = a
      return {
        ...at,
        name: e.name,
        id: buf(a.entitlementId),
        programId: Number(a.programId),
        terminal: buf(a.terminal),
        township,
        village,
        amount: Number(a.amount),
        claimRef: buf(a.claimRef),
      }
    }
    case 'Settled':
      return { ...at, name: e.name, id: buf(e.args.entitlementId), amount: Number(e.args.amount) }
    case 'EntitlementRevoked':
      return { ...at, name: e.name, id: buf(e.args.entitlementId) }
    case 'ProgramCreated':
      return { ...at, name: e.name, programId: Number(e.args.programId), programName: e.args.name, region: e.args.region, budget: Number(e.args.budget) }
    case 'Funded':
      return {
        ...at,
        name: e.name,
        programId: Number(e.args.programId),
        funder: buf(e.args.funder),
        funderName: e.args.funderName,
        amount: Number(e.args.amount),
      }
    default:
      return { ...at, name: e.name }
  }
}
