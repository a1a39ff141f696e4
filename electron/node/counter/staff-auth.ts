/**
 * Staff sign-in at the counter: the card on the reader names the person (by
 * the commitment of their ID number, never the number itself), the PIN proves
 * it. Five wrong PINs lock the account for 15 minutes, durably in SQLite, so a
 * restart does not reset the count. Every attempt is counted before its PIN is
 * hashed, one attempt per staff member is checked at a time, and at most two
 * PINs are hashed at once (each costs 32 MiB and ~135 ms): a burst of
 * parallel guesses gets refusals, not extra tries, and the kiosk stays
 * responsive. A session ends after 15 minutes without a call or 8 hours
 * after sign-in, whichever comes first.
 *
 *   const auth = new StaffAuth({ db, cipher, keys, journal, cards })
 *   const s = await auth.signIn('123456')          // reads the card now
 *   const me = auth.require(s.token, ['supervisor']) // throws COUNTER_* AppErrors
 */
import { randomBytes } from 'node:crypto'
import type { StaffRole, StaffSessionView } from '../../common/contract/counter'
import type { Hex } from '../../common/ledger/hex'
import { maskName } from '../../common/receipt/masking'
import { AppError } from '../../common/result'
import type { Db } from '../db/database'
import type { RegionalKeys } from '../ledger/keys/regional-keys'
import type { FieldCipher } from './field-cipher'
import type { Journal } from './journal'
import { hashPin, isValidPin, verifyPin } from './pin-hash'
import { Semaphore } from './semaphore'

/** A card as the reader decoded it; personal data, kept in memory only. */
export interface CardRead {
  name: string
  idNumber: string
  /** The address printed on the card, when the reader gives it: names the person's village. */
  address?: string
}

/** "Read the card that is on the reader now"; null when there is none. */
export interface CardReader {
  readCard(): Promise<CardRead | null>
}

export interface StaffRecord {
  id: number
  staffNo: string
  role: StaffRole
  commitment: Hex
  maskedName: string
}

export interface StaffSession extends StaffRecord {
  token: string
  signedInAt: number
  lastActivity: number
}

export interface StaffAuthOptions {
  db: Db
  cipher: FieldCipher
  /** Staff are found under any regional key epoch, and moved to the newest when they sign in or are enrolled. */
  keys: Pick<RegionalKeys, 'commitmentOf' | 'commitmentsOf'>
  journal: Journal
  cards: CardReader
  now?: () => number
  idleMs?: number
  absoluteMs?: number
  maxFailures?: number
  lockMs?: number
}

interface StaffRow {
  id: number
  commitment: string
  staff_no: string
  role: StaffRole
  name_sealed: Uint8Array
  pin_hash: string
  failures: number
  locked_until: number | null
  active: number
}

export const actorOf = (s: { staffNo: string }) => `staff:${s.staffNo}`

export class StaffAuth {
  private readonly sessions = new Map<string, StaffSession>()
  private readonly endListeners = new Set<(token: string) => void>()
  private readonly now: () => number
  private readonly idleMs: number
  private readonly absoluteMs: number
  private readonly maxFailures: number
  private readonly lockMs: number
  /** Per locked staff id: refusals since the last journal row, written by the sweep. */
  private readonly lockedRefusals = new Map<number, { actor: string; action: string; until: number; refused: number }>()
  /** Staff ids with a PIN being checked now, and how many other attempts were refused meanwhile. */
  private readonly checking = new Map<number, number>()
  private readonly hashing = new Semaphore(2, 8)

  constructor(private readonly o: StaffAuthOptions) {
    this.now = o.now ?? Date.now
    this.idleMs = o.idleMs ?? 15 * 60_000
    this.absoluteMs = o.absoluteMs ?? 8 * 3_600_000
    this.maxFailures = o.maxFailures ?? 5
    this.lockMs = o.lockMs ?? 15 * 60_000
  }

  /** The commitment new records carry: under the newest regional key epoch. */
  commitmentOf(idNumber: string): Hex {
    return this.o.keys.commitmentOf(idNumber)
  }

  /** Is this ID number a staff member's? For the kiosk session, which ignores staff cards. */
  isStaffCard(idNumber: string): boolean {
    const commitments = this.o.keys.commitmentsOf(idNumber)
    const found = this.o.db.prepare(`SELECT 1 FROM counter_staff WHERE commitment IN (${commitments.map(() => '?').join(', ')}) AND active = 1`)
    return found.get(...commitments) !== undefined
  }

  /**
   * The staff row of an ID number under any key epoch; one found under an
   * older epoch carries the newest epoch's commitment from now on.
   */
  private staffRowOf(idNumber: string): StaffRow | undefined {
    const [newest, ...older] = this.o.keys.commitmentsOf(idNumber)
    const byCommitment = this.o.db.prepare(`SELECT * FROM counter_staff WHERE commitment = ?`)
    const current = byCommitment.get(newest) as StaffRow | undefined
    if (current) return current
    for (const old of older) {
      const row = byCommitment.get(old) as StaffRow | undefined
      if (!row) continue
      this.o.db.prepare(`UPDATE counter_staff SET commitment = ? WHERE id = ?`).run(newest, row.id)
      return { ...row, commitment: newest! }
    }
    return undefined
  }

