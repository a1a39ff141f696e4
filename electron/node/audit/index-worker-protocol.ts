/**
 * Messages between the audit follower (main thread), the index worker and
 * its range reader, and how errors cross the thread boundary without losing
 * their kind: the follower must tell a reorganisation from a node refusing a
 * range.
 */
import type { Hex } from '../../common/ledger/hex'
import { type RawBatch, RpcError, type RpcRequest } from '../ledger/rpc-client'
import type { AppliedRange } from './index-writer'
import { RangeInconsistent, type RangeRequest, ReorgDetected } from './log-source'

export interface IndexWorkerData {
  dbPath: string
  /** For nodes whose eth_getLogs has no block times, the worker reads the headers itself. */
  endpoints: string[]
  timeoutMs: number
  maxBatch: number
}

export type IndexWorkerRequest =
  | { id: number; op: 'apply'; range: RangeRequest; calls: RpcRequest[] }
  | { id: number; op: 'rollback'; block: number; hash: Hex | null; time: number | null }
  | { id: number; op: 'close' }

export interface IndexWorkerResults {
  apply: AppliedRange
  rollback: number
  close: null
}

/** The index worker asks its range reader for one range's batch; the answer's bytes come back transferred. */
export interface RangeReadRequest {
  id: number
  calls: RpcRequest[]
}

/** Id 0 says the reader is up; every other id answers the request of that id. */
export type RangeReadReply = { id: 0; ok: true; raw: null } | { id: number; ok: true; raw: RawBatch } | { id: number; ok: false; error: WireError }

export type IndexWorkerReply = { id: number; ok: true; value: IndexWorkerResults[keyof IndexWorkerResults] } | { id: number; ok: false; error: WireError }

export interface WireError {
  kind: 'reorg' | 'inconsistent' | 'rpc' | 'other'
  message: string
  code?: string
  block?: number
  details?: RpcError['details']
}

export function errorToWire(e: unknown): WireError {
  if (e instanceof ReorgDetected) return { kind: 'reorg', message: e.detail, block: e.block }
  if (e instanceof RangeInconsistent) return { kind: 'inconsistent', message: e.message }
  if (e instanceof RpcError) return { kind: 'rpc', message: e.message, code: e.code, details: e.details }
  const err = e instanceof Error ? e : new Error(String(e))
  return { kind: 'other', message: err.message, code: (err as { code?: string }).code }
}

export function errorFromWire(w: WireError): Error {
  switch (w.kind) {
    case 'reorg':
      return new ReorgDetected(w.block!, w.message)
    case 'inconsistent':
      return new RangeInconsistent(w.message)
    case 'rpc':
      return new RpcError(w.code as RpcError['code'], w.message, w.details)
    default:
      return Object.assign(new Error(w.message), w.code ? { code: w.code } : {})
  }
}
