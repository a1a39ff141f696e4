import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { FACES, type Face, maxBodyBytesFor } from '../common/contract'
import type { App } from '../node/app/compose'
import { SECURITY_HEADERS } from './security'
import { mimeType, resolveUnder } from './static-files'

export interface HostServerOptions {
  /** The built renderer (index.html + assets). */
  rendererDir: string
  /** Static resources served under /resources/ (audio prompts, images). */
  resourcesDir: string
  port: number
  /**
   * HUIMIN_COUNTER_TOKEN: the counter face's token, given at start. The
   * counter page is then served without it, so only those who were told it
   * can make counter calls; unset or null for a random token served in the page.
   */
  counterToken?: string | null
}

export interface HostServer {
  readonly port: number
  readonly urls: Record<Face, string>
  dispose(): Promise<void>
}

/**
 * The browser host: serves the renderer to a browser on 127.0.0.1 and carries
 * the IPC contract over HTTP (calls) and Server-Sent Events (events). Each
 * face's page carries a token that binds its calls to that face, as an
 * Electron window is bound to its face. A counter token given at start is
 * never served: the operator enters it in the page.
 */
export async function startHostServer(app: App, options: HostServerOptions): Promise<HostServer> {
  const tokenOf = new Map<Face, string>(FACES.map((face) => [face, (face === 'counter' && options.counterToken) || randomBytes(24).toString('hex')]))
  const faceOf = new Map<string, Face>([...tokenOf].map(([face, token]) => [token, face]))
  /** The token a face's page carries: none for a counter whose token was given at start. */
  const servedToken = (face: Face) => (face === 'counter' && options.counterToken ? null : tokenOf.get(face)!)
  const indexHtml = fs.readFileSync(path.join(options.rendererDir, 'index.html'), 'utf8')
  const sseClients = new Set<http.ServerResponse>()
  let port = 0

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      app.log.error('host request failed', { url: req.url?.slice(0, 200), error: e as Error })
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error')
      else res.end()
    })
  })

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!isLocalHost(req.headers.host, port)) return send(res, 421, 'text/plain; charset=utf-8', 'Misdirected request')
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    const segments = url.pathname.split('/').filter(Boolean)

    if (segments[0] === 'api') {
      if (req.method === 'POST' && segments[1] === 'call' && segments.length === 3) return handleCall(req, res, segments[2]!)
      if (req.method === 'GET' && segments[1] === 'events' && segments.length === 2) return handleEvents(req, res, url)
      if (req.method === 'GET' && segments[1] === 'health') return sendJson(res, 200, { ok: true })
      return sendJson(res, 404, { ok: false, error: { code: 'HOST_NOT_FOUND', message: 'No such endpoint' } })
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed')

    if (segments.length === 0) return send(res, 200, 'text/html; charset=utf-8', landingPage())
    const face = FACES.find((f) => f === segments[0])
    if (face && segments.length === 1) {
      if (!url.pathname.endsWith('/')) return redirect(res, `/${face}/`)
      const token = servedToken(face)
      const page = indexHtml.replace(
        '<head>',
        `<head>\n    <meta name="huimin-face" content="${face}">${token ? `\n    <meta name="huimin-token" content="${token}">` : ''}`,
      )
      return send(res, 200, 'text/html; charset=utf-8', page, { 'cache-control': 'no-store' })
    }
    const rest = face ? segments.slice(1) : segments
    if (rest[0] === 'resources') return serveFile(res, options.resourcesDir, rest.slice(1).join('/'))
    return serveFile(res, options.rendererDir, rest.join('/'))
  }

  async function handleCall(req: http.IncomingMessage, res: http.ServerResponse, encodedName: string): Promise<void> {
    if (!isSameOrigin(req.headers.origin, port))
      return sendJson(res, 403, { ok: false, error: { code: 'CALL_FORBIDDEN', message: 'Cross-origin call refused' } })
    const face = faceOf.get(String(req.headers['x-huimin-token'] ?? ''))
    if (!face) return sendJson(res, 401, { ok: false, error: { code: 'CALL_FORBIDDEN', message: 'Missing or unknown face token' } })
    const name = decodePathSegment(encodedName)
    if (name === null) return sendJson(res, 400, { ok: false, error: { code: 'CALL_BAD_INPUT', message: 'Call name is not valid percent-encoding' } })
    const limit = maxBodyBytesFor(name)
    const body = await readBody(req, limit)
    // Connection: close, as the rest of the body is read and thrown away rather than answered.
    if (body === null) return sendJson(res, 413, { ok: false, error: { code: 'CALL_TOO_LARGE', message: `Body over ${limit} bytes` } }, { connection: 'close' })
    let input: unknown
    try {
      input = JSON.parse(body || '{}')
    } catch (e) {
      return sendJson(res, 400, { ok: false, error: { code: 'CALL_BAD_INPUT', message: `Body is not JSON: ${(e as Error).message}` } })
    }
    const result = await app.dispatch(face, name, input)
    sendJson(res, 200, result)
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    const face = faceOf.get(url.searchParams.get('token') ?? '')
    if (!face) return sendJson(res, 401, { ok: false, error: { code: 'CALL_FORBIDDEN', message: 'Missing or unknown face token' } })
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' })
    res.write(': connected\n\n')
    sseClients.add(res)
    const unsubscribe = app.bus.subscribe(face, (name, payload) => {
      res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)
    })
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000)
    req.on('close', () => {
      clearInterval(keepAlive)
      unsubscribe()
      sseClients.delete(res)
    })
  }

  function serveFile(res: http.ServerResponse, root: string, relative: string): void {
    const file = resolveUnder(root, relative)
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'Not found')
    const cache = relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'
    send(res, 200, mimeType(file), fs.readFileSync(file), { 'cache-control': cache })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  const urls = Object.fromEntries(FACES.map((f) => [f, `http://127.0.0.1:${port}/${f}/`])) as Record<Face, string>

  return {
    port,
    urls,
    dispose: () =>
      new Promise<void>((resolve) => {
        for (const client of sseClients) client.end()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function landingPage(): string {
  const links = FACES.map((f) => `<li><a href="/${f}/">${f}</a></li>`).join('')
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>惠民终端 Huimin Kiosk</title></head><body><h1>惠民终端 Huimin Kiosk</h1><ul>${links}</ul></body></html>`
}

/** DNS-rebinding defence: only answer requests addressed to the loopback host we listen on. */
function isLocalHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`
}

function isSameOrigin(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
}

function decodePathSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

/**
 * The request's body as text, or null as soon as it is known to pass `limit`
 * bytes (by its Content-Length or as it arrives). The rest is then read and
 * dropped, not reset, so the client can read the answer.
 */
function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  if (Number(req.headers['content-length']) > limit) return Promise.resolve(null)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (c: Buffer) => {
      size += c.length
      if (size <= limit) return void chunks.push(c)
      chunks.length = 0
      req.off('data', onData)
      req.resume()
      resolve(null)
    }
    req.on('data', onData)
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, ...extra })
  res.end(body)
}

function sendJson(res: http.ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), { 'cache-control': 'no-store', ...extra })
}

function redirect(res: http.ServerResponse, location: string): void {
  res.writeHead(302, { ...SECURITY_HEADERS, location })
  res.end()
}
