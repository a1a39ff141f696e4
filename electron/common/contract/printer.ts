import { z } from 'zod'
import type { DeviceStatus } from '../../../hardware/common/device-status'
import { ALL_FACES, ANY_STAFF, DESK, call, event, withSession } from './define'

/** The printer as screens see it; `reason` is translated as `printer.reason.<CODE>`. */
export interface PrinterStatusView {
  status: DeviceStatus
  /** A receipt can be printed now (online, or paper near end). */
  canPrint: boolean
  /** Staff allowed claims without a receipt for now ("receipt later"). */
  receiptLater: boolean
  /** The kiosk may start a claim: canPrint or receiptLater. */
  mayStartClaim: boolean
}

/** One print job in the staff job list (no personal data). */
export interface PrintJobView {
  id: string
  kind: 'claim' | 'reprint' | 'complaint' | 'dayClose' | 'testPage'
  ref: string | null
  state: 'printing' | 'printed' | 'failed'
  error: { code: string; message: string; reason: string | null } | null
  bytes: number
  replacedChars: number
  createdAt: number
  finishedAt: number | null
  elapsedMs: number | null
  reprintable: boolean
}

/** The last printed job as the paper looks: PNG data URL, its text lines and QR payloads. */
export interface ReceiptPreviewView {
  jobId: string
  png: string
  lines: string[]
  qrPayloads: string[]
}

const noInput = z.object({}).strict()
const jobId = z.string().regex(/^P\d{6}$/)

/** Printing and policy changes need a signed-in staff member (counter.signIn) and are journaled to them. */
export const printerCalls = {
  /** Asks the printer now (DLE EOT); the kiosk calls it before starting a claim. */
  'printer.status': call<PrinterStatusView>()({ faces: ALL_FACES, staff: 'none', input: noInput }),
  /** The last receipt as printed (a beneficiary's masked name and ID, amounts): for the desk only. */
  'printer.preview': call<ReceiptPreviewView>()({ faces: ['counter'], staff: DESK, input: withSession({}) }),
  'printer.testPage': call<PrintJobView>()({ faces: ['counter'], staff: ANY_STAFF, input: withSession({}) }),
  'printer.jobs': call<PrintJobView[]>()({ faces: ['counter'], staff: ANY_STAFF, input: withSession({}) }),
  'printer.reprint': call<PrintJobView>()({ faces: ['counter'], staff: DESK, input: withSession({ jobId }) }),
  'printer.receiptLater': call<PrinterStatusView>()({ faces: ['counter'], staff: ['supervisor'], input: withSession({ allowed: z.boolean() }) }),
}

export const printerEvents = {
  /** Sent whenever the printer's state or reason changes (paper near end is a staff alert). */
  'printer.status': event<DeviceStatus>(ALL_FACES, { latest: true }),
}
