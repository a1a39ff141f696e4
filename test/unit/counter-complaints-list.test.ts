import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { listComplaints } from '../../electron/node/counter/complaints-list'
import { openDatabase } from '../../electron/node/db/database'
import { makeTempDir } from '../support/temp-dir'

const temps: { remove(): void }[] = []
afterEach(() => temps.splice(0).forEach((t) => t.remove()))

describe('complaints as staff see them', () => {
  it('lists complaints newest first with the ledger state of their filing', () => {
    const t = makeTempDir('huimin-complaints-')
    temps.push(t)
    const db = openDatabase(path.join(t.path, 'app.sqlite'))
    const tx = db.prepare(
      `INSERT INTO outbox_intents (purpose, ref, chain_id, sender, target, calldata, gas, tx_hash, state, block_number, created_at, updated_at)
       VALUES ('complaint', ?, 31337, '0xabc', '0xdef', '0x', 100000, ?, ?, ?, 0, 0)`,
    )
    const complaint = db.prepare(
      `INSERT INTO complaints (ticket_no, created_at, category, claim_number, ticket_hash, tx_id, printed) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    const first = tx.run('T1', '0x01', 'confirmed', 42).lastInsertRowid
    const second = tx.run('T2', '0x02', 'pending', null).lastInsertRowid
    complaint.run('T410122101-20261125-AAAAAA', 1000, 'NOT_RECEIVED', '410122101-20261125-7K3QX9MB', '0xh1', first, 1)
    complaint.run('T410122101-20261125-BBBBBB', 2000, 'SERVICE', null, '0xh2', second, 0)

    expect(listComplaints(db)).toEqual([
      {
        ticketNo: 'T410122101-20261125-BBBBBB',
        createdAt: 2000,
        category: 'SERVICE',
        claimNumber: null,
        printed: false,
        ledgerState: 'pending',
        blockNumber: null,
        txHash: '0x02',
      },
      {
        ticketNo: 'T410122101-20261125-AAAAAA',
        createdAt: 1000,
        category: 'NOT_RECEIVED',
        claimNumber: '410122101-20261125-7K3QX9MB',
        printed: true,
        ledgerState: 'confirmed',
        blockNumber: 42,
        txHash: '0x01',
      },
    ])
    db.close()
  })
})
