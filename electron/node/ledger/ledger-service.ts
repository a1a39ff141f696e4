/**
 * The kiosk's ledger service: writes claims to the one durable outbox
 * (signed, with nonce and tx hash, in one SQLite transaction, before anyone is
 * told) on the terminal key's lane, watches settlements, and tells listeners
 * about every claim change (待上链 → 已上链).
 *
 *   const ledger = new LedgerService({ db, rpc, signer, log, chainId, contract, township })
 *   ledger.start()
 *   const claim = await ledger.claim({ entitlementId, evidence })   // claim.txHash goes on the receipt
 *   ledger.onClaimChange((c) => bus.emit('ledger.claim', c))
 *   await ledger.dispose()
 */
import { AppError } from '../../common/result'
import { formatClaimNumber, isClaimNumber } from '../../common/ledger/claim-number'
import type { ClaimRecord, ClaimState } from '../../common/ledger/claims'
import { type ClaimEvidence, claimRefOf, evidenceHashOf } from '../../common/ledger/commitments'
import { type Hex, bytesToHex } from '../../common/ledger/hex'
import type { Db } from '../db/database'
import type { Logger } from '../log/logger'
import { reliefCalldata } from './contract/calls'
import { revertFromRpcError } from './contract/revert-error'
import type { DurableHead } from './durable-head'
import type { TxSigner } from './keys/signer'
import { ClaimStore } from './outbox/claim-store'
import { disbursedBy } from './outbox/disbursed-hint'
import { OutboxLane } from './outbox/outbox-lane'
import { OutboxStore } from './outbox/outbox-store'
import { watchSettlements } from './outbox/settlement-watch'
import type { SubmitterHealth, SubmitterOptions } from './outbox/submitter'
import { RpcError, type RpcClient } from './rpc-client'

/** How long a claim's simulation may take before the claim goes to the outbox without it. */
const PREFLIGHT_TIMEOUT_MS = 1500

export interface LedgerServiceOptions {
  db: Db
  rpc: RpcClient
  signer: TxSigner
  log: Logger
  chainId: number
  contract: Hex
  /** 9-digit township code of this terminal (claim numbers). */
  township: string
  /** Gas limit of a disburse transaction (about 60k used; headroom for the chain's accounting). */
  gasLimit?: bigint
  /** Fee cap; consortium chains run a zero base fee, so 0 by default. */
  maxFeePerGas?: bigint
  maxPriorityFeePerGas?: bigint
  /** Simulate the claim on the node before committing it, when the node answers. Default true. */
  preflight?: boolean
  /**
   * The chain's block period; paces the submitter. Default 1000. 0 means an
   * automining dev node: a smaller in-flight window, because flooding one
   * makes it stall with transactions it will never mine.
   */
  blockTimeMs?: number
  /** How often to look for Settled events of confirmed claims. */
  settleCheckMs?: number
  /** The embedded node's saved head (durable-head.ts): no claim is 已上链 beyond it. None with external nodes. */
  durableHead?: DurableHead
  submitter?: Partial<SubmitterOptions>
}

export interface ClaimInput {
  entitlementId: Hex
  evidence: Omit<ClaimEvidence, 'salt'> & { salt?: Hex }
  /** Printed on the receipt; generated when omitted. */
  claimNumber?: string
  /** For display: amount in fen and program id, if the caller knows them. */
  amount?: bigint
  programId?: bigint
}

export class LedgerService {
  readonly store: ClaimStore
  /** The terminal key's outbox lane: claims only. */
  readonly lane: OutboxLane
  private readonly claimListeners = new Set<(claim: ClaimRecord) => void>()
  private settleTimer: NodeJS.Timeout | null = null
  private settling: Promise<unknown> | null = null

