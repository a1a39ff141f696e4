import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testCard } from '../../hardware/common/test-cards'
import { entitlementIdOf } from '../../electron/common/ledger/commitments'
import { type Hex, hexToBytes } from '../../electron/common/ledger/hex'
import { parseSecretKey } from '../../electron/common/ledger/sign'
import { openDatabase, type Db } from '../../electron/node/db/database'
import { type AnvilNode, startAnvil } from '../../electron/node/ledger/anvil-node'
import { decodeReliefResult, reliefCalldata } from '../../electron/node/ledger/contract/calls'
import { DEV_KEYS } from '../../electron/node/ledger/dev-accounts'
import { RegionalKeys } from '../../electron/node/ledger/keys/regional-keys'
import { ScryptSecretBox } from '../../electron/node/ledger/keys/secret-box'
import { createSigner } from '../../electron/node/ledger/keys/signer'
import { RpcClient } from '../../electron/node/ledger/rpc-client'
import { setupRelief } from '../support/ledger/relief-fixture'
import { createLogger } from '../../electron/node/log/logger'
import { BatchService } from '../../electron/node/counter/batches'
import { OutboxLane } from '../../electron/node/ledger/outbox/outbox-lane'
import { OutboxStore } from '../../electron/node/ledger/outbox/outbox-store'
import { FieldCipher } from '../../electron/node/counter/field-cipher'
import { Journal } from '../../electron/node/counter/journal'
import { PeopleStore } from '../../electron/node/counter/people'
import { ProgramDirectory } from '../../electron/node/counter/programs'
import { type CardRead, StaffAuth } from '../../electron/node/counter/staff-auth'
import { DEMO_VILLAGES, VillageTable } from '../../electron/node/counter/villages'
import { makeTempDir } from '../support/temp-dir'

const REGIONAL_KEY = hexToBytes('0x6875696d696e2d64656d6f2d726567696f6e616c2d6b6579')
const TOWNSHIP = '410122101'

