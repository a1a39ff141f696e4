/**
 * The one-outbox migration on a data dir made by schema v8 (fixture
 * data-v8, README there): every queued row of both old tables keeps its
 * signed bytes, hash and nonce, and after the move the outbox drains them
 * all onto the chain saved with that data dir: nothing resent under a new
 * signature, no claim paid twice, the complaints follow their transactions.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Hex, hexToBytes } from '../../electron/common/ledger/hex'
import { type Db, openDatabase } from '../../electron/node/db/database'
import { type AnvilNode, startAnvil } from '../../electron/node/ledger/anvil-node'
import { EVENT_TOPICS, type RawLog } from '../../electron/node/ledger/contract/events'
import { DEV_KEYS } from '../../electron/node/ledger/dev-accounts'
import { createSigner } from '../../electron/node/ledger/keys/signer'
import { LedgerService } from '../../electron/node/ledger/ledger-service'
import { OutboxLane } from '../../electron/node/ledger/outbox/outbox-lane'
import { OutboxStore } from '../../electron/node/ledger/outbox/outbox-store'
import { RpcClient } from '../../electron/node/ledger/rpc-client'
import { createLogger } from '../../electron/node/log/logger'
import { makeTempDir } from '../support/temp-dir'

const FIXTURE = path.resolve('test/fixtures/data-v8')
const meta = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'meta.json'), 'utf8')) as { contract: Hex }
const CHAIN = 31337
const log = createLogger({ level: 'error', stderrLevel: 'error' })
const temp = makeTempDir('huimin-outbox-migration-')
const signerOf = (i: number) => createSigner(hexToBytes(DEV_KEYS[i]!))
const KIOSK = signerOf(1)
const OPERATOR = signerOf(0)
const STATION = signerOf(2)
const timing = { pollMs: 200, recheckAfterMs: 1000, gapGraceMs: 1500, maxBackoffMs: 1000 }

interface OldTx {
  owner: string
  id: number
  sender: string
  nonce: number
  raw_tx: string
  tx_hash: string
}
let before: OldTx[]
let node: AnvilNode
let rpc: RpcClient
let db: Db

beforeAll(async () => {
  const original = new Database(path.join(FIXTURE, 'huimin.sqlite'), { readonly: true, fileMustExist: true })
  before = original
    .prepare(
      `
    SELECT 'counter:' || id AS owner, id, sender, nonce, raw_tx, tx_hash FROM counter_txs
    UNION ALL SELECT 'claim:' || claim_id, id, sender, nonce, raw_tx, tx_hash FROM ledger_txs WHERE state <> 'superseded'
  `,
    )
    .all() as OldTx[]
  original.close()
  fs.copyFileSync(path.join(FIXTURE, 'huimin.sqlite'), path.join(temp.path, 'huimin.sqlite'))
  node = await startAnvil({ blockTimeSec: 1, chainId: CHAIN, extraArgs: ['--load-state', path.join(FIXTURE, 'chain-state.json')] })
  rpc = new RpcClient({ endpoints: [node.url], timeoutMs: 3000 })
}, 60_000)

afterAll(async () => {
  db?.close()
  await node?.dispose()
  temp.remove()
})

it('moves every queued row of both old tables unchanged', () => {
  expect(before.length).toBe(10) // four claims, six counter transactions (fixture README)
  db = openDatabase(path.join(temp.path, 'huimin.sqlite'))
  const moved = db
    .prepare(
      `
    SELECT i.purpose, i.ref, c.id AS claim_id, t.sender, t.nonce, t.raw_tx, t.tx_hash, t.state
    FROM outbox_txs t JOIN outbox_intents i ON i.id = t.intent_id LEFT JOIN ledger_claims c ON c.intent_id = i.id
  `,
    )
    .all() as { purpose: string; claim_id: number | null; sender: string; nonce: number; raw_tx: string; tx_hash: string }[]
  expect(moved.length).toBe(before.length)
  for (const old of before) {
    const row = moved.find((m) => m.tx_hash === old.tx_hash)
    expect(row, old.owner).toBeDefined()
    expect({ sender: row!.sender, nonce: row!.nonce, raw: row!.raw_tx }, old.owner).toEqual({ sender: old.sender, nonce: old.nonce, raw: old.raw_tx })
    if (old.owner.startsWith('claim:')) expect(`claim:${row!.claim_id}`).toBe(old.owner)
    else expect(row!.purpose).not.toBe('claim')
  }
  expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([])
  const complaintTxs = db.prepare('SELECT i.purpose FROM complaints c JOIN outbox_intents i ON i.id = c.tx_id').all() as { purpose: string }[]
  expect(complaintTxs.map((c) => c.purpose)).toEqual(['complaint', 'complaint'])
})

it('drains every moved transaction onto the saved chain with the bytes signed before the move', async () => {
  const ledger = new LedgerService({
    db,
    rpc,
    signer: KIOSK,
    log,
    chainId: CHAIN,
    contract: meta.contract,
    township: '410122101',
    settleCheckMs: 300,
    submitter: timing,
  })
  const store = new OutboxStore(db)
  const lanes = [OPERATOR, STATION].map((signer) => new OutboxLane({ store, rpc, signer, chainId: CHAIN, target: meta.contract, log, submitter: timing }))
  ledger.start()
  lanes.forEach((l) => l.start())
  try {
    const deadline = Date.now() + 45_000
    const stillOpen = () => db.prepare("SELECT count(*) AS n FROM outbox_intents WHERE state <> 'confirmed'").get() as { n: number }
    while (stillOpen().n > 0) {
      if (Date.now() > deadline)
        throw new Error(
          `not confirmed: ${JSON.stringify(db.prepare("SELECT id, purpose, state, reject_code FROM outbox_intents WHERE state <> 'confirmed'").all())}`,
        )
      await new Promise((r) => setTimeout(r, 200))
    }
  } finally {
    await Promise.all([ledger.dispose(), ...lanes.map((l) => l.dispose())])
  }
  const live = db.prepare("SELECT tx_hash FROM outbox_txs WHERE state <> 'superseded'").all() as { tx_hash: string }[]
  expect(live.map((t) => t.tx_hash).sort()).toEqual(before.map((t) => t.tx_hash).sort())
  for (const { tx_hash } of live) {
    const receipt = await rpc.request<{ status: string } | null>('eth_getTransactionReceipt', [tx_hash])
    expect(receipt?.status, tx_hash).toBe('0x1')
  }
  const claims = db.prepare('SELECT claim_ref, state FROM ledger_claims').all() as { claim_ref: string; state: string }[]
  expect(claims.map((c) => c.state)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed'])
  const logs = await rpc.request<RawLog[]>('eth_getLogs', [{ address: meta.contract, fromBlock: '0x0', toBlock: 'latest', topics: [EVENT_TOPICS.Disbursed] }])
  const paidRefs = logs.map((l) => `0x${l.data.slice(2 + 64 * 4, 2 + 64 * 5)}`)
  for (const c of claims) expect(paidRefs.filter((r) => r === c.claim_ref).length, c.claim_ref).toBe(1)
}, 60_000)
