import { describe, expect, it } from 'vitest'
import { transition } from '../../electron/node/kiosk/flow/flow-table'
import { type FlowConfig, type FlowEffect, type FlowEvent, type FlowState, type Step, initialFlowState } from '../../electron/node/kiosk/flow/flow-types'
import type { CardIdentity, ClaimRecord, EntitlementRecord } from '../../electron/node/kiosk/ports'

/**
 * The kiosk session's transition table, driven event by event with a fake
 * clock: every effect it asks for is checked, and every outcome is fed back
 * by hand, in orders a real runner cannot easily force (late captures,
 * checks answered out of order, a session that ends while its claim is made).
 */

const config: FlowConfig = { maxFingerTries: 3, idleWarningMs: 45_000, idleResetMs: 60_000, finishMs: 10_000 }
const T0 = 1_750_000_000_000
const wang: CardIdentity = { name: '王建国', idNumber: '410122195003150011', fingerprintTemplate: new Uint8Array([1, 2, 3]) }
const li: CardIdentity = { name: '李秀英', idNumber: '410122195507200022', fingerprintTemplate: new Uint8Array([4, 5, 6]) }
const noPrint: CardIdentity = { name: '赵铁柱', idNumber: '410122196001010033', fingerprintTemplate: null }
const record = (id: string, proxyAllowed = false): EntitlementRecord => ({
  entitlementId: id,
  program: '养老补助',
  amountFen: 30_000,
  validFrom: T0 / 1000 - 86_400,
  validUntil: T0 / 1000 + 86_400,
  status: 'approved',
  proxyAllowed,
})
const claimOf = (id: string, n: number): ClaimRecord => ({
  claimNumber: `C${n}`,
  entitlementId: id,
  program: '养老补助',
  amountFen: 30_000,
  txHash: null,
  ledgerState: 'queued',
  blockNumber: null,
  rejectReason: null,
  createdAt: T0,
})

/** A session driven through the table: `now` is the fake clock, `last` the newest step. */
class Flow {
  state: FlowState = initialFlowState()
  now = T0
  last: Step = { state: this.state, effects: [] }
  send(event: FlowEvent): Step {
    this.last = transition(this.state, event, { now: this.now, config })
    this.state = this.last.state
    return this.last
  }
  effect<T extends FlowEffect['type']>(type: T): Extract<FlowEffect, { type: T }> {
    const found = this.last.effects.find((e): e is Extract<FlowEffect, { type: T }> => e.type === type)
    if (!found) throw new Error(`no ${type} effect in ${JSON.stringify(this.last.effects.map((e) => e.type))}`)
    return found
  }
  types(): string[] {
    return this.last.effects.map((e) => e.type)
  }
  /** Lays a card and answers the device check it asks for. */
  place(card: CardIdentity, down: 'IDCARD_DOWN' | 'FINGERPRINT_DOWN' | 'PRINTER_DOWN' | null = null): Step {
    this.send({ type: 'card-placed', card })
    return this.send({ type: 'devices-checked', check: this.effect('check-devices').check, down })
  }
  /** Answers the pending capture. */
  finger(matched: boolean): Step {
    const read = this.effect('read-finger')
    return this.send({
      type: 'finger-read',
      epoch: read.epoch,
      round: read.round,
      outcome: matched ? { matched: true, score: 88 } : { matched: false, score: 12, reason: 'NO_MATCH' },
    })
  }
  list(records: EntitlementRecord[], claims: ClaimRecord[] = []): Step {
    const lookUp = this.effect('look-up-entitlements')
    return this.send({ type: 'entitlements-listed', epoch: lookUp.epoch, round: lookUp.round, records, claims })
  }
  /** Card, finger and list: the person sees their entitlements. */
  atList(records = [record('0xa'), record('0xb')]): this {
    this.place(wang)
    this.finger(true)
    this.list(records)
    return this
  }
}