  constructor(private readonly o: LedgerServiceOptions) {
    const outbox = new OutboxStore(o.db)
    this.store = new ClaimStore(outbox)
    this.lane = new OutboxLane({
      store: outbox,
      rpc: o.rpc,
      signer: o.signer,
      chainId: o.chainId,
      target: o.contract,
      log: o.log,
      maxFeePerGas: o.maxFeePerGas,
      maxPriorityFeePerGas: o.maxPriorityFeePerGas,
      blockTimeMs: o.blockTimeMs,
      minedHint: disbursedBy(o.rpc, o.contract, o.signer.address),
      durableHead: o.durableHead,
      submitter: o.submitter,
    })
    this.lane.onChange((intentIds) => this.emit(this.store.claimIdsOf(intentIds)))
  }

  get address(): Hex {
    return this.o.signer.address
  }

  /** What the node this service sends to has saved; other lanes on the same node use it too. */
  get durableHead(): DurableHead | undefined {
    return this.o.durableHead
  }

  get contract(): Hex {
    return this.o.contract
  }

  start(): void {
    this.lane.start()
    this.settleTimer = setInterval(() => void this.checkSettlements(), this.o.settleCheckMs ?? 10_000)
  }

  /**
   * Makes a claim. When the node answers, the disburse call is simulated first
   * and a revert refuses the claim with its code (nothing is written). Then
   * the claim, its nonce and its signed transaction are committed in one
   * SQLite transaction; the returned record (state 'signed', txHash known) is
   * durable. A second live claim for the same entitlement: LEDGER_ALREADY_CLAIMED.
   */
  async claim(input: ClaimInput): Promise<ClaimRecord> {
    const prepared = this.prepare(input)
    const live = this.store.liveClaimsFor(this.o.contract, [prepared.entitlementId]).get(prepared.entitlementId)
    if (live) throw new AppError('LEDGER_ALREADY_CLAIMED', `entitlement already has claim ${live.claimNumber}`)
    if (this.o.preflight !== false) await this.preflight(prepared.entitlementId, prepared.evidenceHash, prepared.claimRef)
    return this.commit(prepared)
  }

  /** The same, without the simulation: for offline use, tests and benchmarks. */
  claimOffline(input: ClaimInput): ClaimRecord {
    return this.commit(this.prepare(input))
  }

  status(claimId: number): ClaimRecord | null {
    return this.store.claim(claimId)
  }

  byClaimNumber(claimNumber: string): ClaimRecord | null {
    return this.store.claimByNumber(claimNumber)
  }

  /** Claims not yet on chain (待上链), newest first. */
  queue(): ClaimRecord[] {
    return this.store.claims({ states: ['signed', 'submitted'] })
  }

  list(filter: { states?: ClaimState[]; limit?: number } = {}): ClaimRecord[] {
    return this.store.claims(filter)
  }

  health(): SubmitterHealth {
    return this.lane.health()
  }

  /**
   * Pending claim: re-check and re-send it now. Rejected claim: make a fresh
   * claim (new claim number) for the same entitlement and evidence.
   */
  async retry(claimId: number): Promise<ClaimRecord> {
    const claim = this.store.claim(claimId)
    if (!claim) throw new AppError('LEDGER_UNKNOWN_CLAIM', `no claim ${claimId}`)
    if (claim.state === 'signed' || claim.state === 'submitted') {
      this.lane.wake()
      return claim
    }
    if (claim.state !== 'rejected') throw new AppError('LEDGER_NOT_RETRYABLE', `claim ${claimId} is ${claim.state}`)
    const evidence = JSON.parse(this.store.claimEvidenceJson(claimId)!) as ClaimEvidence
    return this.claim({
      entitlementId: claim.entitlementId,
      evidence: { ...evidence, salt: undefined },
      amount: claim.amount === null ? undefined : BigInt(claim.amount),
      programId: claim.programId === null ? undefined : BigInt(claim.programId),
    })
  }

  onClaimChange(listener: (claim: ClaimRecord) => void): () => void {
    this.claimListeners.add(listener)
    return () => this.claimListeners.delete(listener)
  }

  onHealth(listener: (health: SubmitterHealth) => void): () => void {
    return this.lane.onHealth(listener)
  }

