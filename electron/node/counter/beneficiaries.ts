/**
 * Beneficiary lookup at the counter, by the card on the reader or a typed
 * (validated) ID number: the person's entitlements with their live ledger
 * state and this terminal's claims for them. The person looked up stays in
 * main-process memory for that staff session only (for enrolment, assisted
 * claims and reprints); the face sees masked values. Their village comes
 * from the enrolment (or an approved list), else from the card's address;
 * the face asks for it only when neither knows it.
 */
import type { BeneficiaryEntitlementView, BeneficiaryView, ClaimView, LedgerStateView } from '../../common/contract/counter'
import { claimViewOf, claimableNow, rowClaim } from '../../common/contract/counter-rows'
import type { ClaimRecord } from '../../common/ledger/claims'
import { type Hex, bytesToHex, hexToBytes } from '../../common/ledger/hex'
import { maskIdNumber, maskName } from '../../common/receipt/masking'
import { checkPersonName } from '../../common/receipt/person-name'
import { AppError } from '../../common/result'
import { checkIdNumber } from '../../../hardware/common/id-number'
import { keyOfHex } from '../audit/blob-key'
import type { Db } from '../db/database'
import { ENTITLEMENT_STATUS, decodeReliefResult, reliefCalldata } from '../ledger/contract/calls'
import type { RegionalKeys } from '../ledger/keys/regional-keys'
import { RpcError, type RpcClient } from '../ledger/rpc-client'
import type { Journal } from './journal'
import type { PeopleStore } from './people'
import type { ProgramDirectory } from './programs'
import { type CardReader, type StaffSession, actorOf } from './staff-auth'
import { type Village, type VillageTable, villageOfAddress } from './villages'

export interface CurrentBeneficiary {
  /** Under the newest regional key epoch: enrolment and new approvals. */
  commitment: Hex
  /** Under every epoch, newest first: what approvals on chain may carry. */
  commitments: Hex[]
  idNumber: string
  name: string | null
  /** The village the card's address names (the address itself is not kept). */
  cardVillage: Village | null
}

export interface BeneficiaryServiceOptions {
  db: Db
  rpc: RpcClient
  contract: Hex
  cards: CardReader
  /** LedgerService: the claim records of this terminal. */
  ledger: { status(claimId: number): ClaimRecord | null }
  people: PeopleStore
  villages: VillageTable
  programs: ProgramDirectory
  journal: Journal
  keys: Pick<RegionalKeys, 'commitmentsOf'>
  now?: () => number
}

interface KnownEntitlement {
  entitlementId: Hex
  programId: number
  amountFen: number
  validFrom: number
  validUntil: number
  proxyAllowed: boolean
  /** From the counter's own approval transaction, when this terminal approved it. */
  txState: 'pending' | 'confirmed' | 'rejected' | null
  indexStatus: number | null
}

export class BeneficiaryService {
  private readonly current = new Map<string, CurrentBeneficiary>()
  private readonly now: () => number

  constructor(private readonly o: BeneficiaryServiceOptions) {
    this.now = o.now ?? Date.now
  }

  async lookup(staff: StaffSession, idNumber?: string): Promise<BeneficiaryView> {
    let person: CurrentBeneficiary
    if (idNumber) {
      const problem = checkIdNumber(idNumber)
      if (problem) throw new AppError(`COUNTER_${problem}`, `the typed ID number fails its check (${problem})`)
      person = { ...this.commitmentsOf(idNumber), idNumber, name: null, cardVillage: null }
    } else {
      const card = await this.o.cards.readCard()
      if (!card) throw new AppError('COUNTER_NO_CARD', 'no card on the reader')
      const cardVillage = card.address ? villageOfAddress(card.address, this.o.villages.all()) : null
      person = { ...this.commitmentsOf(card.idNumber), idNumber: card.idNumber, name: card.name, cardVillage }
    }
    this.current.set(staff.token, person)
    this.o.journal.write(actorOf(staff), 'counter.lookup', { commitment: person.commitment.slice(0, 10), by: idNumber ? 'typed' : 'card' })
    return this.view(staff)
  }

