/**
 * On an automine anvil: signed transactions are accepted and recovered to the
 * right sender; the demo seed is idempotent and the entitlement index lists a
 * test card's entitlements; an outbox drains a burst with nothing lost.
 */
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { TEST_CARDS } from '../../hardware/common/test-cards'
import { beneficiaryCommitment } from '../../electron/common/ledger/commitments'
import { type Hex, hexToBytes } from '../../electron/common/ledger/hex'
import { randomSecretKey, signTransaction } from '../../electron/common/ledger/sign'
import type { UnsignedTx } from '../../electron/common/ledger/tx'
import { DEMO_REGIONAL_KEY } from '../../electron/node/config/config'
import { ApprovalsByCommitment } from '../../electron/node/audit/approvals-by-commitment'
import { openDatabase } from '../../electron/node/db/database'
import { type AnvilNode, startAnvil } from '../../electron/node/ledger/anvil-node'
import { seedDemoLedger } from '../../electron/node/ledger/demo-seed'
import { EntitlementIndex } from '../../electron/node/ledger/entitlement-index'
import { RegionalKeys } from '../../electron/node/ledger/keys/regional-keys'
import { createSigner } from '../../electron/node/ledger/keys/signer'
import { LedgerService } from '../../electron/node/ledger/ledger-service'
import { RpcClient } from '../../electron/node/ledger/rpc-client'
import { setupRelief } from '../support/ledger/relief-fixture'
import { createLogger } from '../../electron/node/log/logger'
import { makeTempDir } from '../support/temp-dir'

const temp = makeTempDir('huimin-ledger-automine-')
const log = createLogger({ level: 'error', stderrLevel: 'error' })
let node: AnvilNode
let rpc: RpcClient

beforeAll(async () => {
  node = await startAnvil({ blockTimeSec: 0, chainId: 31337 })
  rpc = new RpcClient({ endpoints: [node.url] })
})
afterAll(async () => {
  await node?.dispose()
  temp.remove()
})

it('accepts our signed transactions and recovers the right sender', async () => {
  for (const type of ['eip1559', 'legacy'] as const) {
    const key = randomSecretKey()
    const signer = createSigner(key)
    const base = { chainId: 31337, nonce: 0, gas: 21_000n, to: `0x${'42'.repeat(20)}` as Hex, value: 0n, data: '0x' as Hex }
    const tx: UnsignedTx = type === 'eip1559' ? { ...base, type, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n } : { ...base, type, gasPrice: 0n }
    const signed = signTransaction(tx, key)
    expect(await rpc.request('eth_sendRawTransaction', [signed.raw])).toBe(signed.hash)
    const seen = await rpc.request<{ from: string; hash: string; blockNumber: string | null }>('eth_getTransactionByHash', [signed.hash])
    expect(seen.from.toLowerCase()).toBe(signer.address)
    let receipt: { status: string } | null = null
    while (!receipt) receipt = await rpc.request<{ status: string } | null>('eth_getTransactionReceipt', [signed.hash])
    expect(receipt.status).toBe('0x1')
  }
  // A transaction for another chain is refused by the node.
  const wrong = signTransaction(
    { type: 'eip1559', chainId: 1, nonce: 0, gas: 21_000n, to: null, value: 0n, data: '0x', maxFeePerGas: 0n, maxPriorityFeePerGas: 0n },
    randomSecretKey(),
  )
  await expect(rpc.request('eth_sendRawTransaction', [wrong.raw])).rejects.toMatchObject({ code: 'RPC_NODE_ERROR' })
})

