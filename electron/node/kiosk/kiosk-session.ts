import { randomUUID } from 'node:crypto'
import type { KioskPhase, KioskView } from '../../common/contract/kiosk'
import { maskIdNumber, maskName } from '../../common/receipt/masking'
import { AppError } from '../../common/result'
import type { Logger } from '../log/logger'
import { awaitConfirmation } from './await-confirmation'
import { toKioskClaim, toKioskEntitlement } from './entitlement-view'
import type { CardIdentity, CardSource, ClaimRecord, ClaimSink, DeviceSummary, EntitlementRecord, EntitlementSource, FingerVerifier, ReceiptPrinter } from './ports'

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

/** Everything personal about the person at the kiosk. Dropped as a whole when the session ends. */
interface Session {
  id: string
  card: CardIdentity
  /** The relative collecting for the card's holder (proxy collection), once their card was read. */
  proxy: CardIdentity | null
  records: EntitlementRecord[]
  claims: ClaimRecord[]
  fingerScore: number
}

/**
 * The beneficiary's session at the kiosk, as a state machine on the main
 * side: card → fingerprint → entitlements → claim → receipt → finish. The
 * renderer only shows the masked view it is sent and reports touches.
 */
export class KioskSession {
  private phase: KioskPhase = 'attract'
  private session: Session | null = null
  private sessionId = randomUUID()
  private reason: string | null = null
  private finger: KioskView['finger'] = null
  private receipt: KioskView['receipt'] = null
  private lastActivity = 0
  private idleTimer: NodeJS.Timeout | null = null
  private finishTimer: NodeJS.Timeout | null = null
  private cardPresent = false
  /** The pad's capture in flight, and the round of the finger loop allowed to use its outcome. */
  private fingerPending: Promise<unknown> = Promise.resolve()
  private fingerRound = 0
  private readonly unsubscribers: (() => void)[] = []
  private readonly maxTries: number
  private readonly idleWarningMs: number
  private readonly idleResetMs: number
  private readonly now: () => number

  constructor(private readonly o: KioskSessionOptions) {
    this.maxTries = o.maxFingerTries ?? 3
    this.idleWarningMs = o.idleWarningMs ?? 45_000
    this.idleResetMs = o.idleResetMs ?? 60_000
    this.now = o.now ?? Date.now
    this.unsubscribers.push(
      o.cards.onCardPlaced((card) => void this.cardPlaced(card)),
      o.cards.onCardRefused((reason) => this.cardRefused(reason)),
      o.cards.onCardRemoved(() => this.cardRemoved()),
      o.claims.onChange((claim) => this.claimChanged(claim)),
      o.devices.onChange(() => void this.refreshAvailability()),
    )
    void this.refreshAvailability()
  }

  view(): KioskView {
    const s = this.session
    const nowSec = Math.floor(this.now() / 1000)
    const idleLeft = this.idleApplies() ? Math.max(0, this.idleResetMs - (this.now() - this.lastActivity)) : null
    return {
      phase: this.phase,
      sessionId: this.sessionId,
      person: s ? { maskedName: maskName(s.card.name), maskedId: maskIdNumber(s.card.idNumber) } : null,
      proxy: s?.proxy ? { maskedName: maskName(s.proxy.name) } : null,
      reason: this.reason,
      finger: this.finger,
      entitlements: s ? s.records.map((r) => toKioskEntitlement(r, this.claimFor(r.entitlementId), nowSec, s.proxy !== null)) : [],
      claims: s ? s.claims.map(toKioskClaim) : [],
      receipt: this.receipt,
      idle: idleLeft === null ? null : { warning: idleLeft <= this.idleResetMs - this.idleWarningMs, secondsLeft: Math.ceil(idleLeft / 1000) },
      devices: this.o.devices.current(),
    }
  }

  /** A touch on the screen. */
  activity(): void {
    this.lastActivity = this.now()
    this.emit()
  }

