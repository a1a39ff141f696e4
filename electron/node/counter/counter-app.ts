/**
 * Builds every counter service from what the app already has. The one thing
 * the composition root calls:
 *
 *   const counter = createCounter({ db, rpc, log, config, contract, ledger, box, cards, printer, kioskAddress, operatorSigner, stationSigner, onProgress })
 *   counter.start()
 *   if (config.demo) await counter.seedDemo()
 *   ...createCounterHandlers(counter)
 *   await counter.dispose()
 */
import path from 'node:path'
import type { CounterProgress } from '../../common/contract/counter'
import type { ClaimRecord } from '../../common/ledger/claims'
import type { Hex } from '../../common/ledger/hex'
import { terminalLabel } from '../../common/receipt/labels'
import type { ClaimReceiptData, DayCloseData } from '../../common/receipt/types'
import { AppError } from '../../common/result'
import type { AppConfig } from '../config/config'
import type { Db } from '../db/database'
import type { ClaimInput } from '../ledger/ledger-service'
import type { RegionalKeys } from '../ledger/keys/regional-keys'
import type { SecretBox } from '../ledger/keys/secret-box'
import type { DurableHead } from '../ledger/durable-head'
import type { TxSigner } from '../ledger/keys/signer'
import { OutboxLane } from '../ledger/outbox/outbox-lane'
import { OutboxStore } from '../ledger/outbox/outbox-store'
import type { SubmitterHealth } from '../ledger/outbox/submitter'
import type { RpcClient } from '../ledger/rpc-client'
import type { Logger } from '../log/logger'
import { AssistedClaims } from './assisted-claims'
import { BatchService } from './batches'
import { listComplaints } from './complaints-list'
import { BeneficiaryService } from './beneficiaries'
import { DayCloseService } from './day-close'
import { FieldCipher } from './field-cipher'
import { Journal } from './journal'
import { LedgerWatch } from './ledger-watch'
import { PeopleStore } from './people'
import { ProgramDirectory } from './programs'
import { ReprintService } from './reprints'
import { type CardReader, StaffAuth } from './staff-auth'
import { TerminalService } from './terminals'
import { DEMO_VILLAGES, VillageTable } from './villages'

/** The part of LedgerService the counter uses. */
export interface CounterLedger {
  readonly address: Hex
  claim(input: ClaimInput): Promise<ClaimRecord>
  status(claimId: number): ClaimRecord | null
  byClaimNumber(claimNumber: string): ClaimRecord | null
  list(filter: { limit?: number }): ClaimRecord[]
  retry(claimId: number): Promise<ClaimRecord>
  health(): SubmitterHealth
  onHealth(listener: (h: SubmitterHealth) => void): () => void
  /** What the node has saved (embedded node only): the counter's lanes confirm nothing beyond it either. */
  readonly durableHead?: DurableHead
}

/** The part of ReceiptJobService the counter uses. */
export interface CounterPrinter {
  reprintClaim(claim: ClaimReceiptData): Promise<{ id: string; state: string }>
  printDayClose(day: DayCloseData): Promise<{ id: string; state: string }>
}

export interface CounterDeps {
  db: Db
  rpc: RpcClient
  log: Logger
  config: Pick<AppConfig, 'dataDir' | 'township' | 'demo'> & Partial<Pick<AppConfig, 'terminalName'>> & { ledger: Pick<AppConfig['ledger'], 'chainId'> }
  /** The regional key ring (sealed in the data dir): commitments of staff and beneficiaries. */
  regionalKeys: RegionalKeys
  contract: Hex
  ledger: CounterLedger
  /** The SecretBox that seals the terminal key; seals the counter's data key too. */
  box: SecretBox
  /** The card on the reader now (device manager adapter). */
  cards: CardReader
  printer: CounterPrinter
  /** This kiosk's terminal address (LedgerService.address). */
  kioskAddress: Hex
  /** Holds APPROVER (approvals) and, to register terminals, ADMIN. Demo: DEMO_ADMIN_KEY. */
  operatorSigner: TxSigner
  /** The counter station's own key, registered as a terminal of the township: day closes. */
  stationSigner: TxSigner
  amountCapFen?: number
  /** The chain's block period (ms; 0 = automining dev node): paces the counter's outbox lanes. */
  blockTimeMs?: number
  onProgress?: (p: CounterProgress) => void
}

export type CounterApp = ReturnType<typeof createCounter>