  /** One submit pass now (tests). */
  flush(): Promise<void> {
    return this.lane.flush()
  }

  async dispose(): Promise<void> {
    if (this.settleTimer) clearInterval(this.settleTimer)
    this.settleTimer = null
    await this.lane.dispose()
    await this.settling
    this.claimListeners.clear()
  }

  private prepare(input: ClaimInput) {
    const claimNumber = input.claimNumber ?? formatClaimNumber(this.o.township, new Date(), crypto.getRandomValues(new Uint8Array(5)))
    if (!isClaimNumber(claimNumber)) throw new AppError('LEDGER_BAD_CLAIM_NUMBER', `"${claimNumber}" is not a claim number`)
    const evidence: ClaimEvidence = { ...input.evidence, salt: input.evidence.salt ?? bytesToHex(crypto.getRandomValues(new Uint8Array(32))) }
    return {
      claimNumber,
      entitlementId: input.entitlementId.toLowerCase() as Hex,
      claimRef: claimRefOf(claimNumber),
      evidence,
      evidenceHash: evidenceHashOf(evidence),
      amount: input.amount === undefined ? null : input.amount.toString(),
      programId: input.programId === undefined ? null : input.programId.toString(),
    }
  }

  private commit(p: ReturnType<LedgerService['prepare']>): ClaimRecord {
    let claimId = 0
    const calldata = reliefCalldata('disburse', [p.entitlementId, p.evidenceHash, p.claimRef])
    this.lane.queue([{ purpose: 'claim', ref: p.claimNumber, calldata, gas: this.o.gasLimit ?? 300_000n }], ([intentId]) => {
      const intent = this.lane.get(intentId!)!
      claimId = this.store.insert(
        {
          claimNumber: p.claimNumber,
          contract: this.o.contract,
          chainId: this.o.chainId,
          entitlementId: p.entitlementId,
          claimRef: p.claimRef,
          evidenceHash: p.evidenceHash,
          evidenceJson: JSON.stringify(p.evidence),
          amount: p.amount,
          programId: p.programId,
        },
        intentId!,
        intent.txHash,
      )
    })
    const record = this.store.claim(claimId)!
    this.claimListeners.forEach((l) => l(record))
    return record
  }

  /**
   * Simulates the claim on the node, so a claim the contract would refuse is
   * refused on screen. Skipped while no endpoint answered its last call, and
   * short: the claim is durable in the outbox either way, and a halted node
   * must not keep a beneficiary waiting.
   */
  private async preflight(entitlementId: Hex, evidenceHash: Hex, claimRef: Hex): Promise<void> {
    if (!this.o.rpc.endpoints.some((e) => e.reachable)) {
      this.o.log.info('claim preflight skipped: no endpoint answered its last call')
      return
    }
    try {
      await this.o.rpc.request(
        'eth_call',
        [{ from: this.o.signer.address, to: this.o.contract, data: reliefCalldata('disburse', [entitlementId, evidenceHash, claimRef]) }, 'latest'],
        { timeoutMs: PREFLIGHT_TIMEOUT_MS },
      )
    } catch (e) {
      const revert = revertFromRpcError(e, 'disburse')
      if (revert) throw revert
      if (!(e instanceof RpcError)) throw e
      this.o.log.info('claim preflight skipped: node unreachable', { code: e.code })
    }
  }

  private emit(ids: number[]): void {
    if (this.claimListeners.size === 0) return
    for (const id of new Set(ids)) {
      const record = this.store.claim(id)
      if (record) this.claimListeners.forEach((l) => l(record))
    }
  }

  private async checkSettlements(): Promise<void> {
    if (this.settling) return
    this.settling = watchSettlements(this.o.rpc, this.store, this.o.contract)
      .then((ids) => this.emit(ids))
      .catch((e) => this.o.log.debug('settlement check failed', { error: e as Error }))
      .finally(() => (this.settling = null))
  }
}