  /** Claims the chosen entitlements. Each claim is durable and signed before this returns. */
  async claim(entitlementIds: string[]): Promise<ReturnType<typeof toKioskClaim>[]> {
    const s = this.session
    if (!s || this.phase !== 'entitlements') throw new AppError('E_KIOSK_STATE', 'No entitlement list is on screen')
    this.activity()
    const nowSec = Math.floor(this.now() / 1000)
    const chosen = entitlementIds.map((id) => {
      const record = s.records.find((r) => r.entitlementId === id)
      if (!record) throw new AppError('E_KIOSK_UNKNOWN_ENTITLEMENT', 'That entitlement is not on screen')
      if (!toKioskEntitlement(record, this.claimFor(id), nowSec, s.proxy !== null).claimable) throw new AppError('E_KIOSK_NOT_CLAIMABLE', 'That entitlement cannot be claimed now')
      return record
    })
    if (!(await this.receiptPossible())) throw new AppError('E_PRINTER_NOT_READY', 'The receipt printer is not ready')
    this.setPhase('claiming')
    const made: ClaimRecord[] = []
    try {
      for (const r of chosen) {
        const proxy = s.proxy ? { beneficiaryIdNumber: s.card.idNumber, collectorIdNumber: s.proxy.idNumber } : null
        const method = proxy ? 'proxy+fingerprint' : 'card+fingerprint'
        const claim = await this.o.claims.claim({ entitlementId: r.entitlementId, program: r.program, amountFen: r.amountFen, fingerprintScore: s.fingerScore, method, proxy })
        made.push(claim)
        s.claims.push(claim)
      }
    } catch (e) {
      this.o.log.error('claim failed', { error: e as Error })
      this.reason = e instanceof AppError ? e.code : 'E_CLAIM_FAILED'
      this.setPhase('entitlements')
      throw e
    }
    this.receipt = { state: 'printing', error: null }
    this.setPhase('receipt')
    void this.printReceipts(s, made)
    return made.map(toKioskClaim)
  }

  /**
   * "A relative collects for me": from the beneficiary's finger screen, the
   * session keeps their card's identity and waits for the relative's card;
   * taking the first card away does not end the session in that phase.
   */
  proxy(): void {
    const s = this.session
    if (!s || this.phase !== 'finger' || s.proxy) throw new AppError('E_KIOSK_STATE', 'Proxy collection starts on the beneficiary\'s finger screen')
    this.fingerRound++ // the beneficiary's finger no longer counts
    this.finger = null
    this.activity()
    this.setPhase('proxy-card')
  }

  /** Who complains and about which claim (the latest): only while the receipt is on screen. */
  complainant(): { person: CardIdentity; claimNumber: string | null } {
    const s = this.session
    if (!s || this.phase !== 'receipt') throw new AppError('E_KIOSK_STATE', 'No receipt is on screen')
    this.activity()
    return { person: s.card, claimNumber: s.claims.at(-1)?.claimNumber ?? null }
  }

  /** "Done": show the take-your-card screen; back to attract once the card is gone. */
  finish(): void {
    if (!this.session) return this.reset()
    this.setPhase('finish')
    this.scheduleFinish()
  }

  cancel(): void {
    this.finish()
  }

  dispose(): void {
    for (const u of this.unsubscribers.splice(0)) u()
    this.clearTimers()
    this.session = null
  }

  private async cardPlaced(card: CardIdentity): Promise<void> {
    this.cardPresent = true
    const current = this.session
    if (current && this.phase === 'proxy-card') return this.proxyPlaced(current, card)
    const sameCard = current && (current.card.idNumber === card.idNumber || current.proxy?.idNumber === card.idNumber)
    if (current && sameCard && (this.phase === 'claiming' || this.phase === 'receipt' || this.phase === 'finish')) {
      // The same card tapped again while its claim is in flight or just made: show that claim, never make another.
      if (this.finishTimer) clearTimeout(this.finishTimer)
      this.finishTimer = null
      this.lastActivity = this.now()
      if (this.phase === 'finish') this.setPhase('receipt')
      else this.emit()
      return
    }
    this.endSession()
    if (!(await this.refreshAvailability())) return
    this.session = { id: this.sessionId, card, proxy: null, records: [], claims: [], fingerScore: 0 }
    this.lastActivity = this.now()
    this.startIdleTimer()
    if (!card.fingerprintTemplate) {
      this.reason = 'NO_FINGERPRINT'
      return this.setPhase('assist')
    }
    this.finger = { tries: 0, maxTries: this.maxTries, lastError: null }
    this.setPhase('finger')
    const s = this.session
    await this.fingerPending // the previous person's capture, if still on the pad, must end first
    await this.fingerLoop(s)
  }

