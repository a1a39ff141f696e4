import fs from 'node:fs'
import path from 'node:path'
import { FULL_BELOW_BYTES, diskSpace } from './disk-space'
import { isStorageFull } from './storage-errors'

/** The data dir cannot hold the app's files; the message is the one line start-up prints. */
export class DataDirError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause })
    this.name = 'DataDirError'
  }
}

/**
 * Makes the data dir and its `subdirs`, one level at a time: a recursive
 * mkdir on a read-only filesystem fails with a misleading ENOENT (Node 20),
 * a single-level one with the real EROFS or EACCES.
 */
export function prepareDataDir(dataDir: string, subdirs: readonly string[]): void {
  for (const dir of [dataDir, ...subdirs.map((s) => path.join(dataDir, s))]) onDataDir(dataDir, () => makeDirs(dir))
}

/** Runs `open` (the log, the SQLite file), telling a failure that comes from the data dir's disk as such. */
export function onDataDir<T>(dataDir: string, open: () => T): T {
  try {
    return open()
  } catch (e) {
    throw explainDataDirFailure(e, dataDir)
  }
}

/**
 * A read-only dir or a full disk as a DataDirError that says so, keeping the
 * original error's code and message; any other error comes back unchanged.
 * SQLite on a full disk often says only "disk I/O error" (it cannot map its
 * WAL index), so an I/O error with under FULL_BELOW_BYTES free counts as full.
 */
export function explainDataDirFailure(error: unknown, dataDir: string): unknown {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return error
  const detail = `${code}: ${(error as Error).message}`
  if (code === 'EROFS') return new DataDirError(`the data dir ${dataDir} is read-only: it is on a read-only filesystem (${detail})`, error)
  if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_READONLY')
    return new DataDirError(`the data dir ${dataDir} is read-only for this user: give it write permission (${detail})`, error)
  const free = freeBytes(dataDir)
  const ioError = code === 'EIO' || code.startsWith('SQLITE_IOERR')
  if (isStorageFull(error) || (ioError && free !== null && free < FULL_BELOW_BYTES))
    return new DataDirError(
      `the disk holding the data dir ${dataDir} is full${free === null ? '' : ` (${free} bytes free)`}: free some space and start again (${detail})`,
      error,
    )
  return error
}

function makeDirs(dir: string): void {
  const missing: string[] = []
  for (let at = path.resolve(dir); !fs.existsSync(at); at = path.dirname(at)) missing.unshift(at)
  for (const level of missing) fs.mkdirSync(level)
}

/** Null when even statfs fails (the dir is gone). */
function freeBytes(dir: string): number | null {
  try {
    return diskSpace(dir).freeBytes
  } catch {
    return null
  }
}
