/**
 * Drain of 10,000 queued claims through the outbox against anvil with a
 * 1 s block time, beside a raw submit of the same pre-signed transactions in
 * JSON-RPC batches of 50 (a Besu node's cap) to an identical fresh node; then the same 10,000
 * against an automining anvil. Counts lost and duplicated claims.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { keccakHex } from '../electron/common/ledger/abi-codec'
import { entitlementIdOf } from '../electron/common/ledger/commitments'
import { type Hex, utf8Bytes } from '../electron/common/ledger/hex'
import { parseSecretKey } from '../electron/common/ledger/sign'
import { openDatabase } from '../electron/node/db/database'
import { type AnvilNode, startAnvil } from '../electron/node/ledger/anvil-node'
import { deployRelief } from '../electron/node/ledger/contract/deploy'
import { EVENT_TOPICS, type RawLog } from '../electron/node/ledger/contract/events'
import { DEV_KEYS } from '../electron/node/ledger/dev-accounts'
import { createSigner } from '../electron/node/ledger/keys/signer'
import { LedgerService } from '../electron/node/ledger/ledger-service'
import { RpcClient } from '../electron/node/ledger/rpc-client'
import { createLogger } from '../electron/node/log/logger'
import type { Benchmark } from './harness'

const N = 10_000
const TOWN = 410122101n
const TERMINAL_KEY = DEV_KEYS[1]!
const log = createLogger({ level: 'error', stderrLevel: 'error' })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Identical contract, program and 10,000 entitlements on a fresh node (same addresses and ids every time). */
async function prepareNode(blockTimeSec: number): Promise<{ node: AnvilNode; rpc: RpcClient; contract: Hex; ids: Hex[] }> {
  const node = await startAnvil({ blockTimeSec, chainId: 31337 })
  const rpc = new RpcClient({ endpoints: [node.url], timeoutMs: 30_000 })
  const terminal = createSigner(parseSecretKey(TERMINAL_KEY)).address
  const admin = createSigner(parseSecretKey(DEV_KEYS[0]!))
  const { address, admin: tx } = await deployRelief(rpc, admin, {
    roles: { FUNDER: [admin.address], APPROVER: [admin.address] },
    terminals: [{ address: terminal, township: TOWN }],
  })
  await tx.transact(address, 'createProgram', ['基准项目', TOWN, 10n ** 12n])
  await tx.transact(address, 'fund', [1n, 10n ** 12n, `0x${'11'.repeat(32)}`, '县财政局'])
  const ids: Hex[] = []
  const calls = []
  for (let b = 0; b < N / 100; b++) {
    const items = []
    for (let i = b * 100; i < (b + 1) * 100; i++) {
      const commitment = keccakHex(utf8Bytes(`bench-${i}`))
      const id = entitlementIdOf(1n, commitment, 2026n)
      ids.push(id)
      items.push([id, 1n, commitment, TOWN, TOWN * 1000n + 201n, 100n, 0n, 4_000_000_000n, false, '王*'])
    }
    calls.push({ fn: 'approveEntitlements', args: [items] })
  }
  await tx.transactAll(address, calls)
  return { node, rpc, contract: address, ids }
}

async function minedNonce(rpc: RpcClient, who: Hex): Promise<number> {
  return Number.parseInt(await rpc.request<string>('eth_getTransactionCount', [who, 'latest']), 16)
}

async function blockNumber(rpc: RpcClient): Promise<number> {
  return Number.parseInt(await rpc.request<string>('eth_blockNumber'), 16)
}

async function disbursed(rpc: RpcClient, contract: Hex): Promise<{ total: number; unique: number }> {
  const logs = await rpc.request<RawLog[]>('eth_getLogs', [{ address: contract, fromBlock: '0x0', toBlock: 'latest', topics: [EVENT_TOPICS.Disbursed] }])
  return { total: logs.length, unique: new Set(logs.map((l) => l.data.slice(-64))).size }
}

/** Queues N claims in a fresh outbox (not yet submitting). */
function queueClaims(dir: string, rpc: RpcClient, contract: Hex, ids: Hex[], blockTimeMs: number) {
  const db = openDatabase(path.join(dir, `outbox-${blockTimeMs}.sqlite`))
  const service = new LedgerService({
    db,
    rpc,
    signer: createSigner(parseSecretKey(TERMINAL_KEY)),
    log,
    chainId: 31337,
    contract,
    township: String(TOWN),
    blockTimeMs,
    settleCheckMs: 60_000,
  })
  const started = performance.now()
  for (const id of ids)
    service.claimOffline({ entitlementId: id, evidence: { method: 'card+fingerprint', fingerprintScore: 900, checkedAt: 1_770_000_000, staffCoSigner: null } })
  return { db, service, queueMs: performance.now() - started }
}

