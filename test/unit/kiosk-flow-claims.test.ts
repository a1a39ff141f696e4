import { describe, expect, it } from 'vitest'
import { Flow, config, li, noPrint, record, wang, claimOf } from '../support/kiosk-flow-driver'

/** The kiosk flow table: claims, leaving and idling, proxy collection (cards and finger loop: kiosk-flow.test.ts). */

describe('kiosk flow: claims', () => {
  it('checks the printer, then makes the chosen claims with the finger score, then shows the receipt and prints it', () => {
    const f = new Flow().atList()
    f.now += 5_000
    f.send({ type: 'claim-requested', request: 7, entitlementIds: ['0xa', '0xa'] })
    expect(f.state.lastActivity).toBe(f.now)
    expect(f.effect('check-printer')).toMatchObject({ request: 7 })
    f.send({ type: 'printer-checked', epoch: f.state.epoch, request: 7, ready: true })
    expect(f.state.phase).toBe('claiming')
    const submit = f.effect('submit-claims')
    expect(submit.claims).toEqual([
      { entitlementId: '0xa', program: '养老补助', amountFen: 30_000, fingerprintScore: 88, method: 'card+fingerprint', proxy: null },
    ])
    expect(submit.holder).toEqual({ name: wang.name, idNumber: wang.idNumber })
    const made = claimOf('0xa', 1)
    f.send({ type: 'claim-made', epoch: submit.epoch, claim: made })
    f.send({ type: 'claims-done', epoch: submit.epoch, request: 7, made: [made], holder: submit.holder })
    expect(f.state).toMatchObject({ phase: 'receipt', receipt: { state: 'printing', error: null } })
    expect(f.effect('answer-claim')).toEqual({ type: 'answer-claim', request: 7, made: [made] })
    expect(f.effect('print-receipts')).toMatchObject({ claims: [made], holder: submit.holder })
    f.send({ type: 'receipt-printed', epoch: submit.epoch })
    expect(f.state.receipt).toEqual({ state: 'printed', error: null })
    f.send({ type: 'claim-changed', claim: { ...made, ledgerState: 'confirmed', blockNumber: 12 } })
    expect(f.state.person?.claims[0]).toMatchObject({ ledgerState: 'confirmed', blockNumber: 12 })
  })
  it('refuses a claim outside the list, of an unknown or already claimed entitlement, and a second one while the first is asked for', () => {
    const early = new Flow()
    early.place(wang)
    expect(early.send({ type: 'claim-requested', request: 1, entitlementIds: ['0xa'] }).refused?.code).toBe('KIOSK_WRONG_STEP')
    const f = new Flow()
    f.place(wang)
    f.finger(true)
    f.list([record('0xa'), record('0xb')], [claimOf('0xb', 1)])
    expect(f.send({ type: 'claim-requested', request: 2, entitlementIds: ['0xz'] }).refused?.code).toBe('KIOSK_UNKNOWN_ENTITLEMENT')
    expect(f.send({ type: 'claim-requested', request: 3, entitlementIds: ['0xb'] }).refused?.code).toBe('KIOSK_NOT_CLAIMABLE')
    expect(f.send({ type: 'claim-requested', request: 4, entitlementIds: ['0xa'] }).refused).toBeUndefined()
    expect(f.send({ type: 'claim-requested', request: 5, entitlementIds: ['0xa'] }).refused?.code).toBe('KIOSK_WRONG_STEP')
  })
  it('fails the claim when the printer is not ready, and stays on the list', () => {
    const f = new Flow().atList()
    f.send({ type: 'claim-requested', request: 1, entitlementIds: ['0xa'] })
    f.send({ type: 'printer-checked', epoch: f.state.epoch, request: 1, ready: false })
    const fail = f.effect('fail-claim')
    expect(fail.request).toBe(1)
    expect((fail.error as { code: string }).code).toBe('PRINTER_NOT_READY')
    expect(f.state).toMatchObject({ phase: 'entitlements', claimRequest: null })
  })
  it('prints the receipt of every claim made before one failed, and shows the list again with the failure', () => {
    const f = new Flow().atList()
    f.send({ type: 'claim-requested', request: 1, entitlementIds: ['0xa', '0xb'] })
    f.send({ type: 'printer-checked', epoch: f.state.epoch, request: 1, ready: true })
    const submit = f.effect('submit-claims')
    const made = claimOf('0xa', 1)
    f.send({ type: 'claim-made', epoch: submit.epoch, claim: made })
    f.send({
      type: 'claims-done',
      epoch: submit.epoch,
      request: 1,
      made: [made],
      holder: submit.holder,
      failure: { code: 'LEDGER_KEY_LOCKED', cause: new Error('locked') },
    })
    expect(f.state).toMatchObject({ phase: 'entitlements', reason: 'LEDGER_KEY_LOCKED' })
    expect(f.types()).toEqual(['fail-claim', 'print-receipts'])
    expect(f.state.person?.claims).toEqual([made])
  })
  it('answers and prints a claim whose session ended meanwhile, without bringing the person back', () => {
    const f = new Flow().atList()
    f.send({ type: 'claim-requested', request: 1, entitlementIds: ['0xa'] })
    f.send({ type: 'printer-checked', epoch: f.state.epoch, request: 1, ready: true })
    const submit = f.effect('submit-claims')
    f.place(li) // someone else's card: the first session ends
    const made = claimOf('0xa', 1)
    f.send({ type: 'claims-done', epoch: submit.epoch, request: 1, made: [made], holder: submit.holder })
    expect(f.types()).toEqual(['answer-claim', 'print-receipts'])
    expect(f.effect('print-receipts').holder.name).toBe(wang.name)
    expect(f.state.person?.card).toBe(li)
    expect(f.state.person?.claims).toEqual([])
  })
  it('answers a claim whose session ended before the printer check came back', () => {
    const f = new Flow().atList()
    f.send({ type: 'claim-requested', request: 1, entitlementIds: ['0xa'] })
    const epoch = f.state.epoch
    f.send({ type: 'card-removed' })
    f.send({ type: 'printer-checked', epoch, request: 1, ready: true })
    expect((f.effect('fail-claim').error as { code: string }).code).toBe('KIOSK_WRONG_STEP')
    expect(f.types()).not.toContain('submit-claims')
  })
})

