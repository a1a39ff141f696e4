import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StaffRole } from '../../electron/common/contract'
import { translateError } from '../../electron/common/i18n'
import { BatchService, type BatchServiceOptions } from '../../electron/node/counter/batches'
import { Journal } from '../../electron/node/counter/journal'
import type { StaffSession } from '../../electron/node/counter/staff-auth'
import { type Db, openDatabase } from '../../electron/node/db/database'
import { makeTempDir } from '../support/temp-dir'

/**
 * Who may cancel a prepared list: the staff member who prepared it, or a
 * supervisor. Before, any clerk could cancel a colleague's list. Cancelling
 * touches only SQLite, so the batch is written as prepare() leaves it and the
 * service gets no ledger, people or programmes.
 */
describe('cancelling a prepared batch', () => {
  let temp: ReturnType<typeof makeTempDir>
  let db: Db
  let journal: Journal
  let batches: BatchService
  const staff: Record<'maker' | 'otherClerk' | 'supervisor' | 'technician', StaffSession> = {} as never

  const member = (id: number, role: StaffRole): StaffSession => ({
    id,
    staffNo: `S000${id}`,
    role,
    commitment: `0x${String(id).repeat(64)}`,
    maskedName: '周*',
    token: String(id).repeat(64),
    signedInAt: 0,
    lastActivity: 0,
  })
  const prepared = (by: StaffSession): number =>
    Number(
      db
        .prepare(`INSERT INTO counter_batches (file_sha256, row_count, total_fen, state, prepared_by, prepared_at) VALUES (?, 3, 30000, 'prepared', ?, 1000)`)
        .run('ab'.repeat(32), by.id).lastInsertRowid,
    )

  beforeEach(() => {
    temp = makeTempDir('huimin-batch-cancel-')
    db = openDatabase(path.join(temp.path, 'app.sqlite'))
    journal = new Journal(db)
    const roles = { maker: 'clerk', otherClerk: 'clerk', supervisor: 'supervisor', technician: 'technician' } as const
    const insert = db.prepare(`INSERT INTO counter_staff (id, commitment, staff_no, role, name_sealed, pin_hash, created_at) VALUES (?, ?, ?, ?, ?, 'x', 0)`)
    Object.entries(roles).forEach(([key, role], i) => {
      const s = member(i + 1, role)
      insert.run(s.id, s.commitment, s.staffNo, role, Buffer.alloc(1))
      staff[key as keyof typeof staff] = s
    })
    const unused = {} as never
    const options: BatchServiceOptions = {
      db,
      journal,
      outbox: unused,
      people: unused,
      villages: unused,
      programs: unused,
      commitmentOf: unused,
      township: '410122101',
      now: () => 5000,
    }
    batches = new BatchService(options)
  })
  afterEach(() => {
    db.close()
    temp.remove()
  })

  it('refuses a clerk who did not prepare it, and a technician, with COUNTER_NOT_MAKER; the batch stays prepared', () => {
    const id = prepared(staff.maker)
    for (const who of [staff.otherClerk, staff.technician]) {
      expect(() => batches.cancel(who, id), who.staffNo).toThrow(expect.objectContaining({ code: 'COUNTER_NOT_MAKER' }))
    }
    expect(batches.view(id)).toMatchObject({ state: 'prepared', decidedBy: null, decidedAt: null })
    expect(journal.recent(10, 'counter.batch.cancel').map((e) => [e.actor, e.action, e.detail])).toEqual([
      ['staff:S0004', 'counter.batch.cancel.refused', { batchId: id, reason: 'not-maker' }],
      ['staff:S0002', 'counter.batch.cancel.refused', { batchId: id, reason: 'not-maker' }],
    ])
    expect(translateError('COUNTER_NOT_MAKER', 'en')).toMatch(/prepared/)
  })

  it('lets the maker cancel their own list', () => {
    const id = prepared(staff.maker)
    expect(batches.cancel(staff.maker, id)).toMatchObject({ state: 'cancelled', preparedBy: 'S0001', decidedBy: 'S0001', decidedAt: 5000 })
    expect(journal.recent(1, 'counter.batch.cancel')[0]).toMatchObject({ actor: 'staff:S0001', action: 'counter.batch.cancel', detail: { batchId: id } })
  })

  it("lets a supervisor cancel anyone's list", () => {
    const id = prepared(staff.maker)
    expect(batches.cancel(staff.supervisor, id)).toMatchObject({ state: 'cancelled', preparedBy: 'S0001', decidedBy: 'S0003' })
  })

  it('still refuses a batch that is no longer prepared, or unknown', () => {
    const id = prepared(staff.maker)
    batches.cancel(staff.maker, id)
    expect(() => batches.cancel(staff.supervisor, id)).toThrow(expect.objectContaining({ code: 'COUNTER_BATCH_STATE' }))
    expect(() => batches.cancel(staff.supervisor, id + 1)).toThrow(expect.objectContaining({ code: 'COUNTER_BATCH_UNKNOWN' }))
  })
})
