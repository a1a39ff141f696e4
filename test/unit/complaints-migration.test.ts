import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, schemaVersion } from '../../electron/node/db/database'
import { migrations } from '../../electron/node/db/migrations'
import { makeTempDir } from '../support/temp-dir'

const temps: { remove(): void }[] = []
afterEach(() => temps.splice(0).forEach((t) => t.remove()))

const tx = (id: number, kind: string, nonce: number) => [
  id,
  kind,
  `ref-${id}`,
  31337,
  '0xabc',
  nonce,
  '0x00',
  100000,
  '0xraw',
  `0xhash${id}`,
  'confirmed',
  1,
  5,
  null,
  null,
  7,
  1000 + id,
  2000 + id,
]
const insertTx = `INSERT INTO counter_txs (id, kind, ref, chain_id, sender, nonce, calldata, gas, raw_tx, tx_hash, state, attempts, last_sent_at, last_error, reject_code, block_number, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

describe('migration 0005-complaints', () => {
  it('rebuilds counter_txs on a version-4 file: rows, references and indexes kept, kind complaint now accepted', () => {
    const t = makeTempDir('huimin-0005-')
    temps.push(t)
    const file = path.join(t.path, 'app.sqlite')
    const v4 = openDatabase(file, migrations.slice(0, 4))
    expect(schemaVersion(v4)).toBe(4)
    expect(() => v4.prepare(insertTx).run(...tx(9, 'complaint', 9))).toThrow(/CHECK/)
    v4.prepare(insertTx).run(...tx(1, 'approve', 0))
    v4.prepare(insertTx).run(...tx(2, 'close-day', 1))
    v4.prepare(
      `INSERT INTO counter_staff (id, commitment, staff_no, role, name_sealed, pin_hash, created_at) VALUES (1, 'c1', 'S001', 'clerk', x'00', 'h', 1)`,
    ).run()
    v4.prepare(`INSERT INTO counter_people (id, commitment, id_sealed, name_sealed, updated_at) VALUES (1, 'p1', x'00', x'00', 1)`).run()
    v4.prepare(
      `INSERT INTO counter_batches (id, file_sha256, row_count, total_fen, state, prepared_by, prepared_at) VALUES (1, 'sha', 1, 100, 'prepared', 1, 1)`,
    ).run()
    v4.prepare(
      `INSERT INTO counter_batch_rows (batch_id, row_no, entitlement_id, program_id, person_id, village_code, amount_fen, valid_from, valid_until, proxy_allowed, masked_name, tx_id)
       VALUES (1, 1, '0xe1', 1, 1, '410122101001', 100, 0, 1, 0, '王*', 1), (1, 2, '0xe2', 1, 1, '410122101001', 100, 0, 1, 0, '王*', NULL)`,
    ).run()
    v4.prepare(
      `INSERT INTO counter_day_closes (business_date, count, total_fen, pdf_sha256, pdf_file, closed_by, closed_at, tx_id) VALUES ('2026-11-25', 1, 100, 'sha', 'f.pdf', 1, 1, 2)`,
    ).run()
    const before = v4.prepare('SELECT * FROM counter_txs ORDER BY id').all()
    v4.close()

    const db = openDatabase(file, migrations.slice(0, 5))
    expect(schemaVersion(db)).toBe(5)
    expect(db.prepare('SELECT * FROM counter_txs ORDER BY id').all()).toEqual(before)
    expect(db.prepare('SELECT row_no, tx_id FROM counter_batch_rows ORDER BY row_no').all()).toEqual([
      { row_no: 1, tx_id: 1 },
      { row_no: 2, tx_id: null },
    ])
    expect(db.prepare('SELECT business_date, tx_id FROM counter_day_closes').all()).toEqual([{ business_date: '2026-11-25', tx_id: 2 }])
    expect(db.pragma('foreign_key_check')).toEqual([])
    const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'counter_txs' AND sql IS NOT NULL ORDER BY name`).all()
    expect(indexes.map((r) => (r as { name: string }).name)).toEqual(['counter_txs_nonce', 'counter_txs_pending', 'counter_txs_ref'])
    expect(db.prepare(`SELECT name FROM sqlite_temp_master`).all()).toEqual([])

    db.prepare(insertTx).run(...tx(3, 'complaint', 2))
    expect(() => db.prepare(insertTx).run(...tx(4, 'refund', 3))).toThrow(/CHECK/)
    expect(() => db.prepare(insertTx).run(...tx(5, 'approve', 2))).toThrow(/UNIQUE/)
    // References to counter_txs still hold after the rename.
    expect(() => db.prepare(`UPDATE counter_batch_rows SET tx_id = 99 WHERE row_no = 2`).run()).toThrow(/FOREIGN KEY/)
    db.prepare(
      `INSERT INTO complaints (ticket_no, created_at, category, claim_number, ticket_hash, tx_id) VALUES ('T1', 1, 'NOT_RECEIVED', NULL, '0x01', 3)`,
    ).run()
    expect(() =>
      db.prepare(`INSERT INTO complaints (ticket_no, created_at, category, claim_number, ticket_hash, tx_id) VALUES ('T1', 1, 'OTHER', NULL, '0x02', 3)`).run(),
    ).toThrow(/UNIQUE/)
    db.close()
  })
})
