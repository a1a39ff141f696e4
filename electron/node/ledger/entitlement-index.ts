/**
 * The kiosk's read path: a person's entitlements by commitment, from the
 * node (eth_getLogs filtered on the indexed commitment topic, then the
 * contract's current status) and from the local audit index, merged with this
 * terminal's own pending claims. Both are asked at once: the node's answer is
 * used when it comes quickly, the index's otherwise, so a halted or
 * unreachable chain costs a beneficiary nothing; a node answer that comes
 * later replaces the index's on screen. Only approvals in blocks the node
 * keeps across a restart are offered: a claim of an approval the chain then
 * forgot would be refused for ever.
 */
import type { ClaimRecord } from '../../common/ledger/claims'
import { type Hex, toQuantity } from '../../common/ledger/hex'
import type { IndexedApproval } from '../audit/approvals-by-commitment'
import type { Logger } from '../log/logger'
import { ENTITLEMENT_STATUS, type EntitlementStatus, decodeReliefResult, reliefCalldata } from './contract/calls'
import { EVENT_TOPICS, type RawLog, decodeReliefLog } from './contract/events'
import type { DurableHead } from './durable-head'
import type { ClaimStore } from './outbox/claim-store'
import { RpcError, type RpcClient } from './rpc-client'

/** How long a lookup waits for the node before it shows what the local index holds. */
const NODE_QUICK_MS = 300
/** How long the node may take at all: beyond it the index's answer stays (or, with none, the lookup fails). */
const NODE_TIMEOUT_MS = 3000

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

/** The audit index's approvals of one commitment, newest first, up to a block. */
export interface LocalApprovals {
  list(commitment: Hex, maxBlock?: number): IndexedApproval[]
}

export interface EntitlementIndexOptions {
  rpc: RpcClient
  store: ClaimStore
  contract: Hex
  fromBlock: number
  local: LocalApprovals
  /** Set for the embedded node: approvals above it may vanish with a crash. */
  durableHead?: DurableHead
  log: Logger
}

type Approved = Omit<EntitlementView, 'status' | 'claim'> & { status: EntitlementStatus }

export class EntitlementIndex {
  private readonly programNames = new Map<string, string>()

  constructor(private readonly o: EntitlementIndexOptions) {}

  /**
   * Every entitlement approved for any of these commitments (one person under
   * each regional key epoch), newest approval first. `onFresher` gets the
   * node's answer when it came after the index's was returned.
   */
  async listFor(commitments: readonly Hex[], onFresher?: (views: EntitlementView[]) => void): Promise<EntitlementView[]> {
    const fromNode = this.fromNode(commitments)
    const indexed = this.fromIndex(commitments)
    if (indexed.length === 0) return this.withClaims(await fromNode)
    const quick = await Promise.race([
      fromNode.then(
        (views) => ({ views }),
        () => null,
      ),
      delay(NODE_QUICK_MS).then(() => 'slow' as const),
    ])
    if (quick !== null && quick !== 'slow') return this.withClaims(quick.views)
    this.o.log.info('entitlements shown from the local index', { reason: quick === 'slow' ? `node slower than ${NODE_QUICK_MS} ms` : 'node unreachable' })
    if (quick === 'slow' && onFresher)
      fromNode.then(
        (views) => onFresher(this.withClaims(views)),
        (e) => this.o.log.info('node lookup after the index answered failed', { error: e as Error }),
      )
    else fromNode.catch(() => undefined)
    return this.withClaims(indexed)
  }

  private fromIndex(commitments: readonly Hex[]): Approved[] {
    const maxBlock = this.durableBlock()
    if (maxBlock === null) return []
    return commitments
      .flatMap((c) => this.o.local.list(c, maxBlock))
      .map((a) => ({
        entitlementId: a.entitlementId,
        programId: a.programId,
        programName: a.programName || (this.programNames.get(a.programId) ?? ''),
        amount: a.amount,
        township: a.township,
        village: a.village,
        validFrom: a.validFrom,
        validUntil: a.validUntil,
        proxyAllowed: a.proxyAllowed === true,
        maskedName: a.maskedName,
        status: ENTITLEMENT_STATUS[a.status] ?? 'none',
      }))
  }

  private async fromNode(commitments: readonly Hex[]): Promise<Approved[]> {
    const maxBlock = this.durableBlock()
    if (maxBlock === null || maxBlock < this.o.fromBlock) return []
    const toBlock = maxBlock === Number.MAX_SAFE_INTEGER ? 'latest' : toQuantity(maxBlock)
    const timeout = { timeoutMs: NODE_TIMEOUT_MS }
    const logs = await this.o.rpc.request<RawLog[]>(
      'eth_getLogs',
      [
        {
          address: this.o.contract,
          fromBlock: toQuantity(this.o.fromBlock),
          toBlock,
          topics: [EVENT_TOPICS.EntitlementApproved, null, null, commitments.map((c) => c.toLowerCase())],
        },
      ],
      timeout,
    )
    const approved = logs.flatMap((l) => {
      const e = decodeReliefLog(l)
      return e?.name === 'EntitlementApproved' && !e.removed ? [e.args] : []
    })
    if (approved.length === 0) return []
    const states = await this.o.rpc.batch<Hex>(
      approved.map((a) => this.callRequest('entitlement', [a.entitlementId])),
      timeout,
    )
    await this.loadProgramNames(approved.map((a) => a.programId))
    return approved
      .map((a, i) => {
        const state = states[i]
        if (state instanceof RpcError) throw state
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
          status: ENTITLEMENT_STATUS[Number(decodeReliefResult('entitlement', state!).status)] ?? 'none',
        }
      })
      .reverse()
  }

  private withClaims(approved: Approved[]): EntitlementView[] {
    const claims = this.o.store.liveClaimsFor(
      this.o.contract,
      approved.map((a) => a.entitlementId),
    )
    return approved.map((a) => ({ ...a, claim: claims.get(a.entitlementId) ?? null }))
  }

  /** The highest block whose approvals may be offered; null while the node has saved none. */
  private durableBlock(): number | null {
    if (!this.o.durableHead) return Number.MAX_SAFE_INTEGER
    const head = this.o.durableHead()
    return head === null ? null : Number(head)
  }

  private callRequest(fn: string, args: unknown[]) {
    return { method: 'eth_call', params: [{ to: this.o.contract, data: reliefCalldata(fn, args) }, 'latest'] }
  }

  private async loadProgramNames(programIds: bigint[]): Promise<void> {
    const missing = [...new Set(programIds.map(String))].filter((id) => !this.programNames.has(id))
    if (missing.length === 0) return
    const results = await this.o.rpc.batch<Hex>(
      missing.map((id) => this.callRequest('program', [BigInt(id)])),
      { timeoutMs: NODE_TIMEOUT_MS },
    )
    missing.forEach((id, i) => {
      const r = results[i]
      if (r instanceof RpcError) throw r
      this.programNames.set(id, String(decodeReliefResult('program', r!).name))
    })
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())