describe('kiosk flow: a card starts a session only when the devices are up', () => {
  it('asks for a device check at a card, then starts the idle timer and the finger loop with the card template', () => {
    const f = new Flow()
    f.send({ type: 'card-placed', card: wang })
    expect(f.state.phase).toBe('attract')
    expect(f.state.pendingCard?.card).toBe(wang)
    const check = f.effect('check-devices').check
    f.send({ type: 'devices-checked', check, down: null })
    expect(f.state).toMatchObject({ phase: 'finger', pendingCard: null, finger: { tries: 0, maxTries: 3, lastError: null }, lastActivity: T0 })
    expect(f.effect('read-finger')).toMatchObject({ template: wang.fingerprintTemplate, round: f.state.fingerRound, epoch: f.state.epoch })
    expect(f.effect('start-timer')).toMatchObject({ timer: 'idle', ms: config.idleWarningMs })
  })
  it('goes out of service instead when a device is down, naming it, and back to attract when it recovers', () => {
    const f = new Flow()
    f.place(wang, 'PRINTER_DOWN')
    expect(f.state).toMatchObject({ phase: 'unavailable', reason: 'PRINTER_DOWN', person: null })
    f.send({ type: 'devices-changed' })
    f.send({ type: 'devices-checked', check: f.effect('check-devices').check, down: null })
    expect(f.state).toMatchObject({ phase: 'attract', reason: null })
  })
  it('sends a card without a fingerprint to staff assistance', () => {
    const f = new Flow()
    f.place(noPrint)
    expect(f.state).toMatchObject({ phase: 'assist', reason: 'NO_FINGERPRINT' })
    expect(f.types()).not.toContain('read-finger')
  })
  it('applies only the newest device check, and a card waiting for an older one is decided by the newer answer', () => {
    const f = new Flow()
    f.send({ type: 'card-placed', card: wang })
    const older = f.effect('check-devices').check
    f.send({ type: 'devices-changed' })
    const newer = f.effect('check-devices').check
    f.send({ type: 'devices-checked', check: newer, down: null })
    expect(f.state.phase).toBe('finger')
    const before = f.state
    f.send({ type: 'devices-checked', check: older, down: 'IDCARD_DOWN' })
    expect(f.state).toBe(before)
  })
  it('keeps a device loss for after the session: the person in front of the kiosk is not thrown out', () => {
    const f = new Flow()
    f.place(wang)
    f.send({ type: 'devices-changed' })
    f.send({ type: 'devices-checked', check: f.effect('check-devices').check, down: 'PRINTER_DOWN' })
    expect(f.state.phase).toBe('finger')
    f.send({ type: 'card-removed' })
    expect(f.types()).toEqual(['stop-timer', 'stop-timer', 'session-ended', 'check-devices'])
    f.send({ type: 'devices-checked', check: f.effect('check-devices').check, down: 'PRINTER_DOWN' })
    expect(f.state).toMatchObject({ phase: 'unavailable', reason: 'PRINTER_DOWN', person: null })
  })
  it('drops a waiting card that is taken away before its check answers', () => {
    const f = new Flow()
    f.send({ type: 'card-placed', card: wang })
    const check = f.effect('check-devices').check
    f.send({ type: 'card-removed' })
    f.send({ type: 'devices-checked', check, down: null })
    expect(f.state).toMatchObject({ phase: 'attract', person: null, pendingCard: null })
  })
  it('refuses a bad card with its reason, and a card refused mid-session ends that session', () => {
    const f = new Flow()
    f.place(wang)
    f.send({ type: 'card-refused', reason: 'CARD_EXPIRED' })
    expect(f.state).toMatchObject({ phase: 'card-refused', reason: 'CARD_EXPIRED', person: null })
    expect(f.types()).toContain('session-ended')
    f.send({ type: 'card-removed' })
    expect(f.state).toMatchObject({ phase: 'attract', reason: null })
  })
})

