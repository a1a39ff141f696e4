import { HEALTHY_STATUS_BYTE } from '../../common/escpos/status'

/** Conditions a simulated printer can be put in. */
export interface PrinterFaults {
  paperOut: boolean
  paperNearEnd: boolean
  coverOpen: boolean
  cutterError: boolean
}

export const NO_FAULTS: PrinterFaults = { paperOut: false, paperNearEnd: false, coverOpen: false, cutterError: false }

/**
 * The byte a printer in these conditions answers to `DLE EOT n`
 * (shared/hardware-protocols.md §3): out of paper gives 1A / 32 / 12 / 7E.
 */
export function statusByteFor(n: number, f: PrinterFaults): number {
  const offline = f.paperOut || f.coverOpen || f.cutterError
  let b = HEALTHY_STATUS_BYTE
  switch (n) {
    case 1:
      if (offline) b |= 0x08
      if (f.cutterError) b |= 0x20 // waiting for recovery
      break
    case 2:
      if (f.coverOpen) b |= 0x04
      if (f.paperOut) b |= 0x20
      if (f.cutterError) b |= 0x40
      break
    case 3:
      if (f.cutterError) b |= 0x08
      break
    case 4:
      if (f.paperNearEnd || f.paperOut) b |= 0x0c
      if (f.paperOut) b |= 0x60
      break
  }
  return b
}
