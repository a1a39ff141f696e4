/** The operator CLI against a real anvil node (block time 1 s). */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { beneficiaryCommitment } from '../../electron/common/ledger/commitments'
import { hexToBytes } from '../../electron/common/ledger/hex'
import { parseSecretKey, randomSecretKey } from '../../electron/common/ledger/sign'
import { type AnvilNode, startAnvil } from '../../electron/node/ledger/anvil-node'
import { runCli } from '../../electron/node/ledger/cli/main'
import { DEV_KEYS } from '../../electron/node/ledger/dev-accounts'
import { ApprovalsByCommitment } from '../../electron/node/audit/approvals-by-commitment'
import { EntitlementIndex } from '../../electron/node/ledger/entitlement-index'
import { createSigner } from '../../electron/node/ledger/keys/signer'
import { ClaimStore } from '../../electron/node/ledger/outbox/claim-store'
import { OutboxStore } from '../../electron/node/ledger/outbox/outbox-store'
import { RpcClient } from '../../electron/node/ledger/rpc-client'
import { openDatabase } from '../../electron/node/db/database'
import { createLogger } from '../../electron/node/log/logger'
import { makeTempDir } from '../support/temp-dir'

const temp = makeTempDir('huimin-ledger-cli-')
const REGIONAL = '0x00112233445566778899aabbccddeeff'
let node: AnvilNode
beforeAll(async () => {
  node = await startAnvil({ blockTimeSec: 1, chainId: 31337 })
})
afterAll(async () => {
  await node?.dispose()
  temp.remove()
})

it('deploys, grants, registers, creates, funds and approves from a CSV', async () => {
  const admin = DEV_KEYS[0]!
  const me = createSigner(parseSecretKey(admin)).address
  const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'ledger', '--', 'deploy', '--rpc', node.url, '--key', admin])
  const contract = stdout.trim()
  expect(contract).toMatch(/^0x[0-9a-f]{40}$/)
  const base = ['--rpc', node.url, '--key', admin, '--contract', contract]
  for (const role of ['FUNDER', 'APPROVER']) expect(await runCli(['grant', ...base, '--role', role, '--account', me])).toMatchObject({ code: 0 })
  expect(await runCli(['register-terminal', ...base, '--terminal', me, '--township', '410122101'])).toMatchObject({ code: 0 })
  expect(await runCli(['create-program', ...base, '--name', '2026年度养老补助', '--region', '410122', '--budget', '200000.00'])).toEqual({
    code: 0,
    out: 'program 1',
  })
  expect(
    await runCli(['fund', ...base, '--program', '1', '--amount', '5000.50', '--funder-name', '县财政局', '--source-ref', '中财〔2026〕1号']),
  ).toMatchObject({ code: 0 })

  const csv = path.join(temp.path, 'approve.csv')
  fs.writeFileSync(
    csv,
    'id_number,name,village,amount_yuan,valid_from,valid_until,proxy_allowed\n' +
      '410122195808150021,李秀英,410122101201,300.00,2026-01-01,2026-12-31,no\n' +
      '41012219560312003x,张建国,410122101202,300,2026-01-01,2026-12-31,yes\n',
  )
  const approve = ['approve', ...base, '--program', '1', '--township', '410122101', '--period', '2026', '--regional-key', REGIONAL, '--csv', csv]
  expect(await runCli(approve)).toEqual({ code: 0, out: 'approved 2 entitlements' })
  const rpc = new RpcClient({ endpoints: [node.url] })
  const db = openDatabase(path.join(temp.path, 'k.sqlite'))
  const log = createLogger({ level: 'error', stderrLevel: 'error' })
  const list = await new EntitlementIndex({
    rpc,
    store: new ClaimStore(new OutboxStore(db)),
    contract: contract as `0x${string}`,
    fromBlock: 0,
    local: new ApprovalsByCommitment(db),
    log,
  }).listFor([beneficiaryCommitment(hexToBytes(REGIONAL), '41012219560312003X')])
  db.close()
  expect(list).toMatchObject([{ maskedName: '张*国', amount: '30000', proxyAllowed: true, programName: '2026年度养老补助' }])
  // The chain never sees an ID number in clear.
  const logs = await rpc.request<{ data: string; topics: string[] }[]>('eth_getLogs', [{ address: contract, fromBlock: '0x0', toBlock: 'latest' }])
  const idHex = Buffer.from('410122195808150021').toString('hex')
  expect(logs.some((l) => l.data.includes(idHex) || l.topics.some((t) => t.includes(idHex)))).toBe(false)
})

it('reports bad CSV rows by line number and sends nothing', async () => {
  const csv = path.join(temp.path, 'bad.csv')
  fs.writeFileSync(
    csv,
    'id_number,name,village,amount_yuan,valid_from,valid_until,proxy_allowed\n' +
      '410122195808150022,李秀英,410122101201,300.00,2026-01-01,2026-12-31,no\n' +
      '41012219560312003X,张建国,410122101202,abc,2026-01-01,2026-12-31,yes\n' +
      '\n' +
      '410122196202280053,马福海,410122101203,10,2026-13-01,2026-12-31,no\n' +
      '410122196202280053,马福海,999999999999,10,2026-01-01,2026-12-31,no,extra\n',
  )
  const r = await runCli([
    'approve',
    '--rpc',
    node.url,
    '--key',
    DEV_KEYS[0]!,
    '--contract',
    `0x${'11'.repeat(20)}`,
    '--program',
    '1',
    '--township',
    '410122101',
    '--period',
    '2026',
    '--regional-key',
    REGIONAL,
    '--csv',
    csv,
  ])
  expect(r.code).toBe(2)
  expect(r.out).toMatch(/line 2: id_number/)
  expect(r.out).toMatch(/line 3: amount_yuan/)
  expect(r.out).toMatch(/line 5: valid_from/)
  expect(r.out).toMatch(/line 6: expected 7 columns/)
})

it('gives clear errors for a bad key, a key without the role, and an unreachable node', async () => {
  const contract = (await runCli(['deploy', '--rpc', node.url, '--key', DEV_KEYS[0]!])).out
  expect(await runCli(['deploy', '--rpc', node.url, '--key', '0x1234'])).toEqual({ code: 2, out: '--key must be a 32-byte hex private key' })
  const stranger = `0x${Buffer.from(randomSecretKey()).toString('hex')}`
  const noRole = await runCli(['create-program', '--rpc', node.url, '--key', stranger, '--contract', contract, '--name', 'x', '--region', '1', '--budget', '1'])
  expect(noRole.code).toBe(1)
  expect(noRole.out).toMatch(/lacks the role.*NotAuthorized/)
  const down = await runCli(['deploy', '--rpc', 'http://127.0.0.1:9', '--key', DEV_KEYS[0]!])
  expect(down.code).toBe(1)
  expect(down.out).toMatch(/cannot reach the ledger node/)
  expect((await runCli(['frobnicate'])).code).toBe(2)
  expect((await runCli(['deploy', '--bogus', 'x'])).code).toBe(2)
})
