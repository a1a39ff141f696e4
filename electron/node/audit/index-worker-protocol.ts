/**
 * Messages between the audit follower (main thread), the index worker and
 * its range reader, and how errors cross the thread boundary without losing
 * their kind: the follower must tell a reorganisation from a node refusing a
 * range.
 */
import type { MessagePort } from 'node:worker_threads'
import type { Hex } from '../../common/ledger/hex'
import { type RawBatch, RpcError, type RpcRequest } from '../ledger/rpc-client'
import type { AppliedRange } from './index-writer'
import { RangeInconsistent, type RangeRequest, ReorgDetected } from './log-source'

/** What the follower gives the index worker pair; the client adds the port that joins the two threads. */
export interface IndexWorkerData {
  dbPath: string
  /** The reader reads ranges from these; for nodes whose eth_getLogs has no block times, the worker reads the headers itself. */
  endpoints: string[]
  timeoutMs: number
  maxBatch: number
}

/** The range reader's answers travel on `answers`, straight to the index worker (range-answers.ts). */
export type PairedWorkerData = IndexWorkerData & { answers: MessagePort }

export type IndexWorkerRequest =
  | { id: number; op: 'apply'; range: RangeRequest; calls: RpcRequest[] }
  | { id: number; op: 'rollback'; block: number; hash: Hex | null; time: number | null }
  | { id: number; op: 'close' }

export interface IndexWorkerResults {
  apply: AppliedRange
  rollback: number
  close: null
}

/**
 * The follower asks the range reader for the batch of the apply request with the same id; the reader sends
 * the answer's bytes (transferred) to the index worker.
 */
export interface RangeReadRequest {
  id: number
  calls: RpcRequest[]
}

export type RangeReadReply = { id: number; ok: true; raw: RawBatch } | { id: number; ok: false; error: WireError }

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