describe('counter services against a real anvil node and SQLite file', () => {
  const temp = makeTempDir('huimin-counter-')
  let anvil: AnvilNode
  let rpc: RpcClient
  let db: Db
  let contract: Hex
  let auth: StaffAuth
  let batches: BatchService
  let outbox: OutboxLane
  let cipher: FieldCipher
  let journal: Journal
  let clock = Date.now()
  let onReader: CardRead | null = null
  const place = (key: string) => {
    const c = testCard(key)
    onReader = { name: c.name, idNumber: c.idNumber }
  }

  beforeAll(async () => {
    anvil = await startAnvil({ blockTimeSec: 1, chainId: 31337 })
    rpc = new RpcClient({ endpoints: [anvil.url] })
    const admin = createSigner(parseSecretKey(DEV_KEYS[0]!))
    const fixture = await setupRelief(rpc, { terminals: [], township: Number(TOWNSHIP), entitlements: 0 })
    contract = fixture.contract
    await fixture.admin.transact(contract, 'createProgram', ['低保金', BigInt(TOWNSHIP), 10n ** 12n])
    db = openDatabase(path.join(temp.path, 'huimin.sqlite'))
    cipher = FieldCipher.open(db, new ScryptSecretBox('counter-test-secret'))
    journal = new Journal(db)
    const log = createLogger({ level: 'error' })
    auth = new StaffAuth({ db, cipher, keys: RegionalKeys.single(REGIONAL_KEY), journal, cards: { readCard: async () => onReader }, now: () => clock })
    for (const [key, role] of [
      ['zhou-min', 'clerk'],
      ['wu-qiang', 'supervisor'],
      ['sun-tech', 'technician'],
    ] as const) {
      const c = testCard(key)
      await auth.enrol({ name: c.name, idNumber: c.idNumber }, role, '123456', 'system')
    }
    const villages = new VillageTable(db, TOWNSHIP)
    villages.seed(DEMO_VILLAGES)
    outbox = new OutboxLane({ store: new OutboxStore(db), rpc, signer: admin, chainId: 31337, target: contract, log, submitter: { pollMs: 300 } })
    outbox.start()
    batches = new BatchService({
      db,
      outbox,
      people: new PeopleStore(db, cipher),
      villages,
      programs: new ProgramDirectory(rpc, contract),
      journal,
      commitmentOf: (id) => auth.commitmentOf(id),
      township: TOWNSHIP,
      amountCapFen: 500_000,
    })
  })

  afterAll(async () => {
    await outbox?.dispose()
    db?.close()
    await anvil?.dispose()
    temp.remove()
  })

  it('signs staff in by card and PIN, refuses a wrong PIN and locks after five', async () => {
    place('zhou-min')
    const s = await auth.signIn('123456')
    expect(s).toMatchObject({ staffNo: 'S0001', role: 'clerk', maskedName: '周*' })
    place('sun-tech')
    for (let i = 1; i <= 4; i++) await expect(auth.signIn('654321')).rejects.toMatchObject({ code: 'COUNTER_WRONG_PIN' })
    await expect(auth.signIn('654321')).rejects.toMatchObject({ code: 'COUNTER_LOCKED' })
    await expect(auth.signIn('123456')).rejects.toMatchObject({ code: 'COUNTER_LOCKED' })
    // The lock is in the file: a fresh service on the same database still refuses.
    const again = new StaffAuth({ db, cipher, keys: RegionalKeys.single(REGIONAL_KEY), journal, cards: { readCard: async () => onReader }, now: () => clock })
    await expect(again.signIn('123456')).rejects.toMatchObject({ code: 'COUNTER_LOCKED' })
    clock += 15 * 60_000 + 1
    await expect(again.signIn('123456')).resolves.toMatchObject({ role: 'technician' })
    // PINs sent side by side get no extra tries: one is checked, the others are refused while it hashes,
    // even when the right one is among them (it was sent after the first).
    place('wu-qiang')
    const burst = await Promise.allSettled(['111111', '222222', '333333', '444444', '123456'].map((pin) => auth.signIn(pin)))
    expect(burst.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'signed-in'))).toEqual([
      'COUNTER_WRONG_PIN',
      'COUNTER_SIGNIN_BUSY',
      'COUNTER_SIGNIN_BUSY',
      'COUNTER_SIGNIN_BUSY',
      'COUNTER_SIGNIN_BUSY',
    ])
    // The four refused while it hashed are journaled once, with their count, when the check ends.
    expect(journal.recent(5, 'counter.signIn.busy').map((e) => e.detail)).toEqual([{ refused: 4 }])
    for (let i = 2; i <= 4; i++) await expect(auth.signIn('111111')).rejects.toMatchObject({ code: 'COUNTER_WRONG_PIN' })
    await expect(auth.confirmSupervisor('111111')).rejects.toMatchObject({ code: 'COUNTER_LOCKED' }) // the co-sign counts too
    await expect(auth.signIn('123456')).rejects.toMatchObject({ code: 'COUNTER_LOCKED' })
    // Refusals of a locked account: the first journaled at once, the rest counted and journaled by the sweep.
    const lockedRows = () => journal.recent(20, 'counter.signIn.locked').filter((e) => e.actor === 'staff:S0002').length
    const before = lockedRows()
    for (let i = 0; i < 3; i++) await expect(auth.signIn('123456')).rejects.toMatchObject({ code: 'COUNTER_LOCKED' })
    expect(lockedRows()).toBe(before)
    auth.sweep()
    expect(journal.recent(1, 'counter.signIn.locked')[0]!.detail).toMatchObject({ refused: 3 })
    clock += 15 * 60_000 + 1
    // A lock that lands while a right PIN is hashing (another process on the file) still refuses it.
    const racing = auth.signIn('123456')
    db.prepare(`UPDATE counter_staff SET locked_until = ? WHERE staff_no = 'S0002'`).run(clock + 60_000)
    await expect(racing).rejects.toMatchObject({ code: 'COUNTER_LOCKED' })
    clock += 60_000 + 1
    place('li-xiuying')
    await expect(auth.signIn('123456')).rejects.toMatchObject({ code: 'COUNTER_NOT_STAFF' })
    onReader = null
    await expect(auth.signIn('123456')).rejects.toMatchObject({ code: 'COUNTER_NO_CARD' })
    // Idle expiry; whoever listens for ended sessions hears of it, and of a sign-out.
    const ended: string[] = []
    const stopListening = auth.onSessionEnd((token) => ended.push(token))
    place('zhou-min')
    const idle = await auth.signIn('123456')
    // A screen refreshing itself in the background does not count as the person being active.
    clock += 10 * 60_000
    auth.require(idle.token, undefined, false)
    clock += 5 * 60_000 + 1
    expect(() => auth.require(idle.token)).toThrow(expect.objectContaining({ code: 'COUNTER_SESSION_EXPIRED' }))
    const out = await auth.signIn('123456')
    auth.signOut(out.token)
    stopListening()
    auth.signOut((await auth.signIn('123456')).token)
    expect(ended).toEqual([idle.token, out.token])
    const actions = journal.recent(50).map((e) => e.action)
    expect(actions).toContain('counter.signIn.wrongPin')
    expect(JSON.stringify(journal.recent(200))).not.toMatch(/周敏|41012219800101011X/)
  })

  it('reports every problem of a list with its row number, then maker–checker puts the clean list on chain', async () => {
    place('zhou-min')
    const clerk = auth.require((await auth.signIn('123456')).token)
    const header = '姓名,身份证号,村,项目,金额,起始日期,截止日期,代领'
    const bad = [
      header,
      '李秀英,410122195808150021,李庄村,低保金,300.00,2026-01-01,2026-12-31,否', // 2 ok
      '王大力,410122194901010011,王庄村,低保金,300,2026-01-01,2026-12-31,否', // 3 check digit
      '张建国,41012219560312003X,不存在村,低保金,300,2026-01-01,2026-12-31,否', // 4 unknown village
      '马福海,410122196202280053,马家村,低保金,-5,2026-01-01,2026-12-31,否', // 5 amount
      '刘长顺,410122196904050076,刘集村,低保金,300.123,2026-01-01,2026-12-31,否', // 6 decimals
      '陈芳,410122195309170087,陈桥村,低保金,300,2026-12-31,2026-01-01,是', // 7 date order
      '李秀英,410122195808150021,李庄村,低保金,300,2026-02-01,2026-12-31,否', // 8 duplicate of 2
      '赵桂兰,410122197506200045,赵村,低保金,9000,2026-01-01,2026-12-31,否', // 9 over cap
      '某某,410122202901010011,赵村,低保金,10,2026-01-01,2026-12-31,否', // 10 birth invalid/implausible
    ].join('\n')
    const report = await batches.validate(clerk, 'csv', new TextEncoder().encode(bad))
    expect(report.ok).toBe(false)
    expect(report.issues.map((i) => [i.row, i.field, i.code])).toEqual([
      [3, 'idNumber', 'ID_CHECK_DIGIT'],
      [4, 'village', 'VILLAGE_UNKNOWN'],
      [5, 'amount', 'AMOUNT_NOT_POSITIVE'],
      [6, 'amount', 'AMOUNT_DECIMALS'],
      [7, 'validUntil', 'DATE_ORDER'],
      [8, 'idNumber', 'DUPLICATE_IN_FILE'],
      [9, 'amount', 'AMOUNT_OVER_CAP'],
      [10, 'idNumber', expect.stringMatching(/^ID_/)],
    ])
    expect(report.issues.find((i) => i.row === 8)!.otherRow).toBe(2)
    expect(batches.list()).toEqual([])

    const good = [
      header,
      ...['li-xiuying', 'zhang-jianguo', 'liu-changshun'].map((k, i) => {
        const c = testCard(k)
        return `${c.name},${c.idNumber},${['李庄村', '410122101202', '刘集村'][i]},2,${100 + i}.50,2026-01-01,2099-12-31,${i === 2 ? '是' : '否'}`
      }),
    ].join('\r\n')
    const okReport = await batches.validate(clerk, 'csv', new TextEncoder().encode(good))
    expect(okReport).toMatchObject({ ok: true, rowCount: 3, validCount: 3, totalFen: 10050 + 10150 + 10250 })
    const batch = batches.prepare(clerk, okReport.importId)
    expect(batch.state).toBe('prepared')
    await expect(batches.approve(clerk, batch.id)).rejects.toMatchObject({ code: 'COUNTER_SAME_PERSON' })

    place('wu-qiang')
    const supervisor = auth.require((await auth.signIn('123456')).token)
    const approved = await batches.approve(supervisor, batch.id)
    expect(approved).toMatchObject({ state: 'approved', preparedBy: 'S0001', decidedBy: 'S0002' })
    await expect.poll(() => batches.view(batch.id).ledger, { timeout: 20_000, interval: 250 }).toEqual({ confirmed: 3, pending: 0, rejected: 0 })

    const commitment = auth.commitmentOf(testCard('liu-changshun').idNumber)
    const id = entitlementIdOf(2n, commitment, 2026n)
    const data = await rpc.request<Hex>('eth_call', [{ to: contract, data: reliefCalldata('entitlement', [id]) }, 'latest'])
    const onChain = decodeReliefResult('entitlement', data)
    expect(onChain).toMatchObject({ programId: 2n, commitment, amount: 10250n, proxyAllowed: true, status: 1n, township: 410122101n, village: 410122101204n })

    // The same list again: every row is now a duplicate of the ledger.
    const dup = await batches.validate(supervisor, 'csv', new TextEncoder().encode(good))
    expect(dup.issues.map((i) => i.code)).toEqual(['DUPLICATE_ON_LEDGER', 'DUPLICATE_ON_LEDGER', 'DUPLICATE_ON_LEDGER'])

    // Nothing personal in clear in the database file.
    db.pragma('wal_checkpoint(TRUNCATE)')
    const file = fs.readFileSync(path.join(temp.path, 'huimin.sqlite'))
    for (const k of ['li-xiuying', 'zhou-min']) {
      const c = testCard(k)
      expect(file.includes(Buffer.from(c.idNumber))).toBe(false)
      expect(file.includes(Buffer.from(c.name))).toBe(false)
    }
  })
})
