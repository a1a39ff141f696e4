/**
 * Crash safety: a child process claims in a loop; we SIGKILL it at >= 50
 * random moments, restart it, let it drain, and check that every claim it
 * committed is on chain exactly once and nothing on chain is unknown locally.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { bytesToHex } from '../../electron/common/ledger/hex'
import { randomSecretKey } from '../../electron/common/ledger/sign'
import { type AnvilNode, startAnvil, stopChild } from '../../electron/node/ledger/anvil-node'
import { EVENT_TOPICS, type RawLog, decodeReliefLog } from '../../electron/node/ledger/contract/events'
import { createSigner } from '../../electron/node/ledger/keys/signer'
import { RpcClient } from '../../electron/node/ledger/rpc-client'
import { setupRelief } from '../support/ledger/relief-fixture'
import { makeTempDir } from '../support/temp-dir'

// The claim path at the submitter's level; host-crash.test.ts kills the whole host at every kind of step.
const KILLS = 30
const CHILD = path.resolve('test/support/ledger/claim-loop.ts')
let node: AnvilNode
const temp = makeTempDir('huimin-ledger-crash-')
const children = new Set<ChildProcess>()

beforeAll(async () => {
  node = await startAnvil({ blockTimeSec: 1, chainId: 31337 })
})
afterAll(async () => {
  await Promise.all([...children].map((c) => stopChild(c, 1000)))
  await node?.dispose()
  temp.remove()
})

function runChild(configFile: string, reported: Set<string>): { child: ChildProcess; ready: Promise<void>; exited: Promise<void>; drained: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, configFile], { stdio: ['ignore', 'pipe', 'inherit'] })
  children.add(child)
  let buffered = ''
  let onReady!: () => void
  let onDrained!: () => void
  const ready = new Promise<void>((r) => (onReady = r))
  const drained = new Promise<void>((r) => (onDrained = r))
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8')
    const lines = buffered.split('\n')
    buffered = lines.pop()!
    for (const line of lines) {
      if (line === 'READY') onReady()
      else if (line === 'DRAINED') onDrained()
      else if (line.startsWith('C ')) reported.add(line.slice(2))
    }
  })
  const exited = new Promise<void>((r) =>
    child.once('exit', () => {
      children.delete(child)
      onReady()
      r()
    }),
  )
  return { child, ready, exited, drained }
}

it(`loses and duplicates no claim across ${KILLS} SIGKILLs`, async () => {
  const rpc = new RpcClient({ endpoints: [node.url] })
  const key = randomSecretKey()
  const terminal = createSigner(key)
  const fx = await setupRelief(rpc, { terminals: [terminal.address], township: 410122101, entitlements: 400 })
  const dbFile = path.join(temp.path, 'kiosk.sqlite')
  const configFile = path.join(temp.path, 'loop.json')
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      db: dbFile,
      rpc: node.url,
      contract: fx.contract,
      chainId: 31337,
      key: bytesToHex(key),
      entitlementIds: fx.entitlementIds,
      maxPauseMs: 15,
    }),
  )

  const reported = new Set<string>()
  for (let i = 0; i < KILLS; i++) {
    const run = runChild(configFile, reported)
    // Half the kills land during start-up, half while claiming and submitting: those wait for
    // two more claims to be reported (not a fixed time, which a busy machine spends on start-up).
    if (i % 2 === 0) {
      const before = reported.size
      await run.ready
      while (reported.size < before + 2 && run.child.exitCode === null) await new Promise((r) => setTimeout(r, 5))
    }
    await new Promise((r) => setTimeout(r, Math.random() * (i % 2 === 0 ? 100 : 400)))
    run.child.kill('SIGKILL')
    await run.exited
  }
  // The kills must have landed mid-stream, not all before the first claim: each mid-stream kill waited for two claims.
  expect(reported.size).toBeGreaterThanOrEqual(2 * Math.ceil(KILLS / 2))
  const final = runChild(configFile, reported)
  await Promise.race([final.drained, final.exited])
  await final.exited

  const db = new Database(dbFile, { readonly: true })
  const claims = db.prepare(`SELECT claim_number, claim_ref, entitlement_id, state, tx_hash FROM ledger_claims`).all() as {
    claim_number: string
    claim_ref: string
    entitlement_id: string
    state: string
    tx_hash: string
  }[]
  const stuck = db.prepare(`SELECT COUNT(*) AS n FROM outbox_txs WHERE state = 'pending'`).get() as { n: number }
  db.close()

  const logs = await rpc.request<RawLog[]>('eth_getLogs', [{ address: fx.contract, fromBlock: '0x0', toBlock: 'latest', topics: [EVENT_TOPICS.Disbursed] }])
  const onChain = logs.map((l) => decodeReliefLog(l)!).map((e) => (e.name === 'Disbursed' ? e.args.claimRef : null))

  expect(claims.length).toBe(400)
  expect(reported.size).toBeGreaterThan(0)
  const local = new Map(claims.map((c) => [c.claim_ref, c]))
  for (const number of reported) expect(claims.some((c) => c.claim_number === number)).toBe(true)
  expect(stuck.n).toBe(0)
  expect(claims.every((c) => c.state === 'confirmed')).toBe(true)
  // Exactly once on chain, and nothing on chain unknown to the local store.
  expect(onChain.length).toBe(claims.length)
  expect(new Set(onChain).size).toBe(onChain.length)
  for (const ref of onChain) expect(local.has(ref!)).toBe(true)
})
