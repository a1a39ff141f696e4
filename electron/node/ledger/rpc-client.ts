/**
 * A JSON-RPC client over several endpoints with failover, per-request
 * timeouts, batching and typed errors. Retries and timeouts live here, not in
 * every caller.
 */

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

export interface EndpointState {
  url: string
  reachable: boolean
  lastError: string | null
  latencyMs: number | null
}

export interface RpcClientOptions {
  endpoints: string[]
  timeoutMs?: number
}

interface JsonRpcResponse {
  jsonrpc: '2.0'
  id: number
  result?: unknown
  error?: { code: number; message: string; data?: unknown }
}

export class RpcClient {
  private readonly states: EndpointState[]
  private readonly timeoutMs: number
  private preferred = 0
  private nextId = 1

  constructor(options: RpcClientOptions) {
    if (options.endpoints.length === 0) throw new Error('RpcClient needs at least one endpoint')
    this.states = options.endpoints.map((url) => ({ url, reachable: false, lastError: null, latencyMs: null }))
    this.timeoutMs = options.timeoutMs ?? 5000
  }

  get endpoints(): readonly EndpointState[] {
    return this.states.map((s) => ({ ...s }))
  }

  /** One call; fails over to the next endpoint on transport errors. */
  async request<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const [result] = await this.batch<T>([{ method, params }])
    if (result instanceof RpcError) throw result
    return result as T
  }

  /**
   * Several calls in one HTTP request. Transport failures fail over and throw;
   * per-call node errors come back in place as RpcError values, in request order.
   */
  async batch<T = unknown>(requests: RpcRequest[]): Promise<(T | RpcError)[]> {
    if (requests.length === 0) return []
    let lastError: RpcError | null = null
    for (let attempt = 0; attempt < this.states.length; attempt++) {
      const index = (this.preferred + attempt) % this.states.length
      const state = this.states[index]!
      try {
        const results = await this.send<T>(state, requests)
        this.preferred = index
        return results
      } catch (e) {
        lastError = e instanceof RpcError ? e : new RpcError('RPC_UNREACHABLE', String(e), { endpoint: state.url }, { cause: e })
        state.reachable = false
        state.lastError = lastError.message
      }
    }
    throw lastError!
  }

  private async send<T>(state: EndpointState, requests: RpcRequest[]): Promise<(T | RpcError)[]> {
    const firstId = this.nextId
    this.nextId += requests.length
    const body = requests.map((r, i) => ({ jsonrpc: '2.0', id: firstId + i, method: r.method, params: r.params }))
    const started = performance.now()
    let response: Response
    try {
      response = await fetch(state.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body.length === 1 ? body[0] : body),
        signal: AbortSignal.timeout(this.timeoutMs),
      })
    } catch (e) {
      const timedOut = (e as Error).name === 'TimeoutError'
      throw new RpcError(
        timedOut ? 'RPC_TIMEOUT' : 'RPC_UNREACHABLE',
        timedOut ? `${state.url} did not answer within ${this.timeoutMs} ms` : `${state.url} is unreachable: ${describeFetchError(e)}`,
        { endpoint: state.url },
        { cause: e },
      )
    }
    if (!response.ok) throw new RpcError('RPC_HTTP', `${state.url} answered HTTP ${response.status}`, { endpoint: state.url })
    let json: unknown
    try {
      json = await response.json()
    } catch (e) {
      throw new RpcError('RPC_BAD_RESPONSE', `${state.url} sent a body that is not JSON`, { endpoint: state.url }, { cause: e })
    }
    const list = (Array.isArray(json) ? json : [json]) as JsonRpcResponse[]
    const byId = new Map(list.map((r) => [r?.id, r]))
    state.reachable = true
    state.lastError = null
    state.latencyMs = Math.round(performance.now() - started)
    return body.map((req) => {
      const r = byId.get(req.id)
      if (!r) return new RpcError('RPC_BAD_RESPONSE', `${state.url} sent no answer for ${req.method}`, { endpoint: state.url })
      if (r.error)
        return new RpcError('RPC_NODE_ERROR', `${req.method}: ${r.error.message}`, { endpoint: state.url, rpcCode: r.error.code, data: r.error.data })
      return r.result as T
    })
  }
}

function describeFetchError(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? (e as Error).message
}

export const hexToNumber = (hex: string): number => Number.parseInt(hex, 16)