describe('kiosk flow: leaving, finishing and idling', () => {
  function atReceipt(): Flow {
    const f = new Flow().atList()
    f.send({ type: 'claim-requested', request: 1, entitlementIds: ['0xa'] })
    f.send({ type: 'printer-checked', epoch: f.state.epoch, request: 1, ready: true })
    const submit = f.effect('submit-claims')
    f.send({ type: 'claims-done', epoch: submit.epoch, request: 1, made: [claimOf('0xa', 1)], holder: submit.holder })
    return f
  }
  it('lets the receipt finish when the card is taken during a claim, then resets on the finish timer', () => {
    const f = atReceipt()
    f.send({ type: 'card-removed' })
    expect(f.state.phase).toBe('finish')
    expect(f.effect('start-timer')).toMatchObject({ timer: 'finish', ms: config.finishMs })
    f.send({ type: 'timer', timer: 'finish', epoch: f.state.epoch })
    expect(f.state).toMatchObject({ phase: 'attract', person: null, receipt: null })
    expect(f.types()).toContain('session-ended')
  })
  it('keeps the finish screen three times as long while the card lies on the reader, and the same card brings the receipt back', () => {
    const f = atReceipt()
    f.send({ type: 'finish-chosen' })
    expect(f.effect('start-timer')).toMatchObject({ timer: 'finish', ms: config.finishMs * 3 })
    f.send({ type: 'card-placed', card: wang })
    expect(f.state.phase).toBe('receipt')
    expect(f.types()).toEqual(['stop-timer'])
    expect(f.types()).not.toContain('submit-claims')
  })
  it('drops a timer of an ended session', () => {
    const f = atReceipt()
    const epoch = f.state.epoch
    f.send({ type: 'finish-chosen' })
    f.place(li)
    const before = f.state
    f.send({ type: 'timer', timer: 'finish', epoch })
    expect(f.state).toBe(before)
  })
  it('warns after the quiet time, counting down, and resets after the idle time; a touch starts the count again', () => {
    const f = new Flow().atList()
    f.now += config.idleWarningMs - 1
    f.send({ type: 'timer', timer: 'idle', epoch: f.state.epoch })
    expect(f.types()).toEqual(['start-timer'])
    expect(f.effect('start-timer').ms).toBe(1)
    f.now += 1
    f.send({ type: 'timer', timer: 'idle', epoch: f.state.epoch })
    expect(f.types()).toEqual(['start-timer', 'render'])
    expect(f.effect('start-timer').ms).toBe(1000)
    f.send({ type: 'touch' })
    f.now += config.idleResetMs - 1
    f.send({ type: 'timer', timer: 'idle', epoch: f.state.epoch })
    expect(f.state.phase).toBe('entitlements')
    f.now += 1
    f.send({ type: 'timer', timer: 'idle', epoch: f.state.epoch })
    expect(f.state).toMatchObject({ phase: 'attract', person: null })
    expect(f.effect('session-ended').reason).toBe('idle')
  })
  it('does not reset while a claim is being made, however long it takes, and gives the receipt the whole idle time', () => {
    const f = new Flow().atList()
    f.send({ type: 'claim-requested', request: 1, entitlementIds: ['0xa'] })
    f.send({ type: 'printer-checked', epoch: f.state.epoch, request: 1, ready: true })
    f.now += config.idleResetMs * 2
    f.send({ type: 'timer', timer: 'idle', epoch: f.state.epoch })
    expect(f.state.phase).toBe('claiming')
    // The wait for the ledger was the system's, not the person's: the receipt's idle time starts when it shows.
    const made = claimOf('0xa', 1)
    f.send({ type: 'claims-done', epoch: f.state.epoch, request: 1, made: [made], holder: { name: wang.name, idNumber: wang.idNumber } })
    expect(f.state.phase).toBe('receipt')
    f.now += config.idleResetMs - 1
    f.send({ type: 'timer', timer: 'idle', epoch: f.state.epoch })
    expect(f.state.phase).toBe('receipt')
    f.now += 1
    f.send({ type: 'timer', timer: 'idle', epoch: f.state.epoch })
    expect(f.state.phase).toBe('attract')
  })
  it('forgets the person when the kiosk closes', () => {
    const f = new Flow().atList()
    f.send({ type: 'closed' })
    expect(f.state.person).toBeNull()
    expect(f.types()).toContain('session-ended')
  })
})