  /** Is this ID number a staff member's, active or not? */
  isEnrolled(idNumber: string): boolean {
    return this.staffRowOf(idNumber) !== undefined
  }

  /** Adds a staff member (or updates role and PIN of an existing one). Returns the work number. */
  async enrol(card: CardRead, role: StaffRole, pin: string, actor: string): Promise<string> {
    if (!isValidPin(pin)) throw new AppError('COUNTER_PIN_FORMAT', 'PIN must be 6 digits')
    const commitment = this.commitmentOf(card.idNumber)
    const pinHash = await hashPin(pin, this.o.cipher.pinPepper)
    const existing = this.staffRowOf(card.idNumber)
    let staffNo: string
    if (existing) {
      this.o.db
        .prepare(`UPDATE counter_staff SET role = ?, pin_hash = ?, failures = 0, locked_until = NULL, active = 1 WHERE id = ?`)
        .run(role, pinHash, existing.id)
      staffNo = existing.staff_no
    } else {
      const next = (this.o.db.prepare(`SELECT COALESCE(MAX(id), 0) + 1 AS n FROM counter_staff`).get() as { n: number }).n
      staffNo = `S${String(next).padStart(4, '0')}`
      this.o.db
        .prepare(`INSERT INTO counter_staff (commitment, staff_no, role, name_sealed, pin_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(commitment, staffNo, role, this.o.cipher.sealText(card.name), pinHash, this.now())
    }
    this.o.journal.write(actor, 'counter.staff.enrol', { staffNo, role })
    return staffNo
  }

  /** Reads the card on the reader now and checks the PIN against it. */
  async signIn(pin: string): Promise<StaffSessionView> {
    const staff = await this.checkCardAndPin(pin, 'counter.signIn')
    const token = randomBytes(32).toString('hex')
    const at = this.now()
    const session: StaffSession = { ...staff, token, signedInAt: at, lastActivity: at }
    this.sessions.set(token, session)
    this.o.journal.write(actorOf(staff), 'counter.signIn', { role: staff.role })
    return this.view(session)
  }

  /**
   * A supervisor co-signing: their card on the reader now and their PIN.
   * Wrong PINs count towards the supervisor's own lockout.
   */
  async confirmSupervisor(pin: string): Promise<StaffRecord> {
    const staff = await this.checkCardAndPin(pin, 'counter.cosign')
    if (staff.role !== 'supervisor') throw new AppError('COUNTER_NOT_SUPERVISOR', 'the card on the reader does not belong to a supervisor')
    return staff
  }

  /** The live session for `token`, refreshed; throws when absent, expired or of the wrong role. */
  require(token: string, roles?: readonly StaffRole[], touch = true): StaffSession {
    const s = this.sessions.get(token)
    if (!s) throw new AppError('COUNTER_NOT_SIGNED_IN', 'no staff session for this token')
    const at = this.now()
    const expired = at - s.lastActivity > this.idleMs ? 'idle' : at - s.signedInAt > this.absoluteMs ? 'absolute' : null
    if (expired) {
      this.end(s, `counter.session.expired.${expired}`)
      throw new AppError('COUNTER_SESSION_EXPIRED', `staff session expired (${expired})`)
    }
    if (roles && !roles.includes(s.role)) {
      this.o.journal.write(actorOf(s), 'counter.forbidden', { role: s.role, needed: roles })
      throw new AppError('COUNTER_ROLE', `a ${s.role} may not do this`)
    }
    if (touch) s.lastActivity = at
    return s
  }

  view(s: StaffSession): StaffSessionView {
    return {
      token: s.token,
      staffNo: s.staffNo,
      role: s.role,
      maskedName: s.maskedName,
      signedInAt: s.signedInAt,
      expiresAt: s.signedInAt + this.absoluteMs,
      idleExpiresAt: s.lastActivity + this.idleMs,
    }
  }

  signOut(token: string): void {
    const s = this.sessions.get(token)
    if (s) this.end(s, 'counter.signOut')
  }

  /** Ends every session whose time is up (called on a timer). */
  sweep(): void {
    const at = this.now()
    for (const [id, r] of this.lockedRefusals) {
      if (r.refused > 0) this.o.journal.write(r.actor, `${r.action}.locked`, { until: r.until, refused: r.refused })
      r.refused = 0
      if (r.until <= at) this.lockedRefusals.delete(id)
    }
    for (const s of [...this.sessions.values()]) {
      if (at - s.lastActivity > this.idleMs) this.end(s, 'counter.session.expired.idle')
      else if (at - s.signedInAt > this.absoluteMs) this.end(s, 'counter.session.expired.absolute')
    }
  }

  /**
   * Calls `listener` with the token of every session that ends (sign-out or
   * expiry), so per-session state can be dropped. Returns the unsubscribe function.
   */
  onSessionEnd(listener: (token: string) => void): () => void {
    this.endListeners.add(listener)
    return () => this.endListeners.delete(listener)
  }

  staffById(id: number): StaffRecord | null {
    const row = this.o.db.prepare(`SELECT * FROM counter_staff WHERE id = ?`).get(id) as StaffRow | undefined
    return row ? this.record(row) : null
  }

  private end(s: StaffSession, action: string): void {
    this.sessions.delete(s.token)
    this.o.journal.write(actorOf(s), action, {})
    for (const listener of this.endListeners) listener(s.token)
  }

  private async checkCardAndPin(pin: string, action: string): Promise<StaffRecord> {
    const card = await this.o.cards.readCard()
    if (!card) throw new AppError('COUNTER_NO_CARD', 'no card on the reader')
    const found = this.staffRowOf(card.idNumber)
    const row = found?.active ? found : undefined
    if (!row) {
      this.o.journal.write('system', `${action}.unknown`, { commitment: this.commitmentOf(card.idNumber).slice(0, 10) })
      throw new AppError('COUNTER_NOT_STAFF', 'the card on the reader does not belong to staff')
    }
    const refused = this.checking.get(row.id)
    if (refused !== undefined) {
      // Counted here, journaled once when the check in flight ends: a burst of 200 costs one durable write, not 200.
      this.checking.set(row.id, refused + 1)
      throw new AppError('COUNTER_SIGNIN_BUSY', 'a PIN for this card is being checked; try again')
    }
    this.checking.set(row.id, 0)
    try {
      return await this.checkPin(row, pin, action)
    } finally {
      const busy = this.checking.get(row.id) ?? 0
      this.checking.delete(row.id)
      if (busy > 0) this.o.journal.write(`staff:${row.staff_no}`, `${action}.busy`, { refused: busy })
    }
  }

  private async checkPin(row: StaffRow, pin: string, action: string): Promise<StaffRecord> {
    const actor = `staff:${row.staff_no}`
    // The attempt counts before the hash, in one statement that also refuses a locked account.
    const failures = this.countAttempt(row.id)
    if (failures === null) throw this.locked(row.id, actor, action)
    const correct = await this.hashing.run(() => verifyPin(pin, row.pin_hash, this.o.cipher.pinPepper))
    if (!correct) {
      const lock = failures >= this.maxFailures
      if (lock) this.o.db.prepare(`UPDATE counter_staff SET failures = 0, locked_until = ? WHERE id = ?`).run(this.now() + this.lockMs, row.id)
      this.o.journal.write(actor, `${action}.wrongPin`, { failures, locked: lock })
      if (lock) throw new AppError('COUNTER_LOCKED', `too many wrong PINs; locked for ${Math.round(this.lockMs / 60_000)} minutes`)
      throw new AppError('COUNTER_WRONG_PIN', `wrong PIN (${failures} of ${this.maxFailures})`)
    }
    // A lock set while this PIN was being hashed (another path, another process) still holds.
    const cleared = this.o.db
      .prepare(`UPDATE counter_staff SET failures = 0, locked_until = NULL WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?)`)
      .run(row.id, this.now()).changes
    if (cleared === 0) throw this.locked(row.id, actor, action)
    return this.record(row)
  }

  /** Counts an attempt; null (nothing counted) while the account is locked. */
  private countAttempt(id: number): number | null {
    const row = this.o.db
      .prepare(`UPDATE counter_staff SET failures = failures + 1 WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?) RETURNING failures`)
      .get(id, this.now()) as { failures: number } | undefined
    return row?.failures ?? null
  }

  /**
   * Refuses an attempt on a locked account. The first refusal of a lock is
   * journaled at once; later ones are counted and journaled by the sweep, so
   * a guessing burst costs a few durable writes, not one per guess.
   */
  private locked(id: number, actor: string, action: string): AppError {
    const { locked_until: until } = this.o.db.prepare(`SELECT locked_until FROM counter_staff WHERE id = ?`).get(id) as { locked_until: number }
    const known = this.lockedRefusals.get(id)
    if (known && known.until === until) known.refused++
    else {
      this.lockedRefusals.set(id, { actor, action, until, refused: 0 })
      this.o.journal.write(actor, `${action}.locked`, { until })
    }
    return new AppError('COUNTER_LOCKED', `locked until ${new Date(until).toISOString()}`)
  }

  private record(row: StaffRow): StaffRecord {
    return {
      id: row.id,
      staffNo: row.staff_no,
      role: row.role,
      commitment: row.commitment as Hex,
      maskedName: maskName(this.o.cipher.openText(row.name_sealed)),
    }
  }
}