it('seeds the demo ledger once and lists a card holder’s entitlements by commitment', async () => {
  const db = openDatabase(path.join(temp.path, 'demo.sqlite'))
  const terminal = createSigner(randomSecretKey())
  const key = hexToBytes(DEMO_REGIONAL_KEY)
  const first = await seedDemoLedger({ rpc, db, log, terminal: terminal.address, township: '410122101', regionalKeys: RegionalKeys.single(key) })
  const again = await seedDemoLedger({ rpc, db, log, terminal: terminal.address, township: '410122101', regionalKeys: RegionalKeys.single(key) })
  expect(first.created).toBe(true)
  expect(again).toMatchObject({ created: false, contract: first.contract })

  const service = new LedgerService({ db, rpc, signer: terminal, log, chainId: 31337, contract: first.contract, township: '410122101', blockTimeMs: 0 })
  service.start()
  const index = new EntitlementIndex({
    rpc,
    store: service.store,
    contract: first.contract,
    fromBlock: first.deployBlock,
    local: new ApprovalsByCommitment(db),
    log,
  })
  const zhang = TEST_CARDS.find((c) => c.key === 'zhang-jianguo')!
  const list = await index.listFor([beneficiaryCommitment(key, zhang.idNumber)])
  expect(list.map((e) => e.programName).sort()).toEqual(['2026年度养老补助', '危房改造补助'])
  expect(list.every((e) => e.maskedName === '张*国' && e.status === 'approved')).toBe(true)
  expect(list.find((e) => e.programName === '2026年度养老补助')!.proxyAllowed).toBe(true)
  const bad = TEST_CARDS.find((c) => c.key === 'wang-badcheck')!
  expect(await index.listFor([beneficiaryCommitment(key, bad.idNumber).replace(/.$/, '0') as Hex])).toEqual([])

  const pension = list.find((e) => e.programName === '2026年度养老补助')!
  const claim = await service.claim({
    entitlementId: pension.entitlementId,
    evidence: { method: 'card+fingerprint', fingerprintScore: 900, checkedAt: 1, staffCoSigner: null },
  })
  const pending = (await index.listFor([beneficiaryCommitment(key, zhang.idNumber)])).find((e) => e.entitlementId === pension.entitlementId)!
  expect(pending.claim?.id).toBe(claim.id)
  while (service.status(claim.id)!.state !== 'confirmed') await new Promise((r) => setTimeout(r, 100))
  expect((await index.listFor([beneficiaryCommitment(key, zhang.idNumber)])).find((e) => e.entitlementId === pension.entitlementId)!.status).toBe('paid')

  const ayiguli = await index.listFor([beneficiaryCommitment(key, TEST_CARDS.find((c) => c.key === 'ayiguli')!.idNumber)])
  const future = ayiguli.find((e) => e.programName === '危房改造补助')!
  await expect(
    service.claim({ entitlementId: future.entitlementId, evidence: { method: 'card+fingerprint', fingerprintScore: 900, checkedAt: 1, staffCoSigner: null } }),
  ).rejects.toMatchObject({ code: 'LEDGER_NOT_YET_VALID' })
  await service.dispose()
  db.close()
})

it('drains a burst of 2,000 claims on automine with nothing lost or duplicated', async () => {
  const terminal = createSigner(randomSecretKey())
  const fx = await setupRelief(rpc, { terminals: [terminal.address], township: 410122101, entitlements: 2000 })
  const db = openDatabase(path.join(temp.path, 'burst.sqlite'))
  const service = new LedgerService({ db, rpc, signer: terminal, log, chainId: 31337, contract: fx.contract, township: '410122101', blockTimeMs: 0 })
  for (const id of fx.entitlementIds)
    service.claimOffline({ entitlementId: id, evidence: { method: 'card+fingerprint', fingerprintScore: 900, checkedAt: 1, staffCoSigner: null } })
  service.start()
  const deadline = Date.now() + 90_000
  while (service.queue().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
  const rejected = db.prepare(`SELECT claim_number, tx_hash, reject_code, reject_detail FROM ledger_claims WHERE state = 'rejected'`).all()
  expect(rejected, 'rejected claims').toEqual([])
  expect(service.store.counts()).toMatchObject({ confirmed: 2000, signed: 0, submitted: 0, rejected: 0 })
  await service.dispose()
  db.close()
}, 120_000)
