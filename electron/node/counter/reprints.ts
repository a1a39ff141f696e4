/**
 * Reprint (补打) of any claim receipt of this terminal: the claim from the
 * ledger outbox, the person from the enrolment (or the person looked up now),
 * printed by the receipt job service marked 补打.
 */
import type { ClaimRecord } from '../../common/ledger/claims'
import type { Hex } from '../../common/ledger/hex'
import type { ClaimReceiptData } from '../../common/receipt/types'
import { AppError } from '../../common/result'
import type { Db } from '../db/database'
import type { BeneficiaryService } from './beneficiaries'
import type { Journal } from './journal'
import type { PeopleStore } from './people'
import type { ProgramDirectory } from './programs'
import { type StaffSession, actorOf } from './staff-auth'

export interface ReprintOptions {
  db: Db
  ledger: { byClaimNumber(claimNumber: string): ClaimRecord | null }
  people: PeopleStore
  beneficiaries: BeneficiaryService
  programs: ProgramDirectory
  journal: Journal
  /** ReceiptJobService.reprintClaim. */
  printer: { reprintClaim(claim: ClaimReceiptData): Promise<{ id: string; state: string }> }
  township: string
  terminalId: string
}

export class ReprintService {
  constructor(private readonly o: ReprintOptions) {}

  async reprint(staff: StaffSession, claimNumber: string): Promise<{ jobId: string; state: string }> {
    const claim = this.o.ledger.byClaimNumber(claimNumber)
    if (!claim) throw new AppError('COUNTER_CLAIM_UNKNOWN', `no claim ${claimNumber} at this terminal`)
    const person = this.personFor(staff, claim.entitlementId)
    if (!person) throw new AppError('COUNTER_PERSON_UNKNOWN', 'the person of this claim is not enrolled: look them up by card first')
    await this.o.programs.refresh().catch(() => this.o.programs.cached())
    const onChain = claim.state === 'confirmed' || claim.state === 'settled'
    const job = await this.o.printer.reprintClaim({
      claimNo: claim.claimNumber,
      program: this.o.programs.nameOf(claim.programId) ?? '—',
      amountFen: Number(claim.amount ?? 0),
      name: person.name,
      idNumber: person.idNumber,
      township: this.o.township,
      terminalId: this.o.terminalId,
      confirmedAt: claim.updatedAt,
      txHash: claim.txHash,
      ledger: onChain && claim.blockNumber !== null ? { state: 'confirmed', blockNumber: claim.blockNumber } : { state: 'pending' },
    })
    this.o.journal.write(actorOf(staff), 'counter.reprint', { claimNumber, job: job.id, state: job.state })
    return { jobId: job.id, state: job.state }
  }

  private personFor(staff: StaffSession, entitlementId: Hex): { name: string; idNumber: string } | null {
    const current = this.current(staff)
    const fromBatch = this.o.db
      .prepare(`SELECT p.commitment FROM counter_batch_rows r JOIN counter_people p ON p.id = r.person_id WHERE r.entitlement_id = ? LIMIT 1`)
      .pluck()
      .get(entitlementId) as Hex | undefined
    const commitment =
      fromBatch ?? (current && this.o.beneficiaries.knownFor(current).some((k) => k.entitlementId === entitlementId) ? current.commitment : null)
    if (!commitment) return null
    const enrolled = this.o.people.byCommitment(commitment)
    if (enrolled) return enrolled
    return current && current.commitment === commitment && current.name ? { name: current.name, idNumber: current.idNumber } : null
  }

  private current(staff: StaffSession) {
    try {
      return this.o.beneficiaries.require(staff)
    } catch {
      return null
    }
  }
}