export function createCounter(d: CounterDeps) {
  const log = d.log.child('counter')
  const cipher = FieldCipher.open(d.db, d.box)
  const journal = new Journal(d.db)
  const people = new PeopleStore(d.db, cipher)
  people.commitUnder(d.regionalKeys)
  const villages = new VillageTable(d.db, d.config.township)
  const programs = new ProgramDirectory(d.rpc, d.contract)
  const outbox = new OutboxStore(d.db)
  const laneOf = (signer: TxSigner) =>
    new OutboxLane({
      store: outbox,
      rpc: d.rpc,
      signer,
      chainId: d.config.ledger.chainId,
      target: d.contract,
      log,
      blockTimeMs: d.blockTimeMs,
      durableHead: d.ledger.durableHead,
    })
  const operator = laneOf(d.operatorSigner)
  const station = laneOf(d.stationSigner)
  const watch = new LedgerWatch([d.ledger, operator, station])
  const auth = new StaffAuth({ db: d.db, cipher, keys: d.regionalKeys, journal, cards: d.cards })
  const batches = new BatchService({
    db: d.db,
    outbox: operator,
    people,
    villages,
    programs,
    journal,
    commitmentOf: (id) => d.regionalKeys.commitmentOf(id),
    township: d.config.township,
    amountCapFen: d.amountCapFen,
    onProgress: d.onProgress,
  })
  const beneficiaries = new BeneficiaryService({
    db: d.db,
    rpc: d.rpc,
    contract: d.contract,
    cards: d.cards,
    ledger: d.ledger,
    people,
    villages,
    programs,
    journal,
    keys: d.regionalKeys,
  })
  // A session's unfinished import and the person it looked up go when the session does.
  auth.onSessionEnd((token) => {
    batches.dropImportsOf(token)
    beneficiaries.forget(token)
  })
  const terminalId = terminalLabel(d.kioskAddress, d.config.terminalName ?? null)
  const assisted = new AssistedClaims({ auth, beneficiaries, programs, ledger: d.ledger, journal })
  const terminals = new TerminalService({
    rpc: d.rpc,
    contract: d.contract,
    chainId: d.config.ledger.chainId,
    township: d.config.township,
    kioskAddress: d.kioskAddress,
    operator,
    station,
    journal,
  })
  const reprints = new ReprintService({
    db: d.db,
    ledger: d.ledger,
    people,
    beneficiaries,
    programs,
    journal,
    printer: d.printer,
    township: d.config.township,
    terminalId,
  })
  const dayClose = new DayCloseService({
    db: d.db,
    rpc: d.rpc,
    contract: d.contract,
    township: d.config.township,
    terminalId,
    ledger: d.ledger,
    station,
    programs,
    journal,
    printer: d.printer,
    exportDir: path.join(d.config.dataDir, 'exports'),
  })
  let sweep: NodeJS.Timeout | null = null

  return {
    auth,
    journal,
    people,
    villages,
    programs,
    operator,
    station,
    watch,
    batches,
    beneficiaries,
    assisted,
    terminals,
    reprints,
    dayClose,
    ledger: d.ledger,
    complaints: () => listComplaints(d.db),
    start(): void {
      operator.start()
      station.start()
      sweep = setInterval(() => auth.sweep(), 30_000)
    },
    /**
     * Demo mode only: the three staff cards of the demo deck with PIN 123456,
     * the township's villages, and the counter station registered as a
     * terminal of the township (queued with the demo admin key). Idempotent.
     */
    async seedDemo(staff: { name: string; idNumber: string; staffRole?: 'clerk' | 'supervisor' | 'technician' }[]): Promise<void> {
      if (!d.config.demo) throw new AppError('COUNTER_NOT_DEMO', 'demo seeding outside demo mode')
      villages.seed(DEMO_VILLAGES.filter((v) => v.code.startsWith(d.config.township)))
      for (const s of staff) {
        if (!s.staffRole) continue
        if (!auth.isEnrolled(s.idNumber)) await auth.enrol({ name: s.name, idNumber: s.idNumber }, s.staffRole, '123456', 'system')
      }
      terminals.registerStation('system').catch((e: unknown) => log.warn('counter station not registered', { error: String(e) }))
    },
    async dispose(): Promise<void> {
      if (sweep) clearInterval(sweep)
      watch.dispose()
      await operator.dispose()
      await station.dispose()
    },
  }
}
