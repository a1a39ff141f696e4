import fs from 'node:fs'

/** Below this much free space the data disk counts as full: SQLite and the log can no longer be relied on. */
export const FULL_BELOW_BYTES = 16 * 1024 * 1024
/** Below this the counter warns that the data disk is running low. */
export const LOW_BELOW_BYTES = 512 * 1024 * 1024

export type StorageState = 'ok' | 'low' | 'full'

export interface DiskSpace {
  /** Bytes an unprivileged process may still write (statfs bavail). */
  freeBytes: number
  totalBytes: number
}

/** Free and total space of the filesystem holding `dir`, which must exist. */
export function diskSpace(dir: string): DiskSpace {
  const s = fs.statfsSync(dir)
  return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize }
}

export function storageState(freeBytes: number): StorageState {
  if (freeBytes < FULL_BELOW_BYTES) return 'full'
  return freeBytes < LOW_BELOW_BYTES ? 'low' : 'ok'
}
