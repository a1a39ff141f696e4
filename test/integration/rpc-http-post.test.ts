/**
 * httpPost, the node:http transport the audit range reader reads megabyte
 * answers with, on real sockets: against a real anvil, and against a small
 * node:http server that answers in the awkward ways a node or a proxy can (a
 * body in many small pieces with no length announced, an HTTP error, no
 * answer at all), and a closed port.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { toQuantity } from '../../electron/common/ledger/hex'
import { type AnvilNode, startAnvil } from '../../electron/node/ledger/anvil-node'
import { httpPost } from '../../electron/node/ledger/http-post'
import { RpcClient, RpcError, decodeBatch } from '../../electron/node/ledger/rpc-client'

type Answer = (req: http.IncomingMessage, res: http.ServerResponse, calls: { id: number }[]) => void

let anvil: AnvilNode | undefined
let server: http.Server | undefined
afterEach(async () => {
  await anvil?.dispose()
  anvil = undefined
  server?.closeAllConnections()
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)))
  server = undefined
})

async function serve(answer: Answer): Promise<string> {
  server = http.createServer((req, res) => {
    let text = ''
    req.on('data', (piece: Buffer) => (text += piece.toString('utf8')))
    req.on('end', () => {
      const body = JSON.parse(text) as { id: number } | { id: number }[]
      answer(req, res, Array.isArray(body) ? body : [body])
    })
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

async function rpcErrorOf(p: Promise<unknown>): Promise<RpcError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(RpcError)
  return e as RpcError
}

describe('httpPost (node:http transport)', () => {
  it('reads the same answers as fetch from a real anvil', async () => {
    anvil = await startAnvil({ blockTimeSec: 0, chainId: 31337 })
    const viaFetch = new RpcClient({ endpoints: [anvil.url] })
    const viaHttp = new RpcClient({ endpoints: [anvil.url], post: httpPost })
    await viaFetch.request('anvil_mine', [toQuantity(30), '0x1'])
    const calls = Array.from({ length: 30 }, (_, n) => ({ method: 'eth_getBlockByNumber', params: [toQuantity(n + 1), false] }))
    const headers = decodeBatch(await viaHttp.batchRaw(calls), calls)
    expect(headers).toHaveLength(30)
    expect(headers).toEqual(decodeBatch(await viaFetch.batchRaw(calls), calls))
    expect(await viaHttp.request('eth_chainId')).toBe('0x7a69')
  })

  it('joins a body sent in 1 kB pieces with no length announced, growing past its first guess of 64 kB', async () => {
    const long = 'ab'.repeat(150_000)
    const url = await serve((_req, res, calls) => {
      res.writeHead(200, { 'content-type': 'application/json' }) // no content-length: chunked
      const text = JSON.stringify(calls.map((c) => ({ jsonrpc: '2.0', id: c.id, result: long })))
      let at = 0
      const next = () => {
        if (at >= text.length) return res.end()
        res.write(text.slice(at, at + 1024), next)
        at += 1024
      }
      next()
    })
    const client = new RpcClient({ endpoints: [url], post: httpPost })
    expect(await client.request('eth_long')).toBe(long)
  })

  it('reports an HTTP error, a node that never answers and a closed port as the RPC client’s errors', async () => {
    const failing = await serve((_req, res) => {
      res.writeHead(503)
      res.end('busy')
    })
    expect((await rpcErrorOf(new RpcClient({ endpoints: [failing], post: httpPost }).request('eth_chainId'))).code).toBe('RPC_HTTP')
    server!.closeAllConnections()
    await new Promise((resolve) => server!.close(resolve))

    const silent = await serve(() => {})
    const timedOut = await rpcErrorOf(new RpcClient({ endpoints: [silent], post: httpPost, timeoutMs: 300 }).request('eth_chainId'))
    expect(timedOut.code).toBe('RPC_TIMEOUT')
    const port = (server!.address() as AddressInfo).port
    server!.closeAllConnections()
    await new Promise((resolve) => server!.close(resolve))
    server = undefined

    const refused = await rpcErrorOf(new RpcClient({ endpoints: [`http://127.0.0.1:${port}`], post: httpPost }).request('eth_chainId'))
    expect(refused.code).toBe('RPC_UNREACHABLE')
    expect(refused.message).toMatch(/ECONNREFUSED/)
  })
})
