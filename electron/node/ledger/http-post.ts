/**
 * How RpcClient carries a JSON-RPC body to a node and back: one POST, the
 * answer's bytes whole.
 *
 * fetchPost (WHATWG fetch) suits ordinary calls. httpPost (node:http, kept-
 * alive sockets) is for megabyte answers read by a thread with nothing else
 * to do: fetch hands each piece of a large body through a web stream, a few
 * promises per piece, and an idle thread gets the body in many small pieces.
 * httpPost copies each piece into one buffer the size the node announced.
 */
import http from 'node:http'
import https from 'node:https'

export interface PostAnswer {
  status: number
  body: ArrayBuffer
}

/** Throws an Error named 'TimeoutError' when the node has not answered in time; other errors carry the socket's `code`. */
export type HttpPost = (url: string, body: string, timeoutMs: number) => Promise<PostAnswer>

export const fetchPost: HttpPost = async (url, body, timeoutMs) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(timeoutMs) })
  return { status: response.status, body: response.ok ? await response.arrayBuffer() : new ArrayBuffer(0) }
}

const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) }

export const httpPost: HttpPost = (url, body, timeoutMs) =>
  new Promise((resolve, reject) => {
    const target = new URL(url)
    const protocol = target.protocol === 'https:' ? 'https:' : 'http:'
    const request = (protocol === 'https:' ? https : http).request(target, {
      method: 'POST',
      agent: agents[protocol],
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    })
    const timer = setTimeout(() => request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs)
    const fail = (e: Error) => {
      clearTimeout(timer)
      reject(e)
    }
    request.on('error', fail)
    request.on('response', (response) => {
      response.on('error', fail)
      const announced = Number(response.headers['content-length'])
      const body = new BodyBuffer(Number.isSafeInteger(announced) && announced >= 0 ? announced : 64 * 1024)
      response.on('data', (piece: Buffer) => body.append(piece))
      response.on('end', () => {
        clearTimeout(timer)
        resolve({ status: response.statusCode ?? 0, body: body.bytes() })
      })
    })
    request.end(body)
  })

/** The body's pieces copied into one growing buffer. */
class BodyBuffer {
  private buffer: Uint8Array
  private length = 0

  constructor(capacity: number) {
    this.buffer = new Uint8Array(capacity)
  }

  append(piece: Uint8Array): void {
    if (this.length + piece.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + piece.length))
      grown.set(this.buffer.subarray(0, this.length))
      this.buffer = grown
    }
    this.buffer.set(piece, this.length)
    this.length += piece.length
  }

  /** The bytes received, in an ArrayBuffer of exactly their length (so it can be transferred to another thread whole). */
  bytes(): ArrayBuffer {
    if (this.length === this.buffer.length) return this.buffer.buffer as ArrayBuffer
    return this.buffer.slice(0, this.length).buffer
  }
}
