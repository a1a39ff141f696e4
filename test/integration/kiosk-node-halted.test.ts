/**
 * A halted chain costs a beneficiary nothing (issue 21, item 5): with the
 * consortium node frozen (SIGSTOP: it keeps its port and answers nothing, the
 * worst case for a client), a person whose list was never on screen lays
 * their card, sees their entitlements from the local audit index and claims
 * them into the durable outbox; once the node runs again the claims reach the
 * chain. The real browser host, an external anvil, the simulated devices on
 * their ptys, only the calls the faces make.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { testCard } from '../../hardware/common/test-cards'
import { beneficiaryCommitment } from '../../electron/common/ledger/commitments'
import { hexToBytes } from '../../electron/common/ledger/hex'
import type { SelfCheckEntry } from '../../electron/common/contract/audit'
import type { KioskView } from '../../electron/common/contract/kiosk'
import { DEMO_REGIONAL_KEY } from '../../electron/node/config/config'
import { type AnvilNode, startAnvil } from '../../electron/node/ledger/anvil-node'
import { FaceClient } from '../support/face-client'
import { Hall } from '../support/hall'
import { type HostProcess, startHost } from '../support/host-process'
import { makeTempDir } from '../support/temp-dir'

const renderer = makeTempDir('huimin-node-halted-renderer-')
fs.writeFileSync(path.join(renderer.path, 'index.html'), '<!doctype html><html><head><title>faces</title></head><body></body></html>')
let node: AnvilNode
let host: HostProcess
let frozen = false

beforeAll(async () => {
  node = await startAnvil({ blockTimeSec: 1, chainId: 31337 })
  host = await startHost({ HUIMIN_LEDGER_RPC: node.url, HUIMIN_DEMO: '1', HUIMIN_RENDERER_DIR: renderer.path })
}, 120_000)

afterAll(async () => {
  if (frozen) process.kill(node.pid, 'SIGCONT')
  await host?.stop()
  await node?.dispose()
  renderer.remove()
})

it('lists and claims from the local index while the node is frozen; the claims reach the chain once it runs', async ({ onTestFailed }) => {
  onTestFailed(() => console.log(hostLogTail(host.dataDir), JSON.stringify(views.at(-1)?.claims)))
  const card = testCard('li-xiuying')
  const commitment = beneficiaryCommitment(hexToBytes(DEMO_REGIONAL_KEY), card.idNumber)
  const audit = await FaceClient.open(host.urls.audit)
  // The audit index has followed the demo approvals (the kiosk never looked this person up).
  for (let i = 0; (await audit.value<SelfCheckEntry[]>('audit.selfCheck', { commitment })).length < 2; i++) {
    if (i > 300) throw new Error('the audit index never indexed the demo approvals')
    await new Promise((r) => setTimeout(r, 100))
  }
  const views: KioskView[] = []
  const hall = await Hall.open(host.urls, (v) => views.push(v))
  await hall.until('the devices ready', (v) => v.phase === 'attract')

  process.kill(node.pid, 'SIGSTOP')
  frozen = true
  const tapped = performance.now()
  const list = await hall.visit('li-xiuying')
  console.log(`card tap → entitlements with the node frozen: ${Math.round(performance.now() - tapped)} ms`)
  expect(list.reason).toBeNull()
  const ids = hall.claimable(list)
  expect(ids).toHaveLength(2)
  const claiming = performance.now()
  const claims = await hall.claim(ids)
  console.log(`claim of 2 entitlements with the node frozen: ${Math.round(performance.now() - claiming)} ms`)
  expect(claims.map((c) => c.ledgerState)).toEqual(['queued', 'queued'])
  // Still frozen: nothing can have reached the chain, and nothing on screen says it did.
  expect(views.flatMap((v) => v.claims).some((c) => c.ledgerState === 'confirmed')).toBe(false)

  process.kill(node.pid, 'SIGCONT')
  frozen = false
  const numbers = claims.map((c) => c.claimNumber)
  await hall.until('both claims on chain', (v) => v.claims.filter((c) => numbers.includes(c.claimNumber) && c.ledgerState === 'confirmed').length === 2)
  // And the index followed them: both paid.
  for (let i = 0; (await audit.value<SelfCheckEntry[]>('audit.selfCheck', { commitment })).some((e) => e.status !== 'paid'); i++) {
    if (i > 300) throw new Error('the audit index never saw the claims paid')
    await new Promise((r) => setTimeout(r, 100))
  }
}, 120_000)

function hostLogTail(dataDir: string): string {
  const logs = path.join(dataDir, 'logs')
  return fs
    .readdirSync(logs)
    .map((f) => fs.readFileSync(path.join(logs, f), 'utf8').split('\n').slice(-400).join('\n'))
    .join('\n')
}
