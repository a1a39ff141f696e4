import { describe, expect, it } from 'vitest'
import { Flow, T0, config, li, noPrint, record, wang, claimOf } from '../support/kiosk-flow-driver'

/** The kiosk flow table: cards, device checks and the finger loop (claims and proxy collection: kiosk-flow-claims.test.ts). */

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
  it('stays out of service, never flashing the card prompt, while a card laid then waits for its check', () => {
    const f = new Flow()
    f.place(wang, 'PRINTER_DOWN')
    f.send({ type: 'card-removed' })
    f.send({ type: 'card-placed', card: wang })
    expect(f.state).toMatchObject({ phase: 'unavailable', reason: 'PRINTER_DOWN', person: null, pendingCard: { card: wang } })
    f.send({ type: 'devices-checked', check: f.effect('check-devices').check, down: 'PRINTER_DOWN' })
    expect(f.state).toMatchObject({ phase: 'unavailable', reason: 'PRINTER_DOWN', person: null, pendingCard: null })
    f.send({ type: 'card-placed', card: wang })
    f.send({ type: 'devices-checked', check: f.effect('check-devices').check, down: null })
    expect(f.state).toMatchObject({ phase: 'finger', reason: null, person: { card: wang } })
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