async function drain(service: LedgerService, rpc: RpcClient, timeoutMs: number): Promise<{ ms: number; acceptedMs: number; minedMs: number; blocks: number }> {
  const who = createSigner(parseSecretKey(TERMINAL_KEY)).address
  let minedMs = 0
  const firstBlock = await blockNumber(rpc)
  const started = performance.now()
  let acceptedMs = 0
  service.start()
  const deadline = started + timeoutMs
  for (;;) {
    const counts = service.store.counts()
    if (!acceptedMs && counts.signed === 0) acceptedMs = performance.now() - started
    if (!minedMs && (await minedNonce(rpc, who)) >= N) minedMs = performance.now() - started
    if (counts.signed + counts.submitted === 0 || performance.now() > deadline) break
    await sleep(50)
  }
  return { ms: performance.now() - started, acceptedMs, minedMs, blocks: (await blockNumber(rpc)) - firstBlock }
}

export const benchmark: Benchmark = {
  name: 'ledger outbox drain',
  async run(report) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huimin-bench-ledger-'))
    const terminal = createSigner(parseSecretKey(TERMINAL_KEY)).address
    const nodes: AnvilNode[] = []
    try {
      // Outbox side: queue 10,000 claims (signed and committed) on node A.
      const a = await prepareNode(1)
      nodes.push(a.node)
      const q = queueClaims(dir, a.rpc, a.contract, a.ids, 1000)
      report({
        name: 'claims signed and committed to the outbox',
        value: (N * 1000) / q.queueMs,
        unit: 'claims/s',
        note: 'one SQLite transaction (synchronous=FULL) per claim',
      })
      const raws = (q.db.prepare(`SELECT raw_tx FROM outbox_txs ORDER BY nonce`).all() as { raw_tx: Hex }[]).map((r) => r.raw_tx)

      // Raw baseline: the same pre-signed bytes to an identical fresh node B, batches of 50 (RpcClient's maxBatch).
      const b = await prepareNode(1)
      nodes.push(b.node)
      const b0 = await blockNumber(b.rpc)
      const rawStart = performance.now()
      for (let i = 0; i < raws.length; i += b.rpc.maxBatch)
        await b.rpc.batch(raws.slice(i, i + b.rpc.maxBatch).map((raw) => ({ method: 'eth_sendRawTransaction', params: [raw] })))
      const rawAcceptedMs = performance.now() - rawStart
      while ((await minedNonce(b.rpc, terminal)) < N && performance.now() - rawStart < 120_000) await sleep(20)
      const rawMinedMs = performance.now() - rawStart
      const rawBlocks = (await blockNumber(b.rpc)) - b0
      await b.node.dispose()
      nodes.pop()

      const d = await drain(q.service, a.rpc, 180_000)
      const counts = q.service.store.counts()
      const onChain = await disbursed(a.rpc, a.contract)
      await q.service.dispose()
      q.db.close()
      const lost = N - counts.confirmed
      report({
        name: 'outbox submit (all accepted), block time 1 s',
        value: (N * 1000) / d.acceptedMs,
        unit: 'tx/s',
        peer: `raw batches of ${b.rpc.maxBatch}`,
        peerValue: (N * 1000) / rawAcceptedMs,
      })
      report({
        name: 'outbox drain (all confirmed), block time 1 s',
        value: (N * 1000) / d.ms,
        unit: 'tx/s',
        peer: `raw batches of ${b.rpc.maxBatch} (all mined)`,
        peerValue: (N * 1000) / rawMinedMs,
        target: '≥ 0.8×',
        note: `all mined on chain after ${(d.minedMs / 1000).toFixed(1)} s vs ${(rawMinedMs / 1000).toFixed(1)} s raw, ${d.blocks} blocks vs ${rawBlocks} raw; lost ${lost}, duplicated ${onChain.total - onChain.unique}, on chain ${onChain.total}`,
      })

      // Automine: the node that stalls and drops under a flood.
      await a.node.dispose()
      nodes.pop()
      const m = await prepareNode(0)
      nodes.push(m.node)
      const qm = queueClaims(dir, m.rpc, m.contract, m.ids, 0)
      const dm = await drain(qm.service, m.rpc, Number(process.env.HUIMIN_BENCH_AUTOMINE_MS ?? 600_000))
      const cm = qm.service.store.counts()
      const onChainM = await disbursed(m.rpc, m.contract)
      await qm.service.dispose()
      qm.db.close()
      report({
        name: 'outbox drain on automine anvil',
        value: (N * 1000) / dm.ms,
        unit: 'tx/s',
        note: `confirmed ${cm.confirmed}/${N}, lost ${N - cm.confirmed}, duplicated ${onChainM.total - onChainM.unique}, ${(dm.ms / 1000).toFixed(1)} s, no manual mining`,
      })
    } finally {
      for (const n of nodes) await n.dispose()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  },
}
