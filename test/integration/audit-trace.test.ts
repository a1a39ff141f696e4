import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tracePayload } from '../../electron/common/receipt/trace-code'
import { AuditService } from '../../electron/node/audit/audit-service'
import { type ActivityEntitlement, generateActivity, seededRandom } from '../../electron/node/audit/demo-activity'
import { type Db, openDatabase } from '../../electron/node/db/database'
import { createLogger } from '../../electron/node/log/logger'
import { makeTempDir } from '../support/temp-dir'
import { type ReliefChain, chainTime, startReliefChain } from './audit-chain'

describe('trace lookup with live verification (anvil, 1 s blocks)', () => {
  let chain: ReliefChain
  let dir: ReturnType<typeof makeTempDir>
  let db: Db
  let audit: AuditService
  let activity: ActivityEntitlement[]

  beforeAll(async () => {
    dir = makeTempDir('huimin-audit-trace-')
    db = openDatabase(path.join(dir.path, 'huimin.sqlite'))
    chain = await startReliefChain({ blockTimeSec: 1 })
    activity = await generateActivity({
      callsOf: chain.callsOf,
      operator: chain.operator,
      terminals: chain.terminals,
      entitlements: 60,
      now: await chainTime(chain.rpc),
      random: seededRandom(5),
      paidShare: 0.8,
    })
    audit = new AuditService({
      db,
      rpc: chain.rpc,
      contract: chain.contract,
      startBlock: chain.deployBlock,
      log: createLogger({ level: 'error' }),
      emit: () => {},
    })
    await audit.syncNow()
  })

  afterAll(async () => {
    await audit?.dispose()
    db?.close()
    await chain?.dispose()
    dir?.remove()
  })

  it('finds a payment by claim number, QR payload and tx hash, and verifies every step against the node', async () => {
    const settled = activity.find((e) => e.state === 'settled')!
    for (const query of [
      settled.claimNumber!,
      tracePayload({ kind: 'tx', txHash: settled.disburseTx! }),
      tracePayload({ kind: 'claim', claimNo: settled.claimNumber! }),
      settled.disburseTx!,
    ]) {
      const trail = audit.queries.trace(query)
      expect(trail.found).toBe(true)
      expect(trail.entitlement).toMatchObject({
        entitlementId: settled.entitlementId,
        maskedName: settled.maskedName,
        amount: settled.amount,
        village: settled.village,
        status: 'settled',
      })
      expect(trail.steps.map((s) => s.step)).toEqual(['approved', 'paid', 'settled'])
      expect(trail.steps[1]!.txHash).toBe(settled.disburseTx)
    }
    const check = await audit.verify(settled.claimNumber!)
    expect(check.verified).toBe(true)
    expect(check.steps.every((s) => s.verdict === 'verified' && (s.confirmations ?? -1) >= 0)).toBe(true)
    const revoked = activity.find((e) => e.state === 'revoked')
    if (revoked) expect(audit.queries.trace(revoked.entitlementId).found).toBe(false) // an entitlement id is not a tx hash
  })

  it('reports a mismatch when the index disagrees with the node, because it re-reads the node', async () => {
    const paid = activity.find((e) => e.state === 'paid')!
    const step = audit.queries.trace(paid.claimNumber!).steps.find((s) => s.step === 'paid')!
    // Point the index at another log of the same transaction: only the node can tell.
    db.prepare('UPDATE audit_entitlements SET paid_log = paid_log + 1000 WHERE paid_block = ? AND paid_log = ?').run(step.block, step.logIndex)
    db.prepare('UPDATE audit_logs SET log_index = log_index + 1000 WHERE block = ? AND log_index = ?').run(step.block, step.logIndex)
    const check = await audit.verify(paid.claimNumber!)
    expect(check.verified).toBe(false)
    expect(check.steps.find((s) => s.step === 'paid')).toMatchObject({ verdict: 'mismatch', reason: 'the receipt has no log at this index' })
  })

  it('says "unreachable" rather than "verified" when the node is down', async () => {
    const paid = activity.filter((e) => e.state === 'paid')[1]!
    await chain.anvil.dispose()
    const check = await audit.verify(paid.claimNumber!)
    expect(check.verified).toBe(false)
    expect(check.steps.every((s) => s.verdict === 'unreachable')).toBe(true)
    await expect(audit.syncNow()).rejects.toThrow(/unreachable/)
    expect(audit.health().nodes[0]!.reachable).toBe(false)
  })
})
