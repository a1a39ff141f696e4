/**
 * Assisted claims: the kiosk could not verify a fingerprint (three failures,
 * or none on the card) and sent the person to the counter. The person is
 * looked up (card or typed ID), a supervisor co-signs with their own card
 * and PIN plus a reason code, and the claim goes through LedgerService.claim
 * with evidence method 'card+staff' and the supervisor's commitment.
 */
import type { ClaimView } from '../../common/contract/counter'
import type { ClaimRecord } from '../../common/ledger/claims'
import type { Hex } from '../../common/ledger/hex'
import { AppError } from '../../common/result'
import type { ClaimInput } from '../ledger/ledger-service'
import { type BeneficiaryService, claimView } from './beneficiaries'
import type { Journal } from './journal'
import type { ProgramDirectory } from './programs'
import { type StaffAuth, type StaffSession, actorOf } from './staff-auth'

export interface AssistedClaimOptions {
  auth: StaffAuth
  beneficiaries: BeneficiaryService
  programs: ProgramDirectory
  /** LedgerService. */
  ledger: { claim(input: ClaimInput): Promise<ClaimRecord> }
  journal: Journal
  now?: () => number
}

export class AssistedClaims {
  constructor(private readonly o: AssistedClaimOptions) {}

  async claim(staff: StaffSession, input: { entitlementIds: string[]; reason: string; supervisorPin: string }): Promise<ClaimView[]> {
    const person = this.o.beneficiaries.require(staff)
    const view = await this.o.beneficiaries.view(staff)
    const chosen = input.entitlementIds.map((id) => {
      const e = view.entitlements.find((x) => x.entitlementId === id)
      if (!e) throw new AppError('COUNTER_ENTITLEMENT_NOT_HERE', 'that entitlement does not belong to the person looked up')
      if (!e.claimable) throw new AppError('COUNTER_NOT_CLAIMABLE', `entitlement is ${e.state} and cannot be claimed now`)
      return e
    })
    const supervisor = await this.o.auth.confirmSupervisor(input.supervisorPin)
    const checkedAt = Math.floor((this.o.now ?? Date.now)() / 1000)
    const made: ClaimRecord[] = []
    for (const e of chosen) {
      const program = this.o.programs.cached().find((p) => p.name === e.program)
      const claim = await this.o.ledger.claim({
        entitlementId: e.entitlementId as Hex,
        evidence: { method: 'card+staff', fingerprintScore: 0, checkedAt, staffCoSigner: supervisor.commitment },
        amount: BigInt(e.amountFen),
        ...(program ? { programId: BigInt(program.id) } : {}),
      })
      made.push(claim)
      this.o.journal.write(actorOf(staff), 'counter.assist.claim', {
        claimNumber: claim.claimNumber,
        reason: input.reason,
        coSigner: supervisor.staffNo,
        beneficiary: person.commitment.slice(0, 10),
      })
    }
    return made.map((c) => claimView(c, (id) => this.o.programs.nameOf(id)))
  }
}
