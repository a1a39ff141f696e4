import type { StorageStatus } from '../../common/contract/devices'
import { diskSpace, storageState } from './disk-space'
import { isStorageFull } from './storage-errors'

export interface StorageMonitorOptions {
  dataDir: string
  /** The log file's failing-write code (RootLogger.fileProblem). */
  logProblem: () => string | null
  /** Called with each reading that differs from the last one passed on. */
  onChange: (status: StorageStatus) => void
  intervalMs?: number
}

/** Free space that moves by less than this is not worth an event. */
const NOTICEABLE_BYTES = 1024 * 1024

/**
 * Reads the data disk's free space every `intervalMs` (default 10 s; statfs
 * costs microseconds) and reports changes. A log that cannot be written for
 * lack of space marks the disk full whatever statfs says (quotas, reserved blocks).
 */
export class StorageMonitor {
  /** The reading last passed on, which later ones are compared with. */
  private shown: StorageStatus
  private readonly timer: NodeJS.Timeout

  constructor(private readonly o: StorageMonitorOptions) {
    this.shown = this.read()
    this.timer = setInterval(() => this.current(), o.intervalMs ?? 10_000)
    this.timer.unref()
  }

  /** A fresh reading, passed on when it differs from the last one. */
  current(): StorageStatus {
    const now = this.read()
    const was = this.shown
    if (now.state !== was.state || now.logProblem !== was.logProblem || Math.abs(now.freeBytes - was.freeBytes) >= NOTICEABLE_BYTES) {
      this.shown = now
      this.o.onChange(now)
    }
    return now
  }

  dispose(): void {
    clearInterval(this.timer)
  }

  private read(): StorageStatus {
    const { freeBytes, totalBytes } = diskSpace(this.o.dataDir)
    const logProblem = this.o.logProblem()
    const state = isStorageFull({ code: logProblem }) ? 'full' : storageState(freeBytes)
    return { dataDir: this.o.dataDir, freeBytes, totalBytes, state, logProblem, checkedAt: Date.now() }
  }
}
