/**
 * The embedded node keeps what it says it kept (issue 21, items 2 and 3),
 * against real anvil processes: a state file cut short or garbage starts from
 * the kept previous copy; the durable head a host reported is always there
 * after a SIGKILL of that host, whatever the kill interrupted; the node dies
 * with its host; a second node on the same data dir is refused while the
 * first lives, and a dead holder's lock is taken over.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { afterAll, afterEach, expect, it } from 'vitest'
import { type AnvilNode, startAnvil, stopChild } from '../../electron/node/ledger/anvil-node'
import { LEDGER_NODE_IN_USE } from '../../electron/node/ledger/anvil/state-lock'
import type { Logger } from '../../electron/node/log/logger'
import { RpcClient } from '../../electron/node/ledger/rpc-client'
import { descendantPids, isAlive } from '../support/process-tree'
import { projectRoot } from '../support/host-process'
import { makeTempDir } from '../support/temp-dir'

const temp = makeTempDir('huimin-anvil-durability-')
const DEV = ['0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266', '0x70997970c51812dc3a010c7d01b50e0d17dc79c8']
const nodes: AnvilNode[] = []
const hosts = new Set<ChildProcess>()
/** Node pids of hosted nodes, ended at the end if a failed check left one behind. */
const hostedNodes = new Set<number>()

afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.dispose()))
})
afterAll(async () => {
  await Promise.all([...hosts].map((h) => stopChild(h, 1000)))
  for (const pid of hostedNodes) if (isAlive(pid)) process.kill(pid, 'SIGKILL')
  temp.remove()
})

function memoryLog(lines: string[]): Logger {
  const log: Logger = {
    debug: () => undefined,
    info: (m) => lines.push(m),
    warn: (m) => lines.push(m),
    error: (m) => lines.push(m),
    child: () => log,
    dispose: () => undefined,
  }
  return log
}

async function start(stateFile: string, lines: string[] = [], blockTimeSec = 0): Promise<{ node: AnvilNode; rpc: RpcClient }> {
  const node = await startAnvil({ blockTimeSec, chainId: 31337, stateFile, log: memoryLog(lines) })
  nodes.push(node)
  return { node, rpc: new RpcClient({ endpoints: [node.url] }) }
}

/** Sends a transfer and returns its hash once it is mined: anvil's automine answers before its block exists on a busy machine. */
async function send(rpc: RpcClient): Promise<string> {
  const hash = await rpc.request<string>('eth_sendTransaction', [{ from: DEV[0], to: DEV[1], value: '0x1', maxFeePerGas: '0x0', maxPriorityFeePerGas: '0x0' }])
  while (!(await rpc.request<unknown>('eth_getTransactionReceipt', [hash]))) await new Promise((r) => setTimeout(r, 20))
  return hash
}
const blockNumber = async (rpc: RpcClient) => BigInt(await rpc.request<string>('eth_blockNumber'))

it('starts from the kept previous copy when the state file is cut short or garbage, and fresh (saying so) when both are', async () => {
  const stateFile = path.join(temp.path, 'cut', 'anvil-state.json')
  const first = await start(stateFile)
  const early = await send(first.rpc) // automine: its own block
  const earlyHead = await first.node.persist()
  await send(first.rpc)
  expect(await first.node.persist()).toBe(earlyHead! + 1n)
  await first.node.dispose()
  const previous = stateFile.replace(/\.json$/, '.prev.json')
  expect(fs.existsSync(previous)).toBe(true)

  // A kill in the middle of a write: half a file.
  const full = fs.readFileSync(stateFile)
  fs.writeFileSync(stateFile, full.subarray(0, full.length >> 1))
  const lines: string[] = []
  const second = await start(stateFile, lines)
  const reloaded = await blockNumber(second.rpc)
  expect(reloaded).toBeGreaterThanOrEqual(earlyHead!)
  expect(second.node.durableHead()).toBe(reloaded)
  expect(await second.rpc.request('eth_getTransactionByHash', [early])).not.toBeNull()
  expect(lines.filter((l) => l.includes('starting from the previous copy'))).toHaveLength(1)
  await second.node.dispose()

  // Garbage in both copies: a fresh chain, one line naming where the unreadable copies were put.
  fs.writeFileSync(stateFile, 'not json at all')
  fs.writeFileSync(previous, '{"blocks": ')
  lines.length = 0
  const third = await start(stateFile, lines)
  expect(await third.rpc.request('eth_getTransactionByHash', [early])).toBeNull()
  expect(lines.filter((l) => l.includes('starting a fresh chain'))).toHaveLength(1)
  expect(fs.readdirSync(path.dirname(stateFile)).filter((f) => f.includes('.unreadable-')).length).toBeGreaterThanOrEqual(2)
})

