/**
 * Demo and production never mix: demo mode seals keys with a public demo
 * secret and commits people with a public demo regional key, so the real
 * host refuses to start in demo mode against a ledger endpoint off this
 * machine, with one line naming both settings and before anything is made;
 * on a loopback node demo mode still starts. Before the fix the host went
 * past config, made its data dir and keys under the demo secret and called
 * 10.1.2.3 (exit 1 only because nothing there spoke JSON-RPC).
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type AnvilNode, startAnvil } from '../../electron/node/ledger/anvil-node'
import { makeRendererDir } from '../support/fixture-renderer'
import { type SpawnedHost, spawnHost, startHost } from '../support/host-process'
import { makeTempDir } from '../support/temp-dir'

const temps: { remove(): void }[] = []
const dataDir = () => {
  const t = makeTempDir('huimin-demo-ledger-')
  temps.push(t)
  return t.path
}
let renderer: ReturnType<typeof makeRendererDir>
let node: AnvilNode | undefined

beforeAll(() => {
  renderer = makeRendererDir()
})
afterAll(async () => {
  await node?.dispose()
  renderer?.remove()
  temps.splice(0).forEach((t) => t.remove())
})

function exitOf(host: SpawnedHost): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      host.child.kill('SIGKILL')
      reject(new Error(`host still running after 60 s; stderr:\n${host.stderr()}`))
    }, 60_000)
    host.child.once('exit', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
  })
}

const REFUSAL =
  /^huimin: Invalid setting (config\.json:)?HUIMIN_DEMO: demo mode \(public demo key secret and regional key\) cannot be used with (config\.json:)?HUIMIN_LEDGER_RPC host 10\.1\.2\.3:8545, which is not loopback \(127\.0\.0\.0\/8, ::1, localhost\)$/

it('refuses HUIMIN_DEMO=1 with HUIMIN_LEDGER_RPC=http://10.1.2.3:8545: exit 2, one line naming both, nothing started', async () => {
  const dir = dataDir()
  const host = spawnHost({ HUIMIN_DATA_DIR: dir, HUIMIN_DEMO: '1', HUIMIN_LEDGER_RPC: 'http://10.1.2.3:8545', HUIMIN_RENDERER_DIR: renderer.path })
  const code = await exitOf(host)
  expect(code, host.stderr()).toBe(2)
  const lines = host.stderr().trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(REFUSAL)
  expect(host.announcements).toEqual([])
  // Refused before the store, the keys or the log were made.
  expect(fs.readdirSync(dir)).toEqual([])
})

it('refuses "demo": true with ledgerRpc on 10.1.2.3 in config.json the same way', async () => {
  const dir = dataDir()
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ demo: true, ledgerRpc: ['http://10.1.2.3:8545'] }))
  const host = spawnHost({ HUIMIN_DATA_DIR: dir, HUIMIN_RENDERER_DIR: renderer.path })
  expect(await exitOf(host), host.stderr()).toBe(2)
  expect(host.stderr().trimEnd()).toMatch(REFUSAL)
  expect(host.stderr()).toContain('config.json:HUIMIN_DEMO')
  expect(host.announcements).toEqual([])
})

it('still starts in demo mode on a loopback ledger node', async () => {
  node = await startAnvil({ blockTimeSec: 1, chainId: 31337 })
  expect(node.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  const host = await startHost({ HUIMIN_DEMO: '1', HUIMIN_LEDGER_RPC: node.url, HUIMIN_RENDERER_DIR: renderer.path }, { dataDir: dataDir() })
  try {
    expect(host.announcements.find((a) => a.event === 'ready')).toMatchObject({ ledger: [node.url] })
    expect(host.stderr()).not.toMatch(/Invalid setting/)
  } finally {
    expect(await host.stop()).toBe(0)
  }
})
