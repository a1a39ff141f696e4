/**
 * The kiosk's read path: a person's entitlements by commitment, straight from
 * the node (eth_getLogs filtered on the indexed commitment topic, then the
 * contract's current status), merged with this terminal's own pending claims.
 * The full audit index lives in electron/node/audit/; this stays minimal.
 */
import type { ClaimRecord } from '../../common/ledger/claims'
import { type Hex, toQuantity } from '../../common/ledger/hex'
import { ENTITLEMENT_STATUS, type EntitlementStatus, decodeReliefResult, reliefCalldata } from './contract/calls'
import { EVENT_TOPICS, type RawLog, decodeReliefLog } from './contract/events'
import type { ClaimStore } from './outbox/claim-store'
import { RpcError, type RpcClient } from './rpc-client'

export interface EntitlementView {
  entitlementId: Hex
  programId: string
  programName: string
  /** Fen, decimal string. */
  amount: string
  township: number
  village: number
  validFrom: number
  validUntil: number
  proxyAllowed: boolean
  maskedName: string
  status: EntitlementStatus
  /** This terminal's live claim for it, if any (待上链 / 已上链). */
  claim: ClaimRecord | null
}

export class EntitlementIndex {
  private readonly programNames = new Map<string, string>()

  constructor(
    private readonly rpc: RpcClient,
    private readonly store: ClaimStore,
    private readonly contract: Hex,
    private readonly fromBlock: number,
  ) {}

  /** Every entitlement approved for this commitment, newest approval first. */
  async listFor(commitment: Hex): Promise<EntitlementView[]> {
    const logs = await this.rpc.request<RawLog[]>('eth_getLogs', [
      { address: this.contract, fromBlock: toQuantity(this.fromBlock), toBlock: 'latest', topics: [EVENT_TOPICS.EntitlementApproved, null, null, commitment.toLowerCase()] },
    ])
    const approved = logs.map((l) => decodeReliefLog(l)).filter((e) => e?.name === 'EntitlementApproved' && !e.removed)
    if (approved.length === 0) return []
    const ids = approved.map((e) => (e!.name === 'EntitlementApproved' ? e!.args.entitlementId : ('0x' as Hex)))
    const states = await this.rpc.batch<Hex>(ids.map((id) => this.callRequest('entitlement', [id])))
    await this.loadProgramNames(approved.map((e) => (e!.name === 'EntitlementApproved' ? e!.args.programId : 0n)))
    const claims = this.store.liveClaimsFor(this.contract, ids)
    return approved
      .map((e, i) => {
        if (e!.name !== 'EntitlementApproved') throw new Error('unreachable')
        const a = e!.args
        const state = states[i]
        if (state instanceof RpcError) throw state
        const status = ENTITLEMENT_STATUS[Number(decodeReliefResult('entitlement', state!).status)] ?? 'none'
        return {
          entitlementId: a.entitlementId,
          programId: a.programId.toString(),
          programName: this.programNames.get(a.programId.toString()) ?? '',
          amount: a.amount.toString(),
          township: a.township,
          village: a.village,
          validFrom: a.validFrom,
          validUntil: a.validUntil,
          proxyAllowed: a.proxyAllowed,
          maskedName: a.maskedName,
          status,
          claim: claims.get(a.entitlementId) ?? null,
        }
      })
      .reverse()
  }

  private callRequest(fn: string, args: unknown[]) {
    return { method: 'eth_call', params: [{ to: this.contract, data: reliefCalldata(fn, args) }, 'latest'] }
  }

  private async loadProgramNames(programIds: bigint[]): Promise<void> {
    const missing = [...new Set(programIds.map(String))].filter((id) => !this.programNames.has(id))
    if (missing.length === 0) return
    const results = await this.rpc.batch<Hex>(missing.map((id) => this.callRequest('program', [BigInt(id)])))
    missing.forEach((id, i) => {
      const r = results[i]
      if (r instanceof RpcError) throw r
      this.programNames.set(id, String(decodeReliefResult('program', r!).name))
    })
  }
}
