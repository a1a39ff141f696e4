import { randomUUID } from 'node:crypto'
import type { KioskClaim, KioskView } from '../../common/contract/kiosk'
import { AppError } from '../../common/result'
import type { Logger } from '../log/logger'
import { awaitConfirmation } from './await-confirmation'
import { toKioskClaim } from './entitlement-view'
import { transition } from './flow/flow-table'
import { type DeviceDown, type FlowConfig, type FlowEffect, type FlowEvent, type FlowState, type FlowTimer, initialFlowState } from './flow/flow-types'
import { flowView } from './flow/flow-view'
import type { CardIdentity, CardSource, ClaimRecord, ClaimSink, DeviceSummary, EntitlementSource, FingerVerifier, ReceiptPrinter } from './ports'

export interface KioskSessionOptions {
  cards: CardSource
  finger: FingerVerifier
  entitlements: EntitlementSource
  claims: ClaimSink
  printer: ReceiptPrinter
  devices: DeviceSummary
  log: Logger
  onView: (view: KioskView) => void
  /** Staff allowed claims without a printed receipt (printer down): "receipt later". */
  receiptLaterAllowed?: () => boolean
  maxFingerTries?: number
  idleWarningMs?: number
  idleResetMs?: number
  /** How long a receipt waits for the ledger to confirm before printing 待上链 (default 3 s). */
  confirmWaitMs?: number
  /** How long the finish screen stays before returning to attract when the card is already gone. */
  finishMs?: number
  now?: () => number
}

type Pending = { resolve: (made: KioskClaim[]) => void; reject: (error: unknown) => void }

/**
 * The beneficiary's session at the kiosk: card → fingerprint → entitlements
 * → claim → receipt → finish. What happens is decided by the pure table in
 * ./flow; this runner only feeds it events (device callbacks, touches,
 * timers, the outcomes of its effects) and performs the effects it returns
 * through the ports. The renderer only sees the masked view it is sent.
 */
export class KioskSession {
  private state: FlowState = initialFlowState()
  private readonly config: FlowConfig
  private readonly now: () => number
  private sessionId = { epoch: 0, id: randomUUID() }
  private readonly timers = new Map<FlowTimer, NodeJS.Timeout>()
  private readonly pendingClaims = new Map<number, Pending>()
  private nextRequest = 1
  /** The pad's capture in flight: the next capture starts only once it has ended. */
  private fingerPending: Promise<unknown> = Promise.resolve()
  private readonly unsubscribers: (() => void)[] = []
  private closed = false

  constructor(private readonly o: KioskSessionOptions) {
    const idleResetMs = o.idleResetMs ?? 60_000
    this.config = { maxFingerTries: o.maxFingerTries ?? 3, idleResetMs, idleWarningMs: o.idleWarningMs ?? 45_000, finishMs: o.finishMs ?? 10_000 }
    this.now = o.now ?? Date.now
    this.unsubscribers.push(
      o.cards.onCardPlaced((card) => this.send({ type: 'card-placed', card })),
      o.cards.onCardRefused((reason) => this.send({ type: 'card-refused', reason })),
      o.cards.onCardRemoved(() => this.send({ type: 'card-removed' })),
      o.claims.onChange((claim) => this.send({ type: 'claim-changed', claim })),
      o.devices.onChange(() => this.send({ type: 'devices-changed' })),
    )
    this.send({ type: 'devices-changed' })
  }

  view(): KioskView {
    if (this.sessionId.epoch !== this.state.epoch) this.sessionId = { epoch: this.state.epoch, id: randomUUID() }
    return flowView(this.state, { now: this.now(), config: this.config }, this.sessionId.id, this.o.devices.current())
  }

  /** A touch on the screen. */
  activity(): void {
    this.send({ type: 'touch' })
  }

  /** Claims the chosen entitlements. Each claim is durable and signed before this returns. */
  claim(entitlementIds: string[]): Promise<KioskClaim[]> {
    const request = this.nextRequest++
    return new Promise((resolve, reject) => {
      this.pendingClaims.set(request, { resolve, reject })
      try {
        this.send({ type: 'claim-requested', request, entitlementIds })
      } catch (e) {
        this.pendingClaims.delete(request)
        reject(e)
      }
    })
  }

  proxy(): void {
    this.send({ type: 'proxy-chosen' })
  }

  /** Who complains and about which claim (the latest): only while the receipt is on screen. */
  complainant(): { person: CardIdentity; claimNumber: string | null } {
    this.send({ type: 'complaint-opened' })
    const person = this.state.person!
    return { person: person.card, claimNumber: person.claims.at(-1)?.claimNumber ?? null }
  }

  /** "Done": show the take-your-card screen; back to attract once the card is gone. */
  finish(): void {
    this.send({ type: 'finish-chosen' })
  }

  cancel(): void {
    this.finish()
  }

  /** Stops listening and drops the person; a claim still being asked for is refused. */
  dispose(): void {
    for (const u of this.unsubscribers.splice(0)) u()
    this.closed = true
    this.state = transition(this.state, { type: 'closed' }, { now: this.now(), config: this.config }).state
    for (const t of this.timers.values()) clearTimeout(t)
    this.timers.clear()
    for (const p of this.pendingClaims.values()) p.reject(new AppError('KIOSK_WRONG_STEP', 'The kiosk closed before the claim was made'))
    this.pendingClaims.clear()
  }

  /** Runs one event through the table; a refused touch throws its AppError to the caller. */
  private send(event: FlowEvent): void {
    if (this.closed) return
    const before = this.state
    const step = transition(before, event, { now: this.now(), config: this.config })
    this.state = step.state
    for (const effect of step.effects) this.perform(effect)
    if (step.state !== before || step.effects.some((e) => e.type === 'render')) this.o.onView(this.view())
    if (step.refused) throw new AppError(step.refused.code, step.refused.message)
  }

