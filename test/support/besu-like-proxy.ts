/**
 * A real HTTP proxy in front of an EVM node that makes it answer like
 * Hyperledger Besu, the production chain:
 * - every answer loses the non-standard `"blockTimestamp":"0x…"` member anvil
 *   and geth ≥ 1.15 add to logs (unless `stripTimes: false`); the rest of each
 *   answer is passed on byte for byte;
 * - with `maxBatch`, a batch of more calls is refused whole without reaching
 *   the node, as Besu's --rpc-http-max-batch-size does: HTTP 200 and one
 *   JSON-RPC error object with id null and code -32005.
 *
 *   const proxy = await startBesuLikeProxy(anvil.url, { maxBatch: 50 })
 *   new RpcClient({ endpoints: [proxy.url] })
 *   ...
 *   await proxy.close()
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** The member with the comma that joins it to its neighbour (before it, or after it when it comes first). */
const BLOCK_TIMESTAMP = /,"blockTimestamp":"0x[0-9a-fA-F]*"|"blockTimestamp":"0x[0-9a-fA-F]*",?/g

/** Besu's answer to a batch above its cap (RpcErrorType.EXCEEDS_RPC_MAX_BATCH_SIZE). */
export const BATCH_TOO_LARGE = { jsonrpc: '2.0', id: null, error: { code: -32005, message: 'Number of requests exceeds max batch size' } } as const

export interface BesuLikeProxyOptions {
  /** Most calls one batch may hold; larger batches are refused. No cap when absent. */
  maxBatch?: number
  /** Remove `blockTimestamp` from answers (default true). */
  stripTimes?: boolean
  /**
   * Answer every eth_sendRawTransaction with this JSON-RPC error instead of
   * passing it on, as Besu does for a sender its permissioning refuses. A
   * batch mixing sends with other calls is answered HTTP 400.
   */
  refuseSends?: { code: number; message: string }
}

/** One HTTP request as the proxy received it. */
export interface ProxiedRequest {
  /** The calls it held, in order (one for a request that is not a batch). */
  calls: { method: string; params: unknown[] }[]
  batch: boolean
  refused: boolean
}

export interface BesuLikeProxy {
  readonly url: string
  /** How many `blockTimestamp` members were removed from answers so far. */
  readonly stripped: number
  /** How many calls of each JSON-RPC method came through (a batch counts each of its calls; refused ones too). */
  readonly calls: ReadonlyMap<string, number>
  /** Every HTTP request received so far, in arrival order. */
  readonly requests: readonly ProxiedRequest[]
  /** How many batches were refused for holding more than maxBatch calls. */
  readonly refusedBatches: number
  close(): Promise<void>
}

export function stripBlockTimestamps(json: string): { text: string; count: number } {
  let count = 0
  const text = json.replace(BLOCK_TIMESTAMP, () => {
    count++
    return ''
  })
  return { text, count }
}

export async function startBesuLikeProxy(target: string, options: BesuLikeProxyOptions = {}): Promise<BesuLikeProxy> {
  const upstream = new URL(target)
  const stripTimes = options.stripTimes ?? true
  const calls = new Map<string, number>()
  const requests: ProxiedRequest[] = []
  let stripped = 0
  let refusedBatches = 0

  /** Records the request; null when its body is not JSON (forwarded as is: the node answers with its own error). */
  const record = (body: Buffer): ProxiedRequest | null => {
    let parsed: unknown
    try {
      parsed = JSON.parse(body.toString('utf8'))
    } catch {
      return null
    }
    const list = (Array.isArray(parsed) ? parsed : [parsed]) as { method?: unknown; params?: unknown }[]
    const request: ProxiedRequest = { calls: [], batch: Array.isArray(parsed), refused: false }
    for (const call of list) {
      if (typeof call?.method !== 'string') continue
      calls.set(call.method, (calls.get(call.method) ?? 0) + 1)
      request.calls.push({ method: call.method, params: Array.isArray(call.params) ? call.params : [] })
    }
    requests.push(request)
    return request
  }

  const refuse = (res: http.ServerResponse) => {
    const out = Buffer.from(JSON.stringify(BATCH_TOO_LARGE), 'utf8')
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': out.length })
    res.end(out)
  }

  const refuseSends = (res: http.ServerResponse, body: Buffer, onlySends: boolean, error: { code: number; message: string }) => {
    if (!onlySends) {
      res.writeHead(400)
      res.end()
      return
    }
    const parsed = JSON.parse(body.toString('utf8')) as { id: unknown } | { id: unknown }[]
    const answer = (call: { id: unknown }) => ({ jsonrpc: '2.0', id: call.id, error })
    const out = Buffer.from(JSON.stringify(Array.isArray(parsed) ? parsed.map(answer) : answer(parsed)), 'utf8')
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': out.length })
    res.end(out)
  }

  const forward = (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => {
    const upstreamRequest = http.request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        path: upstream.pathname,
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json', 'content-length': body.length },
      },
      (answer) => {
        const parts: Buffer[] = []
        answer.on('data', (c: Buffer) => parts.push(c))
        answer.on('end', () => {
          let out = Buffer.concat(parts)
          if (stripTimes) {
            const { text, count: removed } = stripBlockTimestamps(out.toString('utf8'))
            stripped += removed
            out = Buffer.from(text, 'utf8')
          }
          res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json', 'content-length': out.length })
          res.end(out)
        })
        answer.on('error', (e) => res.destroy(e))
      },
    )
    upstreamRequest.on('error', () => {
      res.writeHead(502)
      res.end()
    })
    upstreamRequest.end(body)
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const request = record(body)
      if (request?.batch && options.maxBatch !== undefined && request.calls.length > options.maxBatch) {
        request.refused = true
        refusedBatches++
        refuse(res)
        return
      }
      const sends = request?.calls.filter((c) => c.method === 'eth_sendRawTransaction').length ?? 0
      if (options.refuseSends && sends > 0) {
        refuseSends(res, body, sends === request!.calls.length, options.refuseSends)
        return
      }
      forward(req, body, res)
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    get stripped() {
      return stripped
    },
    calls,
    requests,
    get refusedBatches() {
      return refusedBatches
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()))
        server.closeAllConnections()
      }),
  }
}
