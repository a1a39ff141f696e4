import type { ScannerCounters } from './frame-scanner'

/** The slice of the app logger drivers use (structurally the same as electron/node/log Logger). Never pass personal data. */
export interface DeviceLog {
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
}

export const silentLog: DeviceLog = { info() {}, warn() {} }

/**
 * Logs the growth of a decoder's error counters since the last call (garbage
 * bytes, checksum/length/header errors, truncated frames) as one warning, so
 * bad input on the wire is visible in the log without one line per byte.
 */
export function counterGrowthLogger(log: DeviceLog, what: string, counters: Readonly<ScannerCounters>) {
  let last: Record<string, number> = { ...counters }
  return () => {
    const grown: Record<string, number> = {}
    for (const [name, value] of Object.entries(counters)) if (name !== 'frames' && value > (last[name] ?? 0)) grown[name] = value - (last[name] ?? 0)
    last = { ...counters }
    if (Object.keys(grown).length) log.warn(`${what}: bad input on the wire, resynced`, grown)
  }
}