interface Host {
  child: ChildProcess
  url: string
  pid: number
  /** The last durable head the host announced. */
  durable: () => bigint | null
}

function startHostedNode(stateFile: string, blockTimeSec: number): Promise<Host> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/anvil-host.ts', stateFile, String(blockTimeSec)], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  hosts.add(child)
  child.once('exit', () => hosts.delete(child))
  let stderr = ''
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)))
  let durable: bigint | null = null
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${stderr}`)))
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const msg = JSON.parse(line) as { url?: string; pid?: number; durable?: string | null }
      if (msg.durable != null) durable = BigInt(msg.durable)
      if (msg.pid) hostedNodes.add(msg.pid)
      if (msg.url) resolve({ child, url: msg.url, pid: msg.pid!, durable: () => durable })
    })
  })
}

async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

it('after a SIGKILL of its host, the node is gone and a restart holds every block the host called durable', async () => {
  const stateFile = path.join(temp.path, 'kill', 'anvil-state.json')
  const ROUNDS = 4
  for (let round = 0; round < ROUNDS; round++) {
    const host = await startHostedNode(stateFile, 0.5)
    const rpc = new RpcClient({ endpoints: [host.url] })
    const sent: string[] = []
    const startHead = await blockNumber(rpc)
    // Keep sending until the host calls a few blocks past its start durable.
    await waitUntil('durable blocks', async () => {
      sent.push(await send(rpc))
      return (host.durable() ?? -1n) >= startHead + 3n
    })

    // While it lives, a second node on the same data dir is refused.
    if (round === 0) await expect(startAnvil({ blockTimeSec: 0, chainId: 31337, stateFile })).rejects.toMatchObject({ code: LEDGER_NODE_IN_USE })

    const durable = host.durable()!
    const block = await rpc.request<{ hash: string }>('eth_getBlockByNumber', [`0x${durable.toString(16)}`, false])
    const receipts = await Promise.all(sent.map((h) => rpc.request<{ blockNumber: string } | null>('eth_getTransactionReceipt', [h])))
    const kept = sent.filter((_, i) => receipts[i] && BigInt(receipts[i].blockNumber) <= durable)
    expect(kept.length).toBeGreaterThan(0)

    // Last round: the watchdog is gone too (as if it had been killed), so the node outlives its host and the next start must end it.
    const watchdogs = round === ROUNDS - 1 ? descendantPids(host.child.pid!).filter((p) => p !== host.pid) : []
    for (const p of watchdogs) process.kill(p, 'SIGKILL')
    // Kill at varying moments, some inside a save.
    await new Promise((r) => setTimeout(r, (round * 137) % 400))
    host.child.kill('SIGKILL')
    await new Promise((r) => host.child.once('exit', r))
    if (watchdogs.length === 0) await waitUntil(`anvil ${host.pid} to die with its host`, () => !isAlive(host.pid), 5000)
    else expect(isAlive(host.pid)).toBe(true)

    const lines: string[] = []
    const again = await start(stateFile, lines)
    expect(isAlive(host.pid)).toBe(false)
    expect(lines.filter((l) => l.includes('taking over the chain-state lock'))).toHaveLength(1)
    expect(await blockNumber(again.rpc)).toBeGreaterThanOrEqual(durable)
    const reloaded = await again.rpc.request<{ hash: string }>('eth_getBlockByNumber', [`0x${durable.toString(16)}`, false])
    expect(reloaded.hash).toBe(block.hash)
    for (const h of kept) expect(await again.rpc.request('eth_getTransactionByHash', [h]), h).not.toBeNull()
    await again.node.dispose()
    nodes.splice(nodes.indexOf(again.node), 1)
  }
})