  private perform(effect: FlowEffect): void {
    switch (effect.type) {
      case 'check-devices':
        return void this.checkDevices().then((down) => this.send({ type: 'devices-checked', check: effect.check, down }))
      case 'read-finger': {
        const capture = this.fingerPending.then(() => this.o.finger.verify(effect.template))
        this.fingerPending = capture.catch(() => undefined)
        return void capture.then(
          (outcome) => this.send({ type: 'finger-read', epoch: effect.epoch, round: effect.round, outcome }),
          (error: unknown) => {
            this.o.log.warn('fingerprint capture failed', { error: error as Error })
            this.send({ type: 'finger-read', epoch: effect.epoch, round: effect.round, outcome: { matched: false, score: 0, reason: 'CAPTURE_FAILED' } })
          },
        )
      }
      case 'look-up-entitlements':
        return void this.lookUp(effect.epoch, effect.round, effect.idNumber)
      case 'check-printer':
        return void this.receiptPossible().then(
          (ready) => this.send({ type: 'printer-checked', epoch: effect.epoch, request: effect.request, ready }),
          (error: unknown) => this.send({ type: 'printer-checked', epoch: effect.epoch, request: effect.request, ready: false, error }),
        )
      case 'submit-claims':
        return void this.submit(effect)
      case 'print-receipts':
        return void this.printReceipts(effect.epoch, effect.claims, effect.holder)
      case 'start-timer':
        return this.startTimer(effect.timer, effect.ms, effect.epoch)
      case 'stop-timer':
        clearTimeout(this.timers.get(effect.timer))
        this.timers.delete(effect.timer)
        return
      case 'answer-claim':
        this.pendingClaims.get(effect.request)?.resolve(effect.made.map(toKioskClaim))
        this.pendingClaims.delete(effect.request)
        return
      case 'fail-claim':
        this.pendingClaims.get(effect.request)?.reject(effect.error)
        this.pendingClaims.delete(effect.request)
        return
      case 'session-ended':
        return this.o.log.info('kiosk session ended', { reason: effect.reason })
      case 'render':
        return
    }
  }

  private startTimer(timer: FlowTimer, ms: number, epoch: number): void {
    clearTimeout(this.timers.get(timer))
    this.timers.set(
      timer,
      setTimeout(() => this.send({ type: 'timer', timer, epoch }), ms),
    )
  }

  /** The device that keeps the kiosk from serving, if any. */
  private async checkDevices(): Promise<DeviceDown | null> {
    const devices = this.o.devices.current()
    if (devices.idcard !== 'online' && devices.idcard !== 'busy') return 'IDCARD_DOWN'
    if (devices.fingerprint !== 'online' && devices.fingerprint !== 'busy') return 'FINGERPRINT_DOWN'
    return (await this.receiptPossible().catch(() => false)) ? null : 'PRINTER_DOWN'
  }

  private async receiptPossible(): Promise<boolean> {
    if (this.o.receiptLaterAllowed?.()) return true
    return (await this.o.printer.readiness()).ready
  }

  private async lookUp(epoch: number, round: number, idNumber: string): Promise<void> {
    const claimsFor = (records: { entitlementId: string }[]) => this.o.claims.existing(records.map((r) => r.entitlementId))
    try {
      const records = await this.o.entitlements.forIdNumber(idNumber, (fresher) =>
        this.send({ type: 'entitlements-fresher', epoch, records: fresher, claims: claimsFor(fresher) }),
      )
      this.send({ type: 'entitlements-listed', epoch, round, records, claims: claimsFor(records) })
    } catch (e) {
      this.o.log.warn('entitlement lookup failed', { error: e as Error })
      this.send({ type: 'entitlements-unavailable', epoch, round })
    }
  }

  /** One claim after another, each durable and signed before the next starts. */
  private async submit(effect: Extract<FlowEffect, { type: 'submit-claims' }>): Promise<void> {
    const made: ClaimRecord[] = []
    let failure: { code: string; cause: unknown } | undefined
    for (const request of effect.claims) {
      try {
        const claim = await this.o.claims.claim(request)
        made.push(claim)
        this.send({ type: 'claim-made', epoch: effect.epoch, claim })
      } catch (e) {
        this.o.log.error('claim failed', { error: e as Error })
        failure = { code: e instanceof AppError ? e.code : 'KIOSK_CLAIM_FAILED', cause: e }
        break
      }
    }
    this.send({ type: 'claims-done', epoch: effect.epoch, request: effect.request, made, holder: effect.holder, failure })
  }

  /** Gives the ledger a moment, then prints each receipt with the claim's newest state. */
  private async printReceipts(epoch: number, claims: ClaimRecord[], holder: { name: string; idNumber: string }): Promise<void> {
    const latest = () => this.o.claims.existing(claims.map((c) => c.entitlementId))
    try {
      await awaitConfirmation(claims, latest, this.o.claims, this.o.confirmWaitMs ?? 3000)
      const now = latest()
      for (const c of claims) await this.o.printer.printClaim(now.find((x) => x.claimNumber === c.claimNumber) ?? c, holder)
      this.send({ type: 'receipt-printed', epoch })
    } catch (e) {
      this.o.log.warn('receipt print failed; claim kept, staff can reprint', { error: e as Error })
      this.send({ type: 'receipt-failed', epoch, code: e instanceof AppError ? e.code : 'PRINTER_FAILED' })
    }
  }
}
