import { z } from 'zod'
import type { DeviceStatus } from '../../../hardware/common/device-status'
import { ALL_FACES, call, event } from './define'

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
/** The signed-in staff member's session (counter.signIn): printing and policy changes are journaled to a person. */
const session = z.string().regex(/^[0-9a-f]{64}$/)

export const printerCalls = {
  /** Asks the printer now (DLE EOT); the kiosk calls it before starting a claim. */
  'printer.status': call<PrinterStatusView>()({ faces: ALL_FACES, input: noInput }),
  'printer.preview': call<ReceiptPreviewView>()({ faces: ['counter'], input: noInput }),
  'printer.testPage': call<PrintJobView>()({ faces: ['counter'], input: z.object({ session }).strict() }),
  'printer.jobs': call<PrintJobView[]>()({ faces: ['counter'], input: noInput }),
  'printer.reprint': call<PrintJobView>()({ faces: ['counter'], input: z.object({ session, jobId: z.string().regex(/^P\d{6}$/) }).strict() }),
  'printer.receiptLater': call<PrinterStatusView>()({ faces: ['counter'], input: z.object({ session, allowed: z.boolean() }).strict() }),
}

export const printerEvents = {
  /** Sent whenever the printer's state or reason changes (paper near end is a staff alert). */
  'printer.status': event<DeviceStatus>(ALL_FACES),
}
