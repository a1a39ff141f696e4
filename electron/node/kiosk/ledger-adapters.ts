import type { ClaimRecord as LedgerClaim } from '../../common/ledger/claims'
import type { Hex } from '../../common/ledger/hex'
import type { EntitlementIndex, EntitlementView } from '../ledger/entitlement-index'
import type { RegionalKeys } from '../ledger/keys/regional-keys'
import type { LedgerService } from '../ledger/ledger-service'
import type { ClaimRecord, ClaimSink, EntitlementRecord, EntitlementSource } from './ports'

/**
 * The kiosk's ledger: entitlements looked up by the commitment of the ID
 * number (the number itself never leaves this process), and claims made
 * through the durable outbox.
 */
export function ledgerPortsFrom(
  ledger: LedgerService,
  index: EntitlementIndex,
  regionalKeys: Pick<RegionalKeys, 'commitmentOf' | 'commitmentsOf'>,
): { entitlements: EntitlementSource; claims: ClaimSink } {
  /** Program name and amount per entitlement, learnt from lookups, to describe claims. */
  const known = new Map<string, { program: string; amountFen: number }>()

  const toPort = (c: LedgerClaim): ClaimRecord => {
    const k = known.get(c.entitlementId)
    return {
      claimNumber: c.claimNumber,
      entitlementId: c.entitlementId,
      program: k?.program ?? '',
      amountFen: k?.amountFen ?? Number(c.amount ?? 0),
      txHash: c.txHash,
      ledgerState: c.state === 'rejected' ? 'rejected' : c.state === 'confirmed' || c.state === 'settled' ? 'confirmed' : 'queued',
      blockNumber: c.blockNumber,
      rejectReason: c.rejectCode,
      createdAt: c.createdAt,
    }
  }

  const toRecords = (views: EntitlementView[]): EntitlementRecord[] =>
    views
      .filter((v) => v.status !== 'none')
      .map((v): EntitlementRecord => {
        known.set(v.entitlementId, { program: v.programName, amountFen: Number(v.amount) })
        return {
          entitlementId: v.entitlementId,
          program: v.programName,
          amountFen: Number(v.amount),
          validFrom: v.validFrom,
          validUntil: v.validUntil,
          status: v.status as EntitlementRecord['status'],
          proxyAllowed: v.proxyAllowed,
        }
      })

  const entitlements: EntitlementSource = {
    async forIdNumber(idNumber, onFresher) {
      // Under every key epoch: people approved before a rotation are still found.
      const commitments = regionalKeys.commitmentsOf(idNumber)
      return toRecords(await index.listFor(commitments, onFresher && ((views) => onFresher(toRecords(views)))))
    },
  }

  const claims: ClaimSink = {
    async claim(request) {
      const made = await ledger.claim({
        entitlementId: request.entitlementId as Hex,
        evidence: {
          method: request.method,
          fingerprintScore: request.fingerprintScore,
          checkedAt: Math.floor(Date.now() / 1000),
          staffCoSigner: null,
          proxy: request.proxy
            ? {
                beneficiary: regionalKeys.commitmentOf(request.proxy.beneficiaryIdNumber),
                collector: regionalKeys.commitmentOf(request.proxy.collectorIdNumber),
              }
            : null,
        },
        amount: BigInt(request.amountFen),
      })
      return toPort(made)
    },
    existing(entitlementIds) {
      const live = ledger.store.liveClaimsFor(ledger.contract, entitlementIds as Hex[])
      return [...live.values()].map(toPort)
    },
    onChange: (listener) => ledger.onClaimChange((c) => listener(toPort(c))),
  }
  return { entitlements, claims }
}