  /**
   * Stores (encrypted) the enrolment details of the person last looked up.
   * The name on their card, else the enrolled one, stands; a typed name is
   * needed only when the counter knows none. Whichever stands is stored in its
   * canonical form (checkPersonName) or refused. An empty phone keeps the stored one.
   */
  async enrol(staff: StaffSession, details: { name?: string | undefined; village: string; phone: string }): Promise<BeneficiaryView> {
    const p = this.require(staff)
    const village = this.o.villages.resolver()(details.village)
    if (!village) throw new AppError('COUNTER_VILLAGE_UNKNOWN', 'unknown village')
    const given = p.name ?? this.o.people.byCommitment(p.commitment)?.name ?? details.name
    if (!given) throw new AppError('COUNTER_NAME_REQUIRED', 'the name is needed: the person was looked up by a typed ID number and is not enrolled')
    const checked = checkPersonName(given)
    if (!checked.ok) throw new AppError(`COUNTER_${checked.problem}`, `the name is refused (${checked.problem})`)
    const name = checked.name
    this.o.people.upsert({ commitment: p.commitment, name, idNumber: p.idNumber, villageCode: village.code, phone: details.phone || null })
    p.name = name
    this.o.journal.write(actorOf(staff), 'counter.enrol', { commitment: p.commitment.slice(0, 10), phone: details.phone ? 'set' : 'none' })
    return this.view(staff)
  }

  private commitmentsOf(idNumber: string): Pick<CurrentBeneficiary, 'commitment' | 'commitments'> {
    const commitments = this.o.keys.commitmentsOf(idNumber)
    return { commitment: commitments[0]!, commitments }
  }

  require(staff: StaffSession): CurrentBeneficiary {
    const p = this.current.get(staff.token)
    if (!p) throw new AppError('COUNTER_NO_BENEFICIARY', 'look a person up first')
    return p
  }

  forget(token: string): void {
    this.current.delete(token)
  }

  async view(staff: StaffSession): Promise<BeneficiaryView> {
    const p = this.require(staff)
    const enrolled = this.o.people.byCommitment(p.commitment)
    await this.o.programs.refresh().catch(() => this.o.programs.cached())
    const known = this.knownFor(p)
    const chain = await this.chainStatus(known.map((k) => k.entitlementId))
    const claims = this.claimsFor(known.map((k) => k.entitlementId)).map((c) => claimView(c, (id) => this.o.programs.nameOf(id)))
    const nowSec = Math.floor(this.now() / 1000)
    const entitlements: BeneficiaryEntitlementView[] = known.map((k) => {
      const state = stateOf(k, chain.get(k.entitlementId) ?? null)
      const claim = rowClaim(claims, k.entitlementId)
      return {
        entitlementId: k.entitlementId,
        program: this.o.programs.nameOf(k.programId) ?? `#${k.programId}`,
        amountFen: k.amountFen,
        validFrom: k.validFrom,
        validUntil: k.validUntil,
        proxyAllowed: k.proxyAllowed,
        state,
        claimable: claimableNow({ state, validFrom: k.validFrom, validUntil: k.validUntil }, claim, nowSec),
        claim,
      }
    })
    const enrolledVillage = enrolled?.villageCode ? (this.o.villages.all().find((v) => v.code === enrolled.villageCode) ?? null) : null
    const village = enrolledVillage ?? p.cardVillage
    const name = p.name ?? enrolled?.name ?? null
    return {
      commitment: p.commitment,
      maskedName: name ? maskName(name) : null,
      maskedId: maskIdNumber(p.idNumber),
      village: village?.name ?? null,
      villageFrom: enrolledVillage ? 'enrolment' : village ? 'card' : null,
      maskedPhone: enrolled?.phone ? `${enrolled.phone.slice(0, 3)}****${enrolled.phone.slice(-4)}` : null,
      enrolled: enrolled !== null,
      entitlements,
      claims,
    }
  }

