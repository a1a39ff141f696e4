import { transition } from '../../electron/node/kiosk/flow/flow-table'
import { type FlowConfig, type FlowEffect, type FlowEvent, type FlowState, type Step, initialFlowState } from '../../electron/node/kiosk/flow/flow-types'
import type { CardIdentity, ClaimRecord, EntitlementRecord } from '../../electron/node/kiosk/ports'

/**
 * The kiosk session's transition table, driven event by event with a fake
 * clock: every effect it asks for is checked, and every outcome is fed back
 * by hand, in orders a real runner cannot easily force (late captures,
 * checks answered out of order, a session that ends while its claim is made).
 */

export const config: FlowConfig = { maxFingerTries: 3, idleWarningMs: 45_000, idleResetMs: 60_000, finishMs: 10_000 }
export const T0 = 1_750_000_000_000
export const wang: CardIdentity = { name: '王建国', idNumber: '410122195003150011', fingerprintTemplate: new Uint8Array([1, 2, 3]) }
export const li: CardIdentity = { name: '李秀英', idNumber: '410122195507200022', fingerprintTemplate: new Uint8Array([4, 5, 6]) }
export const noPrint: CardIdentity = { name: '赵铁柱', idNumber: '410122196001010033', fingerprintTemplate: null }
export const record = (id: string, proxyAllowed = false): EntitlementRecord => ({
  entitlementId: id,
  program: '养老补助',
  amountFen: 30_000,
  validFrom: T0 / 1000 - 86_400,
  validUntil: T0 / 1000 + 86_400,
  status: 'approved',
  proxyAllowed,
})
export const claimOf = (id: string, n: number): ClaimRecord => ({
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
export class Flow {
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
