/**
 * A JSON-RPC client over several endpoints with failover, per-request
 * timeouts, batching and typed errors. Retries and timeouts live here, not in
 * every caller.
 */
import { type HttpPost, fetchPost } from './http-post'

export class RpcError extends Error {
  constructor(
    readonly code: 'RPC_UNREACHABLE' | 'RPC_TIMEOUT' | 'RPC_HTTP' | 'RPC_BAD_RESPONSE' | 'RPC_NODE_ERROR',
    message: string,
    readonly details: { endpoint?: string; rpcCode?: number; data?: unknown } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'RpcError'
  }
  /** True when another endpoint might succeed (as opposed to the node rejecting the request). */
  get transient(): boolean {
    return this.code !== 'RPC_NODE_ERROR'
  }
}

export interface RpcRequest {
  method: string
  params: unknown[]
}

/** Per call: a caller that has a better answer to fall back on waits less than the client's default. */
export interface CallOptions {
  timeoutMs?: number
}

export interface EndpointState {
  url: string
  reachable: boolean
  lastError: string | null
  latencyMs: number | null
}

export interface RpcClientOptions {
  endpoints: string[]
  timeoutMs?: number
  /** Most calls sent in one HTTP request; longer batches go as several. */
  maxBatch?: number
  /** How a request reaches the node (http-post.ts); fetch unless a thread reading megabyte answers asks for node:http. */
  post?: HttpPost
}

/**
 * Nodes cap the calls in one batch (Besu's --rpc-http-max-batch-size was
 * introduced with a default of 50; bor allows 100) and refuse the whole batch
 * above it.
 */
export const DEFAULT_MAX_BATCH = 50

interface JsonRpcResponse {
  jsonrpc: '2.0'
  id: number
  result?: unknown
  error?: { code: number; message: string; data?: unknown }
}

export class RpcClient {
  private readonly states: EndpointState[]
  readonly timeoutMs: number
  readonly maxBatch: number
  private readonly post: HttpPost
  private preferred = 0
  private nextId = 1

  constructor(options: RpcClientOptions) {
    if (options.endpoints.length === 0) throw new Error('RpcClient needs at least one endpoint')
    this.states = options.endpoints.map((url) => ({ url, reachable: false, lastError: null, latencyMs: null }))
    this.timeoutMs = options.timeoutMs ?? 5000
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH
    this.post = options.post ?? fetchPost
  }

  get endpoints(): readonly EndpointState[] {
    return this.states.map((s) => ({ ...s }))
  }

  /** One call; fails over to the next endpoint on transport errors. */
  async request<T = unknown>(method: string, params: unknown[] = [], options: CallOptions = {}): Promise<T> {
    const [result] = await this.batch<T>([{ method, params }], options)
    if (result instanceof RpcError) throw result
    return result as T
  }

  /**
   * Several calls in one HTTP request (several above maxBatch, one after the
   * other). Transport failures fail over and throw; per-call node errors come
   * back in place as RpcError values, in request order.
   */
  async batch<T = unknown>(requests: RpcRequest[], options: CallOptions = {}): Promise<(T | RpcError)[]> {
    const results: (T | RpcError)[] = []
    for (let i = 0; i < requests.length; i += this.maxBatch) {
      const part = requests.slice(i, i + this.maxBatch)
      results.push(...(await this.withFailover(async (state) => decodeBatch<T>(await this.send(state, part, options.timeoutMs ?? this.timeoutMs), part))))
    }
    return results
  }

  /**
   * Like batch, but hands back the answer's bytes as they came over the wire,
   * for a caller that reads them without JSON.parse (the audit index worker)
   * or parses them later with decodeBatch.
   */
  async batchRaw(requests: RpcRequest[]): Promise<RawBatch> {
    if (requests.length === 0 || requests.length > this.maxBatch) throw new Error(`batchRaw takes 1 to ${this.maxBatch} requests`)
    return this.withFailover((state) => this.send(state, requests, this.timeoutMs))
  }