  /** Entitlements of a person known locally: this counter's batches and the audit index under every key epoch. */
  knownFor({ commitment, commitments }: Pick<CurrentBeneficiary, 'commitment' | 'commitments'>): KnownEntitlement[] {
    const own = this.o.db
      .prepare(
        `SELECT r.entitlement_id, r.program_id, r.amount_fen, r.valid_from, r.valid_until, r.proxy_allowed, t.state AS tx_state
         FROM counter_batch_rows r JOIN counter_people p ON p.id = r.person_id JOIN counter_batches b ON b.id = r.batch_id
         LEFT JOIN outbox_intents t ON t.id = r.tx_id WHERE p.commitment = ? AND b.state <> 'cancelled'`,
      )
      .all(commitment) as {
      entitlement_id: string
      program_id: number
      amount_fen: number
      valid_from: number
      valid_until: number
      proxy_allowed: number
      tx_state: KnownEntitlement['txState']
    }[]
    const out = new Map<Hex, KnownEntitlement>()
    for (const r of own)
      out.set(r.entitlement_id as Hex, {
        entitlementId: r.entitlement_id as Hex,
        programId: r.program_id,
        amountFen: r.amount_fen,
        validFrom: r.valid_from,
        validUntil: r.valid_until,
        proxyAllowed: r.proxy_allowed === 1,
        txState: r.tx_state,
        indexStatus: null,
      })
    const byCommitment = this.o.db.prepare(
      `SELECT id, program_id, amount, valid_from, valid_until, status FROM audit_entitlements WHERE commitment_key = ? AND commitment = ?`,
    )
    const indexed = commitments.flatMap((c) => byCommitment.all(keyOfHex(c), Buffer.from(hexToBytes(c)))) as {
      id: Uint8Array
      program_id: number
      amount: number
      valid_from: number
      valid_until: number
      status: number
    }[]
    for (const r of indexed) {
      const id = bytesToHex(r.id)
      const existing = out.get(id)
      if (existing) existing.indexStatus = r.status
      else
        out.set(id, {
          entitlementId: id,
          programId: r.program_id,
          amountFen: r.amount,
          validFrom: r.valid_from,
          validUntil: r.valid_until,
          proxyAllowed: false,
          txState: 'confirmed',
          indexStatus: r.status,
        })
    }
    return [...out.values()]
  }

  private async chainStatus(ids: Hex[]): Promise<Map<Hex, number>> {
    const out = new Map<Hex, number>()
    if (!ids.length) return out
    try {
      const results = await this.o.rpc.batch<Hex>(
        ids.map((id) => ({ method: 'eth_call', params: [{ to: this.o.contract, data: reliefCalldata('entitlement', [id]) }, 'latest'] })),
      )
      results.forEach((r, i) => {
        if (!(r instanceof RpcError)) out.set(ids[i]!, Number(decodeReliefResult('entitlement', r).status))
      })
    } catch (e) {
      if (!(e instanceof RpcError)) throw e
    }
    return out
  }

  claimsFor(ids: Hex[]): ClaimRecord[] {
    if (!ids.length) return []
    const rows = this.o.db
      .prepare(`SELECT id FROM ledger_claims WHERE entitlement_id IN (${ids.map(() => '?').join(',')}) ORDER BY id DESC`)
      .pluck()
      .all(...ids) as number[]
    return rows.map((id) => this.o.ledger.status(id)).filter((c): c is ClaimRecord => c !== null)
  }
}

function stateOf(k: KnownEntitlement, chainStatus: number | null): LedgerStateView {
  const status = chainStatus ?? k.indexStatus
  if (status !== null && status > 0) return ENTITLEMENT_STATUS[status] as LedgerStateView
  if (k.txState === 'rejected') return 'rejected'
  if (k.txState === 'pending') return 'pending'
  return k.txState === null ? 'not-sent' : 'pending'
}

export function claimView(c: ClaimRecord, programName: (id: string | null) => string | null): ClaimView {
  return claimViewOf(c, programName(c.programId))
}
