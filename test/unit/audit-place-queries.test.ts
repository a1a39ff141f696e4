/**
 * The audit queries carry township and village names from place_names, and
 * only the codes where a name is unknown; every screen's query on a real
 * SQLite file. The names cost one primary-key lookup per row returned: the
 * query plans below hold the hot paths to that.
 */
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { claimRefOf } from '../../electron/common/ledger/commitments'
import { keyOfBytes } from '../../electron/node/audit/blob-key'
import { buf } from '../../electron/node/audit/blobs'
import { EVENT_KIND } from '../../electron/node/audit/event-kinds'
import { AnomalyDetector } from '../../electron/node/audit/anomalies'
import { PlaceTable } from '../../electron/node/audit/place-names/place-table'
import { AuditQueries } from '../../electron/node/audit/queries'
import { type Db, openDatabase } from '../../electron/node/db/database'
import { makeTempDir } from '../support/temp-dir'

const YEAR = 2026
const T = 1_767_225_600 + 86_400 * 30 // 2026-01-31 China time
const NAMED = { township: 410122101, village: 410122101201 }
const UNNAMED = { township: 410122109, village: 410122109201 }
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`

let db: Db
let remove: () => void

function entitlement(n: number, place: { township: number; village: number }, claimNumber: string): void {
  const id = buf(hash(1000 + n))
  const commitment = buf(hash(9000 + n))
  const tx = buf(hash(5000 + n))
  db.prepare(`INSERT INTO audit_blocks (number, hash, time) VALUES (?, ?, ?)`).run(n, buf(hash(n)), T + n)
  db.prepare(`INSERT INTO audit_txs (id, hash_key, hash) VALUES (?, ?, ?)`).run(n, keyOfBytes(tx), tx)
  db.prepare(`INSERT INTO audit_logs (block, log_index, tx, kind, ref) VALUES (?, 0, ?, ?, ?)`).run(n, n, EVENT_KIND.Disbursed, n)
  db.prepare(
    `INSERT INTO audit_entitlements (seq, id, id_key, program_id, commitment, commitment_key, township, village, amount, valid_from, valid_until, warn_at,
       masked_name, status, approved_block, approved_log, paid_block, paid_log, claim_ref)
     VALUES (?, ?, ?, 1, ?, ?, ?, ?, 5000, ?, ?, ?, '王*明', 2, ?, 0, ?, 0, ?)`,
  ).run(
    n,
    id,
    keyOfBytes(id),
    commitment,
    keyOfBytes(commitment),
    place.township,
    place.village,
    T - 86_400,
    T + 86_400 * 60,
    T + 86_400 * 40,
    n,
    n,
    buf(claimRefOf(claimNumber)),
  )
  db.prepare(
    `INSERT INTO audit_totals (year, program_id, township, village, approved_n, approved, paid_n, paid) VALUES (?, 1, ?, ?, 1, 5000, 1, 5000)
     ON CONFLICT DO UPDATE SET approved_n = approved_n + 1, approved = approved + 5000, paid_n = paid_n + 1, paid = paid + 5000`,
  ).run(YEAR, place.township, place.village)
}

beforeEach(() => {
  const t = makeTempDir('huimin-audit-places-')
  db = openDatabase(path.join(t.path, 'huimin.sqlite'))
  remove = () => {
    db.close()
    t.remove()
  }
  db.prepare(`INSERT INTO audit_programs (program_id, name, region, budget, block) VALUES (1, '最低生活保障金', 410122, 100000000, 1)`).run()
  db.prepare(`INSERT INTO audit_program_totals (year, program_id, funded, approved_n, approved, paid_n, paid) VALUES (?, 1, 100000, 3, 15000, 3, 15000)`).run(
    YEAR,
  )
  entitlement(1, NAMED, 'CLAIM-NAMED-1')
  entitlement(2, NAMED, 'CLAIM-NAMED-2')
  entitlement(3, UNNAMED, 'CLAIM-UNNAMED')
  new PlaceTable(db).replace('gazetteer', [
    { code: '410122101', name: '官渡镇' },
    { code: '410122101201', name: '李庄村' },
  ])
})
afterEach(() => remove())

describe('audit queries with place names', () => {
  it('totals: villages by name, an unnamed village by code only', () => {
    const villages = new AuditQueries(db).totals(YEAR).villages
    expect(villages).toEqual([
      { ...NAMED, townshipName: '官渡镇', villageName: '李庄村', approved: 10000, approvedCount: 2, paid: 10000, paidCount: 2, settled: 0 },
      { ...UNNAMED, approved: 5000, approvedCount: 1, paid: 5000, paidCount: 1, settled: 0 },
    ])
    // The village limit still applies before the names are looked up, largest first.
    expect(new AuditQueries(db).totals(YEAR, 1).villages.map((v) => v.village)).toEqual([NAMED.village])
  })

  it('recent, trace and self-check carry the names when known', () => {
    const q = new AuditQueries(db)
    const recent = q.recent(10)
    expect(recent.map((r) => [r.village, r.townshipName, r.villageName])).toEqual([
      [UNNAMED.village, undefined, undefined],
      [NAMED.village, '官渡镇', '李庄村'],
      [NAMED.village, '官渡镇', '李庄村'],
    ])
    expect(Object.keys(recent[0]!)).not.toContain('villageName')
    expect(q.trace('claim-named-1').entitlement).toMatchObject({ ...NAMED, townshipName: '官渡镇', villageName: '李庄村' })
    const unnamed = q.trace('CLAIM-UNNAMED').entitlement!
    expect(unnamed.village).toBe(UNNAMED.village)
    expect(unnamed).not.toHaveProperty('villageName')
    expect(q.selfCheck(hash(9001) as `0x${string}`)).toMatchObject([{ townshipName: '官渡镇', villageName: '李庄村', village: NAMED.village }])
  })

  it('flows: township and village nodes carry their names', () => {
    const nodes = new AuditQueries(db).flows(YEAR, 1).nodes
    expect(nodes.find((n) => n.id === `t:${NAMED.township}`)).toMatchObject({ kind: 'township', placeName: '官渡镇' })
    expect(nodes.find((n) => n.id === `v:${NAMED.village}`)).toMatchObject({ kind: 'village', placeName: '李庄村' })
    const unnamedTownship = nodes.find((n) => n.id === `t:${UNNAMED.township}`)!
    expect(unnamedTownship).not.toHaveProperty('placeName')
    // The unnamed village falls beyond the limit of 1 into its township's "other villages".
    expect(nodes.find((n) => n.id === `o:${UNNAMED.township}`)).not.toHaveProperty('placeName')
  })

  it('anomalies: a named village says its name (Named key), an unnamed one its code', () => {
    for (let n = 10; n < 13; n++) entitlement(n, UNNAMED, `U-${n}`)
    for (let n = 20; n < 23; n++) entitlement(n, NAMED, `N-${n}`)
    db.prepare('UPDATE audit_entitlements SET status = 1, paid_block = NULL, paid_log = NULL').run()
    const detector = new AnomalyDetector(db, { lateMin: 10, rateMin: 20, rateFactor: 4, unclaimedMin: 2, limit: 10 })
    const flags = detector.detect(T + 86_400 * 50)
    const named = flags.find((f) => f.village === NAMED.village)!
    // Staff open a flag to the entitlements it counts: as many as it says, masked, none from elsewhere.
    const behind = detector.unclaimedIn(NAMED.village, named.programId!, T + 86_400 * 50)
    expect(behind).toHaveLength(named.count)
    for (const e of behind) expect(e.maskedName).toContain('*')
    expect(detector.unclaimedIn(NAMED.village, named.programId! + 1, T + 86_400 * 50)).toEqual([])
    expect(named).toMatchObject({
      messageKey: 'audit.anomaly.unclaimedNamed',
      params: { place: '官渡镇 · 李庄村', village: NAMED.village },
      villageName: '李庄村',
    })
    const unnamed = flags.find((f) => f.village === UNNAMED.village)!
    expect(unnamed).toMatchObject({ messageKey: 'audit.anomaly.unclaimed', params: { village: UNNAMED.village } })
    expect(unnamed.params).not.toHaveProperty('place')
  })

  it('anomalies: a township flag says the township’s name when known', () => {
    const now = T + 86_400 * 50
    const hour = Math.floor(now / 3600)
    const insert = db.prepare('INSERT INTO audit_terminal_hours (terminal, hour, township, paid_n, paid, late_n) VALUES (?, ?, ?, 12, 60000, 12)')
    insert.run(buf(`0x${'11'.repeat(20)}`), hour, NAMED.township)
    insert.run(buf(`0x${'22'.repeat(20)}`), hour, UNNAMED.township)
    const flags = new AnomalyDetector(db, { lateMin: 10, rateMin: 100, rateFactor: 4, unclaimedMin: 100, limit: 10 }).detect(now)
    expect(flags.find((f) => f.township === NAMED.township)).toMatchObject({
      kind: 'lateBulk',
      messageKey: 'audit.anomaly.lateBulkNamed',
      params: { place: '官渡镇' },
      townshipName: '官渡镇',
    })
    expect(flags.find((f) => f.township === UNNAMED.township)).toMatchObject({
      kind: 'lateBulk',
      messageKey: 'audit.anomaly.lateBulk',
      params: { township: UNNAMED.township },
    })
  })

  it('reaches each name by primary key, and keeps the recent, self-check and tx-hash queries on their indexes', () => {
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array((sql.match(/\?/g) ?? []).length).fill(null)) as { detail: string }[]).map((r) => r.detail)
    // The statements the queries really run (their private table of prepared statements).
    const q = new AuditQueries(db) as unknown as { s: Record<string, { source: string }> }
    for (const name of ['recent', 'byClaimRef', 'bySeq', 'byCommitment', 'villageTotals']) {
      const details = plan(q.s[name]!.source)
      const places = details.filter((d) => /\b(tn|vn)\b/.test(d))
      expect(places, name).toHaveLength(2)
      for (const d of places) expect(d, name).toMatch(/SEARCH (tn|vn) USING INTEGER PRIMARY KEY \(rowid=\?\)/)
      expect(
        details.some((d) => /SCAN (tn|vn)/.test(d)),
        name,
      ).toBe(false)
    }
    expect(plan(q.s.recent!.source)[0]).toMatch(/^SEARCH e USING INDEX audit_entitlements_paid/)
    // Hashes are found by their integer keys (migration 0008).
    expect(plan(q.s.byCommitment!.source)[0]).toMatch(/^SEARCH e USING INDEX audit_entitlements_commitment \(commitment_key=\?\)/)
    expect(plan(q.s.refByTx!.source)[0]).toMatch(/^SEARCH t USING INDEX audit_txs_hash \(hash_key=\?\)/)
  })
})