describe('kiosk flow: a relative collects (亲属代领)', () => {
  function atProxyCard(): Flow {
    const f = new Flow()
    f.place(wang)
    f.send({ type: 'proxy-chosen' })
    return f
  }
  it("waits for the relative's card when the beneficiary's is taken, then checks the relative's own finger", () => {
    const f = atProxyCard()
    expect(f.state).toMatchObject({ phase: 'proxy-card', finger: null })
    f.send({ type: 'card-removed' })
    expect(f.state.phase).toBe('proxy-card')
    f.send({ type: 'card-placed', card: li })
    expect(f.state.phase).toBe('finger')
    expect(f.effect('read-finger').template).toBe(li.fingerprintTemplate)
    f.finger(true)
    expect(f.effect('look-up-entitlements').idNumber).toBe(wang.idNumber)
  })
  it("drops the beneficiary's capture once proxy was chosen", () => {
    const f = new Flow()
    f.place(wang)
    const first = f.effect('read-finger')
    f.send({ type: 'proxy-chosen' })
    f.send({ type: 'card-placed', card: li })
    const before = f.state
    f.send({ type: 'finger-read', epoch: first.epoch, round: first.round, outcome: { matched: true, score: 90 } })
    expect(f.state).toBe(before)
  })
  it("refuses the beneficiary's own card, a card without a fingerprint and a bad card, keeping the session", () => {
    const f = atProxyCard()
    f.now += 1000
    f.send({ type: 'card-placed', card: wang })
    expect(f.state).toMatchObject({ phase: 'proxy-card', reason: 'PROXY_SAME_CARD', lastActivity: f.now })
    f.send({ type: 'card-placed', card: noPrint })
    expect(f.state.reason).toBe('NO_FINGERPRINT')
    f.send({ type: 'card-refused', reason: 'CARD_EXPIRED' })
    expect(f.state).toMatchObject({ phase: 'proxy-card', reason: 'CARD_EXPIRED' })
    expect(f.state.person?.card).toBe(wang)
  })
  it('refuses proxy away from the finger screen or a second time', () => {
    const f = atProxyCard()
    expect(f.send({ type: 'proxy-chosen' }).refused?.code).toBe('KIOSK_WRONG_STEP')
    const g = new Flow().atList()
    expect(g.send({ type: 'proxy-chosen' }).refused?.code).toBe('KIOSK_WRONG_STEP')
  })
  it('makes proxy claims with both ID numbers and only for entitlements that allow a proxy', () => {
    const f = atProxyCard()
    f.send({ type: 'card-placed', card: li })
    f.finger(true)
    f.list([record('0xa', true), record('0xb', false)])
    expect(f.send({ type: 'claim-requested', request: 1, entitlementIds: ['0xb'] }).refused?.code).toBe('KIOSK_NOT_CLAIMABLE')
    f.send({ type: 'claim-requested', request: 2, entitlementIds: ['0xa'] })
    f.send({ type: 'printer-checked', epoch: f.state.epoch, request: 2, ready: true })
    expect(f.effect('submit-claims').claims[0]).toMatchObject({
      method: 'proxy+fingerprint',
      proxy: { beneficiaryIdNumber: wang.idNumber, collectorIdNumber: li.idNumber },
    })
    expect(f.effect('submit-claims').holder.idNumber).toBe(wang.idNumber)
  })
})