  /**
   * The relative's card: their own finger is checked against it, then the
   * beneficiary's entitlements are listed. A card that cannot act as the
   * proxy is refused with its reason and the kiosk waits for another one.
   */
  private async proxyPlaced(s: Session, card: CardIdentity): Promise<void> {
    if (card.idNumber === s.card.idNumber) return this.proxyRefused('PROXY_SAME_CARD')
    if (!card.fingerprintTemplate) return this.proxyRefused('NO_FINGERPRINT')
    this.lastActivity = this.now()
    s.proxy = card
    this.finger = { tries: 0, maxTries: this.maxTries, lastError: null }
    this.setPhase('finger')
    await this.fingerPending // the beneficiary's capture, if still on the pad, must end first
    await this.fingerLoop(s)
  }

  private async fingerLoop(s: Session): Promise<void> {
    const round = ++this.fingerRound
    const holder = s.proxy ?? s.card
    while (this.session === s && this.fingerRound === round && this.phase === 'finger' && this.finger!.tries < this.maxTries) {
      const pending = this.o.finger.verify(holder.fingerprintTemplate!)
      this.fingerPending = pending
      const outcome = await pending
      if (this.session !== s || this.fingerRound !== round) return
      this.lastActivity = this.now()
      if (outcome.matched) {
        s.fingerScore = outcome.score
        return this.loadEntitlements(s)
      }
      this.finger = { tries: this.finger!.tries + 1, maxTries: this.maxTries, lastError: outcome.reason }
      this.emit()
    }
    if (this.session === s && this.fingerRound === round && this.phase === 'finger') {
      this.reason = 'FINGER_FAILED'
      this.setPhase('assist')
    }
  }

  private async loadEntitlements(s: Session): Promise<void> {
    try {
      s.records = await this.o.entitlements.forIdNumber(s.card.idNumber, (fresher) => {
        // The node's answer, after the local index's was shown: replaces it while the list is still on screen.
        if (this.session !== s || this.phase !== 'entitlements') return
        s.records = fresher
        s.claims = this.o.claims.existing(fresher.map((r) => r.entitlementId))
        this.emit()
      })
    } catch (e) {
      this.o.log.warn('entitlement lookup failed', { error: e as Error })
      this.reason = 'LEDGER_UNREACHABLE'
    }
    s.claims = this.o.claims.existing(s.records.map((r) => r.entitlementId))
    if (this.session === s) this.setPhase('entitlements')
  }

  private async printReceipts(s: Session, claims: ClaimRecord[]): Promise<void> {
    try {
      await awaitConfirmation(claims, () => s.claims, this.o.claims, this.o.confirmWaitMs ?? 3000)
      for (const c of claims) {
        const latest = s.claims.find((x) => x.claimNumber === c.claimNumber) ?? c
        await this.o.printer.printClaim(latest, { name: s.card.name, idNumber: s.card.idNumber })
      }
      if (this.session === s) this.receipt = { state: 'printed', error: null }
    } catch (e) {
      this.o.log.warn('receipt print failed; claim kept, staff can reprint', { error: e as Error })
      if (this.session === s) this.receipt = { state: 'failed', error: e instanceof AppError ? e.code : 'PRINT_FAILED' }
    }
    this.emit()
  }

  private cardRefused(reason: string): void {
    this.cardPresent = true
    // A relative's card that fails the reader's checks: the beneficiary's session waits for another relative.
    if (this.session && this.phase === 'proxy-card') return this.proxyRefused(reason)
    this.endSession()
    this.refuse(reason)
  }