describe('kiosk flow: the finger loop', () => {
  it('counts misses, asks again, and sends the person to assistance after the last try', () => {
    const f = new Flow()
    f.place(wang)
    f.finger(false)
    expect(f.state.finger).toEqual({ tries: 1, maxTries: 3, lastError: 'NO_MATCH' })
    f.finger(false)
    f.finger(false)
    expect(f.state).toMatchObject({ phase: 'assist', reason: 'FINGER_FAILED', finger: { tries: 3 } })
    expect(f.types()).not.toContain('read-finger')
  })
  it("looks up the card holder's entitlements after a match and lists them with the claims the terminal holds", () => {
    const f = new Flow()
    f.place(wang)
    f.finger(true)
    expect(f.effect('look-up-entitlements').idNumber).toBe(wang.idNumber)
    expect(f.state.person?.fingerScore).toBe(88)
    f.list([record('0xa'), record('0xb')], [claimOf('0xb', 1)])
    expect(f.state.phase).toBe('entitlements')
    expect(f.state.person?.claims.map((c) => c.claimNumber)).toEqual(['C1'])
  })
  it('drops a capture of an ended session or an older round', () => {
    const f = new Flow()
    f.place(wang)
    const stale = f.effect('read-finger')
    f.send({ type: 'card-removed' })
    f.place(li)
    const before = f.state
    f.send({ type: 'finger-read', epoch: stale.epoch, round: stale.round, outcome: { matched: true, score: 99 } })
    expect(f.state).toBe(before)
    expect(f.last.effects).toEqual([])
  })
  it("says the ledger cannot be reached when the lookup fails, and takes the node's fresher answer while the list is shown", () => {
    const f = new Flow()
    f.place(wang)
    f.finger(true)
    const lookUp = f.effect('look-up-entitlements')
    f.send({ type: 'entitlements-unavailable', epoch: lookUp.epoch, round: lookUp.round })
    expect(f.state).toMatchObject({ phase: 'entitlements', reason: 'LEDGER_UNREACHABLE' })
    f.send({ type: 'entitlements-fresher', epoch: f.state.epoch, records: [record('0xa')], claims: [] })
    expect(f.state.person?.records.map((r) => r.entitlementId)).toEqual(['0xa'])
    const other = new Flow().atList()
    const before = other.state
    other.send({ type: 'entitlements-fresher', epoch: before.epoch + 1, records: [], claims: [] })
    expect(other.state).toBe(before)
  })
})

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
    expect(early.send({ type: 'claim-requested', request: 1, entitlementIds: ['0xa'] }).refused?.code).toBe('E_KIOSK_STATE')
    const f = new Flow()
    f.place(wang)
    f.finger(true)
    f.list([record('0xa'), record('0xb')], [claimOf('0xb', 1)])
    expect(f.send({ type: 'claim-requested', request: 2, entitlementIds: ['0xz'] }).refused?.code).toBe('E_KIOSK_UNKNOWN_ENTITLEMENT')
    expect(f.send({ type: 'claim-requested', request: 3, entitlementIds: ['0xb'] }).refused?.code).toBe('E_KIOSK_NOT_CLAIMABLE')
    expect(f.send({ type: 'claim-requested', request: 4, entitlementIds: ['0xa'] }).refused).toBeUndefined()
    expect(f.send({ type: 'claim-requested', request: 5, entitlementIds: ['0xa'] }).refused?.code).toBe('E_KIOSK_STATE')
  })
  it('fails the claim when the printer is not ready, and stays on the list', () => {
    const f = new Flow().atList()
    f.send({ type: 'claim-requested', request: 1, entitlementIds: ['0xa'] })
    f.send({ type: 'printer-checked', epoch: f.state.epoch, request: 1, ready: false })
    const fail = f.effect('fail-claim')
    expect(fail.request).toBe(1)
    expect((fail.error as { code: string }).code).toBe('E_PRINTER_NOT_READY')
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
    expect((f.effect('fail-claim').error as { code: string }).code).toBe('E_KIOSK_STATE')
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
  it('does not reset while a claim is being made, however long it takes', () => {
    const f = new Flow().atList()
    f.send({ type: 'claim-requested', request: 1, entitlementIds: ['0xa'] })
    f.send({ type: 'printer-checked', epoch: f.state.epoch, request: 1, ready: true })
    f.now += config.idleResetMs * 2
    f.send({ type: 'timer', timer: 'idle', epoch: f.state.epoch })
    expect(f.state.phase).toBe('claiming')
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
    expect(f.send({ type: 'proxy-chosen' }).refused?.code).toBe('E_KIOSK_STATE')
    const g = new Flow().atList()
    expect(g.send({ type: 'proxy-chosen' }).refused?.code).toBe('E_KIOSK_STATE')
  })
  it('makes proxy claims with both ID numbers and only for entitlements that allow a proxy', () => {
    const f = atProxyCard()
    f.send({ type: 'card-placed', card: li })
    f.finger(true)
    f.list([record('0xa', true), record('0xb', false)])
    expect(f.send({ type: 'claim-requested', request: 1, entitlementIds: ['0xb'] }).refused?.code).toBe('E_KIOSK_NOT_CLAIMABLE')
    f.send({ type: 'claim-requested', request: 2, entitlementIds: ['0xa'] })
    f.send({ type: 'printer-checked', epoch: f.state.epoch, request: 2, ready: true })
    expect(f.effect('submit-claims').claims[0]).toMatchObject({
      method: 'proxy+fingerprint',
      proxy: { beneficiaryIdNumber: wang.idNumber, collectorIdNumber: li.idNumber },
    })
    expect(f.effect('submit-claims').holder.idNumber).toBe(wang.idNumber)
  })
})
