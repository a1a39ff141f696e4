/**
 * A real HTTP proxy in front of an EVM node that makes it answer like
 * Hyperledger Besu: requests go through unchanged, and every answer loses the
 * non-standard `"blockTimestamp":"0x…"` member anvil and geth ≥ 1.15 add to
 * logs. The rest of each answer is passed on byte for byte.
 *
 *   const proxy = await startLogTimeStrippingProxy(anvil.url)
 *   new RpcClient({ endpoints: [proxy.url] })
 *   ...
 *   await proxy.close()
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** The member with the comma that joins it to its neighbour (before it, or after it when it comes first). */
const BLOCK_TIMESTAMP = /,"blockTimestamp":"0x[0-9a-fA-F]*"|"blockTimestamp":"0x[0-9a-fA-F]*",?/g

export interface LogTimeStrippingProxy {
  readonly url: string
  /** How many `blockTimestamp` members were removed from answers so far. */
  readonly stripped: number
  /** How many calls of each JSON-RPC method came through (a batch counts each of its calls). */
  readonly calls: ReadonlyMap<string, number>
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

export async function startLogTimeStrippingProxy(target: string): Promise<LogTimeStrippingProxy> {
  const upstream = new URL(target)
  const calls = new Map<string, number>()
  let stripped = 0

  const count = (body: Buffer) => {
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { method?: unknown } | { method?: unknown }[]
      for (const call of Array.isArray(parsed) ? parsed : [parsed])
        if (typeof call.method === 'string') calls.set(call.method, (calls.get(call.method) ?? 0) + 1)
    } catch {
      // Not JSON: forwarded as is; the node answers with its own error.
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      count(body)
      const forward = http.request(
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
            const { text, count: removed } = stripBlockTimestamps(Buffer.concat(parts).toString('utf8'))
            stripped += removed
            const out = Buffer.from(text, 'utf8')
            res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json', 'content-length': out.length })
            res.end(out)
          })
          answer.on('error', (e) => res.destroy(e))
        },
      )
      forward.on('error', () => {
        res.writeHead(502)
        res.end()
      })
      forward.end(body)
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()))
        server.closeAllConnections()
      }),
  }
}
