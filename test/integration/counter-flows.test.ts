import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_CARDS, testCard } from '../../hardware/common/test-cards'
import { evidenceHashOf } from '../../electron/common/ledger/commitments'
import { type Hex, hexToBytes } from '../../electron/common/ledger/hex'
import { randomSecretKey } from '../../electron/common/ledger/sign'
import { DEMO_REGIONAL_KEY } from '../../electron/node/config/config'
import { type CounterApp, createCounter } from '../../electron/node/counter/counter-app'
import type { CardRead } from '../../electron/node/counter/staff-auth'
import { type Db, openDatabase } from '../../electron/node/db/database'
import { type AnvilNode, startAnvil } from '../../electron/node/ledger/anvil-node'
import { RegionalKeys } from '../../electron/node/ledger/keys/regional-keys'
import { ScryptSecretBox } from '../../electron/node/ledger/keys/secret-box'
import { createSigner } from '../../electron/node/ledger/keys/signer'
import { LedgerService } from '../../electron/node/ledger/ledger-service'
import { RpcClient } from '../../electron/node/ledger/rpc-client'
import { setupRelief } from '../support/ledger/relief-fixture'
import { createLogger } from '../../electron/node/log/logger'
import { makeTempDir } from '../support/temp-dir'

const TOWNSHIP = '410122101'

