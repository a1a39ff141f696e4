import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Db, openDatabase } from '../../electron/node/db/database'
import { AuditService } from '../../electron/node/audit/audit-service'
import { generateActivity, seededRandom } from '../../electron/node/audit/demo-activity'
import { createLogger } from '../../electron/node/log/logger'
import { makeTempDir } from '../support/temp-dir'
import { type ReliefChain, chainTime, startReliefChain, sumFromNode } from './audit-chain'
import { expectIndexMatchesChain } from './audit-index-checks'

const log = createLogger({ level: 'error' })

describe('audit index against a real anvil', () => {
  let chain: ReliefChain
  let dir: ReturnType<typeof makeTempDir>
  let db: Db
  let services: AuditService[]

  beforeEach(async () => {
    dir = makeTempDir('huimin-audit-')
    db = openDatabase(path.join(dir.path, 'huimin.sqlite'))
    chain = await startReliefChain()
    services = []
  })

  afterEach(async () => {
    for (const s of services) await s.dispose()
    db?.close()
    await chain?.dispose()
    dir?.remove()
  })

  const service = (follower = {}, database = db) => {
    const s = new AuditService({ db: database, rpc: chain.rpc, contract: chain.contract, startBlock: chain.deployBlock, log, emit: () => {}, follower })
    services.push(s)
    return s
  }

  /** Every event indexed exactly once, and the sums equal what the node's own events add up to. */
  async function expectIndexMatchesNode(s: AuditService, database = db) {
    expectIndexMatchesChain(s, database, await sumFromNode(chain.rpc, chain.contract))
  }

  it('indexes random event streams, each event once, with totals equal to the node’s own sums', async () => {
    const random = seededRandom(7)
    const first = await generateActivity({
      callsOf: chain.callsOf,
      operator: chain.operator,
      terminals: chain.terminals,
      entitlements: 600,
      now: await chainTime(chain.rpc),
      random,
    })
    const s = service({ targetEvents: 150 })
    await s.syncNow()
    expect(s.status.indexedBlock).toBe(s.status.headBlock)
    await expectIndexMatchesNode(s)

    // Live: the follower picks up a second stream while it runs.
    s.start()
    const programIds = [...new Set(first.map((e) => e.programId))]
    await generateActivity({
      callsOf: chain.callsOf,
      operator: chain.operator,
      terminals: chain.terminals,
      entitlements: 300,
      now: await chainTime(chain.rpc),
      random,
      programIds,
    })
    const head = Number.parseInt(await chain.rpc.request<string>('eth_blockNumber'), 16)
    await expect.poll(() => s.status.indexedBlock, { timeout: 20_000 }).toBeGreaterThanOrEqual(head)
    await expectIndexMatchesNode(s)
    expect(s.health().lag).toBe(0)
    expect(s.health().events).toBe((await sumFromNode(chain.rpc, chain.contract)).events)
  })

  it('rolls back to the common ancestor after a reorganisation and re-reads the new branch', async () => {
    const random = seededRandom(11)
    const base = await generateActivity({
      callsOf: chain.callsOf,
      operator: chain.operator,
      terminals: chain.terminals,
      entitlements: 200,
      now: await chainTime(chain.rpc),
      random,
    })
    const s = service()
    await s.syncNow()
    const snapshot = await chain.rpc.request<string>('evm_snapshot')
    const programIds = [...new Set(base.map((e) => e.programId))]
    // Sent by outboxes that stop before the chain forgets their branch (the chain's own would send it again).
    const lost = chain.newOutbox()
    const abandoned = await generateActivity({
      callsOf: lost.callsOf,
      operator: chain.operator,
      terminals: chain.terminals,
      entitlements: 150,
      now: await chainTime(chain.rpc),
      random,
      programIds,
    })
    await lost.dispose()
    await s.syncNow()
    const paidOnAbandoned = abandoned.find((e) => e.claimNumber)!
    expect(s.queries.trace(paidOnAbandoned.claimNumber!).found).toBe(true)

    // The branch disappears; a different one, shorter, replaces it.
    expect(await chain.rpc.request('evm_revert', [snapshot])).toBe(true)
    const replacing = chain.newOutbox()
    await generateActivity({
      callsOf: replacing.callsOf,
      operator: chain.operator,
      terminals: chain.terminals,
      entitlements: 40,
      now: await chainTime(chain.rpc),
      random,
      programIds,
      paidShare: 1,
    })
    await replacing.dispose()
    await s.syncNow() // notices the reorg and rolls back
    await s.syncNow() // reads the new branch
    expect(s.status.reorgs).toBe(1)
    expect(s.status.lastReorg!.undone).toBeGreaterThan(0)
    expect(s.queries.trace(paidOnAbandoned.claimNumber!).found).toBe(false)
    await expectIndexMatchesNode(s)
  })

  it('resumes from its cursor after a restart, without indexing anything twice', async () => {
    const random = seededRandom(23)
    const now = await chainTime(chain.rpc)
    const first = await generateActivity({ callsOf: chain.callsOf, operator: chain.operator, terminals: chain.terminals, entitlements: 300, now, random })
    const file = path.join(dir.path, 'restart.sqlite')
    const db1 = openDatabase(file)
    const s1 = service({ targetEvents: 100 }, db1)
    await s1.syncNow()
    const indexedBefore = s1.status.indexedBlock
    await s1.dispose()
    db1.close()

    const programIds = [...new Set(first.map((e) => e.programId))]
    await generateActivity({ callsOf: chain.callsOf, operator: chain.operator, terminals: chain.terminals, entitlements: 200, now, random, programIds })
    const db2 = openDatabase(file)
    try {
      const s2 = service({}, db2)
      expect(s2.status.indexedBlock).toBe(indexedBefore)
      await s2.syncNow()
      expect(s2.status.indexedBlock).toBeGreaterThan(indexedBefore)
      await expectIndexMatchesNode(s2, db2)
      await s2.dispose()
    } finally {
      db2.close()
    }
    expect(fs.existsSync(file)).toBe(true)
  })
})
