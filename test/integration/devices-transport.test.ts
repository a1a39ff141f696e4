import { afterEach, describe, expect, it } from 'vitest'
import { SerialTransport } from '../../hardware/transport/serial-transport'
import { ReconnectingTransport } from '../../hardware/transport/reconnecting-transport'
import { createPtyPair, type PtyPair } from '../support/pty-pair'
import { wireTimeMs, writePaced } from '../support/paced-writer'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function pair(): Promise<PtyPair> {
  const p = await createPtyPair()
  cleanups.push(() => p.dispose())
  return p
}

function collect(t: { onData(l: (c: Uint8Array) => void): () => void }) {
  const chunks: Uint8Array[] = []
  t.onData((c) => chunks.push(c))
  return {
    chunks,
    bytes: () => Buffer.concat(chunks),
    until: async (n: number, timeoutMs = 5000) => {
      const end = Date.now() + timeoutMs
      while (chunks.reduce((s, c) => s + c.length, 0) < n) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${n} bytes`)
        await new Promise((r) => setTimeout(r, 2))
      }
    },
  }
}

describe('serial transport over socat ptys', () => {
  it('carries binary both ways unchanged', async () => {
    const p = await pair()
    const a = new SerialTransport({ path: p.a, baudRate: 115200 })
    const b = new SerialTransport({ path: p.b, baudRate: 115200 })
    await a.open()
    await b.open()
    cleanups.push(
      () => a.close(),
      () => b.close(),
    )
    const got = collect(b)
    const data = Uint8Array.from({ length: 2321 }, (_, i) => (i * 37) & 0xff)
    await a.write(data)
    await got.until(data.length)
    expect(got.bytes().equals(Buffer.from(data))).toBe(true)
  })

  it('paced writes take wire time and arrive in many chunks', async () => {
    const p = await pair()
    const a = new SerialTransport({ path: p.a, baudRate: 115200 })
    const b = new SerialTransport({ path: p.b, baudRate: 115200 })
    await a.open()
    await b.open()
    cleanups.push(
      () => a.close(),
      () => b.close(),
    )
    const got = collect(b)
    const data = new Uint8Array(1295).fill(0x5a)
    const start = performance.now()
    await writePaced(a, data, 115200)
    await got.until(data.length)
    const elapsed = performance.now() - start
    const wire = wireTimeMs(data.length, 115200)
    expect(elapsed).toBeGreaterThanOrEqual(wire * 0.95)
    expect(elapsed).toBeLessThan(wire * 1.5 + 20)
    expect(got.chunks.length).toBeGreaterThan(10)
  })

  it('reports an unplug (socat killed) and reconnects with backoff when the port comes back', async () => {
    const p = await pair()
    const host = new ReconnectingTransport(() => new SerialTransport({ path: p.b, baudRate: 115200 }), `serial:${p.b}`, {
      initialMs: 50,
      maxMs: 200,
    })
    await host.open()
    cleanups.push(() => host.close())
    const disconnected = new Promise<Error | null>((resolve) => host.onDisconnect(resolve))
    const reconnected = new Promise<void>((resolve) => host.onReconnect(resolve))
    await p.kill()
    const error = await disconnected
    expect(error).toBeInstanceOf(Error)
    expect(host.isOpen).toBe(false)
    await expect(host.write(new Uint8Array([1]))).rejects.toThrow(/not connected/)
    await new Promise((r) => setTimeout(r, 300))
    await p.restart()
    await reconnected
    expect(host.isOpen).toBe(true)
    const dev = new SerialTransport({ path: p.a, baudRate: 115200 })
    await dev.open()
    cleanups.push(() => dev.close())
    const got = collect(host)
    await dev.write(Uint8Array.of(1, 2, 3))
    await got.until(3)
    expect([...got.bytes()]).toEqual([1, 2, 3])
  })
})
