import http from 'node:http'

export interface RawAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

export interface RawRequest {
  method?: string
  /** Sent as written: no normalisation of `..` or percent-encoding, unlike fetch. */
  path: string
  headers?: Record<string, string>
  body?: Buffer | string
  /** Send the body in 64 KiB chunks without a Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean
}

/**
 * One HTTP request to 127.0.0.1:`port` with every header as given (Host
 * included: `127.0.0.1:<port>` unless set). Resolves with the host's answer;
 * rejects with the socket's error (ECONNRESET, EPIPE) when the host resets.
 */
export function rawRequest(port: number, request: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const body = request.body === undefined ? undefined : Buffer.from(request.body)
    const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...request.headers }
    if (body && !request.chunked) headers['content-length'] = String(body.length)
    const req = http.request({ host: '127.0.0.1', port, method: request.method ?? 'GET', path: request.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    if (body && request.chunked) for (let at = 0; at < body.length; at += 65_536) req.write(body.subarray(at, at + 65_536))
    else if (body) req.write(body)
    req.end()
  })
}