  private async withFailover<R>(attemptOn: (state: EndpointState) => Promise<R>): Promise<R> {
    let lastError: RpcError | null = null
    for (let attempt = 0; attempt < this.states.length; attempt++) {
      const index = (this.preferred + attempt) % this.states.length
      const state = this.states[index]!
      try {
        const result = await attemptOn(state)
        this.preferred = index
        return result
      } catch (e) {
        lastError = e instanceof RpcError ? e : new RpcError('RPC_UNREACHABLE', String(e), { endpoint: state.url }, { cause: e })
        state.reachable = false
        state.lastError = lastError.message
      }
    }
    throw lastError!
  }

  private async send(state: EndpointState, requests: RpcRequest[], timeoutMs: number): Promise<RawBatch> {
    const firstId = this.nextId
    this.nextId += requests.length
    const calls = requests.map((r, i) => ({ jsonrpc: '2.0', id: firstId + i, method: r.method, params: r.params }))
    const started = performance.now()
    let body: ArrayBuffer
    try {
      const answer = await this.post(state.url, JSON.stringify(calls.length === 1 ? calls[0] : calls), timeoutMs)
      if (answer.status < 200 || answer.status > 299) throw new RpcError('RPC_HTTP', `${state.url} answered HTTP ${answer.status}`, { endpoint: state.url })
      body = answer.body
    } catch (e) {
      if (e instanceof RpcError) throw e
      const timedOut = (e as Error).name === 'TimeoutError'
      throw new RpcError(
        timedOut ? 'RPC_TIMEOUT' : 'RPC_UNREACHABLE',
        timedOut ? `${state.url} did not answer within ${timeoutMs} ms` : `${state.url} is unreachable: ${describeTransportError(e)}`,
        { endpoint: state.url },
        { cause: e },
      )
    }
    state.reachable = true
    state.lastError = null
    state.latencyMs = Math.round(performance.now() - started)
    return { body, firstId, endpoint: state.url }
  }
}

/** A batch's answer as the node sent it: UTF-8 JSON whose ids run from firstId in request order. */
export interface RawBatch {
  body: ArrayBuffer
  firstId: number
  endpoint: string
}

const utf8 = new TextDecoder()

/** Parses a raw answer into one result or RpcError per request, in request order. */
export function decodeBatch<T = unknown>(raw: RawBatch, requests: RpcRequest[]): (T | RpcError)[] {
  let json: unknown
  try {
    json = JSON.parse(utf8.decode(raw.body))
  } catch (e) {
    throw new RpcError('RPC_BAD_RESPONSE', `${raw.endpoint} sent a body that is not JSON`, { endpoint: raw.endpoint }, { cause: e })
  }
  const refusal = wholeBatchRefusal(json)
  if (refusal)
    return requests.map(
      (req) => new RpcError('RPC_NODE_ERROR', `${req.method}: ${refusal.message}`, { endpoint: raw.endpoint, rpcCode: refusal.code, data: refusal.data }),
    )
  const list = (Array.isArray(json) ? json : [json]) as JsonRpcResponse[]
  const byId = new Map(list.map((r) => [r?.id, r]))
  return requests.map((req, i) => {
    const r = byId.get(raw.firstId + i)
    if (!r) return new RpcError('RPC_BAD_RESPONSE', `${raw.endpoint} sent no answer for ${req.method}`, { endpoint: raw.endpoint })
    if (r.error)
      return new RpcError('RPC_NODE_ERROR', `${req.method}: ${r.error.message}`, { endpoint: raw.endpoint, rpcCode: r.error.code, data: r.error.data })
    return r.result as T
  })
}

/**
 * A node refusing a whole batch (Besu above --rpc-http-max-batch-size: -32005)
 * answers with one error object and a null id: every call gets that error, as
 * the node's own (not transient: another node with the same cap refuses too).
 */
function wholeBatchRefusal(json: unknown): JsonRpcResponse['error'] | null {
  if (Array.isArray(json) || typeof json !== 'object' || json === null) return null
  const r = json as Partial<JsonRpcResponse>
  return r.error && r.id == null ? r.error : null
}

/** fetch wraps the socket's error as its cause; node:http throws it directly. */
function describeTransportError(e: unknown): string {
  const { code, cause } = e as { code?: string; cause?: { code?: string; message?: string } }
  return cause?.code ?? code ?? cause?.message ?? (e as Error).message
}

export const hexToNumber = (hex: string): number => Number.parseInt(hex, 16)