describe('counter flows: assisted claim and day close on a real anvil node', () => {
  const temp = makeTempDir('huimin-counter-flow-')
  let anvil: AnvilNode
  let rpc: RpcClient
  let db: Db
  let ledger: LedgerService
  let counter: CounterApp
  let contract: Hex
  let onReader: CardRead | null = null
  const printed: string[] = []
  const place = (key: string) => {
    const c = testCard(key)
    onReader = { name: c.name, idNumber: c.idNumber, address: c.address }
  }
  const signIn = async (key: string) => {
    place(key)
    return counter.auth.require((await counter.auth.signIn('123456')).token)
  }

  beforeAll(async () => {
    anvil = await startAnvil({ blockTimeSec: 1, chainId: 31337 })
    rpc = new RpcClient({ endpoints: [anvil.url] })
    const terminal = createSigner(randomSecretKey())
    const station = createSigner(randomSecretKey())
    const fixture = await setupRelief(rpc, { terminals: [terminal.address, station.address], township: Number(TOWNSHIP), entitlements: 0 })
    contract = fixture.contract
    db = openDatabase(path.join(temp.path, 'huimin.sqlite'))
    const log = createLogger({ level: 'error' })
    ledger = new LedgerService({ db, rpc, signer: terminal, log, chainId: 31337, contract, township: TOWNSHIP, blockTimeMs: 1000 })
    ledger.start()
    counter = createCounter({
      db,
      rpc,
      log,
      config: { dataDir: temp.path, township: TOWNSHIP, demo: true, ledger: { chainId: 31337 } },
      regionalKeys: RegionalKeys.single(hexToBytes(DEMO_REGIONAL_KEY)),
      contract,
      ledger,
      box: new ScryptSecretBox('counter-flow-secret'),
      cards: { readCard: async () => onReader },
      // The receipt printer is exercised end to end in the e2e test; here its calls are recorded.
      printer: {
        reprintClaim: async (c) => (printed.push(`reprint ${c.claimNo}`), { id: 'P000001', state: 'printed' }),
        printDayClose: async (d) => (printed.push(`dayClose ${d.businessDate} ${d.confirmedCount}`), { id: 'P000002', state: 'printed' }),
      },
      kioskAddress: terminal.address,
      operatorSigner: fixture.adminSigner,
      stationSigner: station,
    })
    counter.start()
    await counter.seedDemo([...TEST_CARDS])
  })

  afterAll(async () => {
    await counter?.dispose()
    await ledger?.dispose()
    db?.close()
    await anvil?.dispose()
    temp.remove()
  })

  it('puts a list on chain, then a supervisor co-signs an assisted claim with evidence card+staff', async () => {
    const clerk = await signIn('zhou-min')
    const c = testCard('liu-changshun')
    const csv = `姓名,身份证号,村,项目,金额,起始日期,截止日期,代领\n${c.name},${c.idNumber},刘集村,测试项目,120.00,2026-01-01,2099-12-31,否\n`
    const report = await counter.batches.validate(clerk, 'csv', new TextEncoder().encode(csv))
    expect(report.ok).toBe(true)
    const batch = counter.batches.prepare(clerk, report.importId)
    const supervisor = await signIn('wu-qiang')
    await counter.batches.approve(supervisor, batch.id)
    await expect.poll(() => counter.batches.view(batch.id).ledger.confirmed, { timeout: 20_000, interval: 250 }).toBe(1)

    // The person comes from the kiosk: their card is read at the counter.
    place('liu-changshun')
    const view = await counter.beneficiaries.lookup(clerk)
    expect(view).toMatchObject({ maskedName: '刘*顺', maskedId: '4101**********0076', enrolled: true, village: '刘集村', villageFrom: 'enrolment' })
    expect(view.entitlements).toEqual([expect.objectContaining({ program: '测试项目', amountFen: 12000, state: 'approved', claimable: true, claim: null })])

    // A clerk's card cannot co-sign; the supervisor's can.
    place('zhou-min')
    await expect(
      counter.assisted.claim(clerk, { entitlementIds: [view.entitlements[0]!.entitlementId], reason: 'NO_FINGERPRINT', supervisorPin: '123456' }),
    ).rejects.toMatchObject({
      code: 'COUNTER_NOT_SUPERVISOR',
    })
    place('wu-qiang')
    const [claim] = await counter.assisted.claim(clerk, {
      entitlementIds: [view.entitlements[0]!.entitlementId],
      reason: 'NO_FINGERPRINT',
      supervisorPin: '123456',
    })
    expect(claim).toMatchObject({ amountFen: 12000, program: '测试项目' })
    await expect.poll(() => ledger.byClaimNumber(claim!.claimNumber)!.state, { timeout: 20_000, interval: 250 }).toBe('confirmed')
    const evidence = JSON.parse(db.prepare(`SELECT evidence_json FROM ledger_claims WHERE claim_number = ?`).pluck().get(claim!.claimNumber) as string)
    expect(evidence).toMatchObject({ method: 'card+staff', fingerprintScore: 0, staffCoSigner: supervisor.commitment })
    expect(ledger.byClaimNumber(claim!.claimNumber)!.evidenceHash).toBe(evidenceHashOf(evidence))
    const after = await counter.beneficiaries.view(clerk)
    const block = ledger.byClaimNumber(claim!.claimNumber)!.blockNumber
    expect(after.entitlements[0]).toMatchObject({
      state: 'paid',
      claimable: false,
      claim: { claimNumber: claim!.claimNumber, state: 'confirmed', blockNumber: block },
    })

    await counter.reprints.reprint(clerk, claim!.claimNumber)
    expect(printed).toContain(`reprint ${claim!.claimNumber}`)
    const journal = counter.journal.recent(100).map((e) => `${e.actor} ${e.action}`)
    expect(journal).toContain('staff:S0001 counter.assist.claim')
  })

  it('knows a village from the enrolment or the card’s address, and asks a name only when it knows none', async () => {
    const clerk = await signIn('zhou-min')
    // Never enrolled; the card's address names 李庄村 of this township. Nothing is stored by a lookup.
    place('li-xiuying')
    expect(await counter.beneficiaries.lookup(clerk)).toMatchObject({ maskedName: '李*英', enrolled: false, village: '李庄村', villageFrom: 'card' })
    expect(counter.people.byCommitment(counter.auth.commitmentOf(testCard('li-xiuying').idNumber))).toBeNull()
    // An address in no village of the township: unknown; enrolling keeps the name from the card.
    place('sun-tech')
    expect(await counter.beneficiaries.lookup(clerk)).toMatchObject({ maskedName: '孙*', village: null, villageFrom: null })
    expect(await counter.beneficiaries.enrol(clerk, { village: '赵村', phone: '' })).toMatchObject({
      maskedName: '孙*',
      village: '赵村',
      villageFrom: 'enrolment',
      enrolled: true,
    })
    expect(counter.people.byCommitment(counter.auth.commitmentOf(testCard('sun-tech').idNumber))).toMatchObject({
      name: testCard('sun-tech').name,
      villageCode: '410122101206',
    })
    // Typed, and then found by the same typed number: the enrolment knows the village (and the name) without a card.
    expect(await counter.beneficiaries.lookup(clerk, testCard('sun-tech').idNumber)).toMatchObject({
      maskedName: '孙*',
      village: '赵村',
      villageFrom: 'enrolment',
    })
    // A typed number nobody enrolled: the name must be given.
    const stranger = testCard('chen-rare').idNumber
    expect(await counter.beneficiaries.lookup(clerk, stranger)).toMatchObject({ maskedName: null, village: null })
    await expect(counter.beneficiaries.enrol(clerk, { village: '陈桥村', phone: '' })).rejects.toMatchObject({ code: 'COUNTER_NAME_REQUIRED' })
    expect(await counter.beneficiaries.enrol(clerk, { name: '陈芳', village: '陈桥村', phone: '13800001111' })).toMatchObject({
      maskedName: '陈*',
      maskedPhone: '138****1111',
      village: '陈桥村',
    })
  })

  it('closes the day: totals, PDF with its hash anchored on chain, second close refused', async () => {
    const clerk = await signIn('zhou-min')
    const today = counter.dayClose.today()
    const preview = await counter.dayClose.preview(today)
    expect(preview).toMatchObject({ count: 1, totalFen: 12000, programs: [{ program: '测试项目', count: 1, totalFen: 12000 }], unconfirmed: [], closed: null })
    const closed = await counter.dayClose.close(clerk, today)
    expect(closed.printJob).toEqual({ id: 'P000002', state: 'printed' })
    const pdf = fs.readFileSync(closed.closed!.pdfFile)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(closed.closed!.pdfSha256)
    await expect.poll(async () => (await counter.dayClose.preview(today)).closed!.tx!.state, { timeout: 20_000, interval: 250 }).toBe('confirmed')
    const tx = (await counter.dayClose.preview(today)).closed!.tx!
    const receipt = await rpc.request<{ logs: { topics: string[]; data: string }[] }>('eth_getTransactionReceipt', [tx.txHash])
    expect(receipt.logs[0]!.data).toContain(closed.closed!.pdfSha256)
    await expect(counter.dayClose.close(clerk, today)).rejects.toMatchObject({ code: 'COUNTER_DAY_CLOSED' })
  })
})