  /** Stays on the proxy-card screen with the reason; counts as activity (someone is at the kiosk). */
  private proxyRefused(reason: string): void {
    this.lastActivity = this.now()
    this.reason = reason
    this.emit()
  }

  private refuse(reason: string): void {
    this.reason = reason
    this.setPhase('card-refused')
  }

  private cardRemoved(): void {
    this.cardPresent = false
    if (this.phase === 'proxy-card') return // the beneficiary's card makes way for the relative's
    if (this.phase === 'claiming' || this.phase === 'receipt') {
      // The claim is already durable; let the receipt finish, then go back to attract.
      this.setPhase('finish')
      return this.scheduleFinish()
    }
    this.reset()
  }

  private claimChanged(claim: ClaimRecord): void {
    const s = this.session
    if (!s) return
    const i = s.claims.findIndex((c) => c.claimNumber === claim.claimNumber)
    if (i < 0) return
    s.claims[i] = claim
    this.emit()
  }

  private claimFor(entitlementId: string): ClaimRecord | undefined {
    return this.session?.claims.find((c) => c.entitlementId === entitlementId && c.ledgerState !== 'rejected')
  }

  private async receiptPossible(): Promise<boolean> {
    if (this.o.receiptLaterAllowed?.()) return true
    return (await this.o.printer.readiness()).ready
  }

  /** Puts the kiosk in 'unavailable' when a device it needs is down; back to attract when they recover. */
  private async refreshAvailability(): Promise<boolean> {
    const devices = this.o.devices.current()
    let reason: string | null = null
    if (devices.idcard !== 'online' && devices.idcard !== 'busy') reason = 'IDCARD_DOWN'
    else if (devices.fingerprint !== 'online' && devices.fingerprint !== 'busy') reason = 'FINGERPRINT_DOWN'
    else if (!(await this.receiptPossible())) reason = 'PRINTER_DOWN'
    if (reason && (this.phase === 'attract' || this.phase === 'unavailable')) {
      this.reason = reason
      this.setPhase('unavailable')
      return false
    }
    if (!reason && this.phase === 'unavailable') this.reset()
    else this.emit()
    return reason === null
  }

  private idleApplies(): boolean {
    return this.session !== null && ['finger', 'proxy-card', 'assist', 'entitlements', 'receipt', 'card-refused'].includes(this.phase)
  }

  private startIdleTimer(): void {
    this.idleTimer ??= setInterval(() => {
      if (!this.idleApplies()) return
      const quiet = this.now() - this.lastActivity
      if (quiet >= this.idleResetMs) {
        this.o.log.info('kiosk session reset for inactivity')
        this.reset()
      } else if (quiet >= this.idleWarningMs) this.emit()
    }, 1000)
  }

  private scheduleFinish(): void {
    if (this.finishTimer) clearTimeout(this.finishTimer)
    this.finishTimer = setTimeout(() => this.reset(), this.cardPresent ? (this.o.finishMs ?? 10_000) * 3 : (this.o.finishMs ?? 10_000))
  }

  /** Back to attract with nothing personal left in the session. */
  private reset(): void {
    this.endSession()
    this.setPhase('attract')
    void this.refreshAvailability()
  }

  private endSession(): void {
    this.clearTimers()
    this.session = null
    this.finger = null
    this.receipt = null
    this.reason = null
    this.sessionId = randomUUID()
  }

  private clearTimers(): void {
    if (this.idleTimer) clearInterval(this.idleTimer)
    if (this.finishTimer) clearTimeout(this.finishTimer)
    this.idleTimer = null
    this.finishTimer = null
  }

  private setPhase(phase: KioskPhase): void {
    this.phase = phase
    if (!['card-refused', 'unavailable', 'assist', 'entitlements', 'proxy-card'].includes(phase)) this.reason = null
    this.emit()
  }

  private emit(): void {
    this.o.onView(this.view())
  }
}
