import type { DeviceManager } from '../../../hardware/device-manager'
import { terminalLabel } from '../../common/receipt/labels'
import type { OutboxLane } from '../ledger/outbox/outbox-lane'
import type { Db } from '../db/database'
import type { EventBus } from '../ipc/event-bus'
import { ComplaintService } from '../kiosk/complaints'
import { cardSourceFrom, deviceSummaryFrom, fingerVerifierFrom } from '../kiosk/device-adapters'
import { KioskSession } from '../kiosk/kiosk-session'
import { ledgerPortsFrom } from '../kiosk/ledger-adapters'
import { receiptPrinterFrom } from '../kiosk/printer-adapter'
import type { EntitlementIndex } from '../ledger/entitlement-index'
import type { RegionalKeys } from '../ledger/keys/regional-keys'
import type { LedgerService } from '../ledger/ledger-service'
import type { Logger } from '../log/logger'
import type { ReceiptJobService } from '../printing/receipt-job-service'
import type { DisposeScope } from './dispose-scope'

export interface KioskWiring {
  devices: DeviceManager
  receipts: ReceiptJobService
  ledger: LedgerService
  index: EntitlementIndex
  regionalKeys: RegionalKeys
  township: string
  /** HUIMIN_TERMINAL_NAME: printed before the terminal's address on receipts. */
  terminalName: string | null
  idleSec: number
  finishSec: number
  /** Cards the kiosk leaves alone (staff sign in at the counter with them). */
  isStaffCard: (idNumber: string) => boolean
  log: Logger
  bus: EventBus
  scope: DisposeScope
}

/** The beneficiary's self-service session over the real devices, ledger and printer. */
export function wireKiosk(w: KioskWiring): KioskSession {
  const cards = cardSourceFrom(w.devices)
  const { entitlements, claims } = ledgerPortsFrom(w.ledger, w.index, w.regionalKeys)
  const session = new KioskSession({
    cards: {
      ...cards,
      onCardPlaced: (listener) => cards.onCardPlaced((card) => !w.isStaffCard(card.idNumber) && listener(card)),
    },
    finger: fingerVerifierFrom(w.devices),
    entitlements,
    claims,
    printer: receiptPrinterFrom(w.receipts, { township: w.township, terminalId: () => terminalLabel(w.ledger.address, w.terminalName) }),
    devices: deviceSummaryFrom(w.devices),
    log: w.log.child('kiosk'),
    receiptLaterAllowed: () => w.receipts.receiptLaterAllowed,
    idleResetMs: w.idleSec * 1000,
    idleWarningMs: (w.idleSec - 15) * 1000,
    finishMs: w.finishSec * 1000,
    onView: (view) => w.bus.emit('kiosk.view', view),
  })
  w.scope.add(() => session.dispose())
  return session
}

/** Complaints made at the kiosk; filed on chain with the counter station's terminal key, never the kiosk's claim key. */
export function wireComplaints(w: {
  db: Db
  station: OutboxLane
  receipts: ReceiptJobService
  ledger: LedgerService
  township: string
  terminalName: string | null
  log: Logger
}): ComplaintService {
  return new ComplaintService({
    db: w.db,
    station: w.station,
    receipts: w.receipts,
    township: w.township,
    terminalId: () => terminalLabel(w.ledger.address, w.terminalName),
    log: w.log.child('complaints'),
  })
}
