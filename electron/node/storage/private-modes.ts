import fs from 'node:fs'
import path from 'node:path'

const DIR_MODE = 0o700
const FILE_MODE = 0o600

/** What tightenModes changed: entries made private, and entries it could not change (another owner). */
export interface TightenedModes {
  tightened: number
  failed: number
}

/**
 * Makes everything under `dir` (and `dir` itself) private to this user:
 * dirs 0700, files 0600, for a data dir made before the app set its umask or
 * by hand. Symlinks are left alone and not followed. No-op on Windows, where
 * POSIX modes mean nothing. Never throws: a failure is counted.
 */
export function tightenModes(dir: string, platform = process.platform): TightenedModes {
  const out: TightenedModes = { tightened: 0, failed: 0 }
  if (platform === 'win32') return out
  const visit = (at: string) => {
    let stat: fs.Stats
    try {
      stat = fs.lstatSync(at)
    } catch {
      return void out.failed++
    }
    if (stat.isSymbolicLink()) return
    const mode = stat.isDirectory() ? DIR_MODE : FILE_MODE
    if ((stat.mode & 0o777 & ~mode) !== 0) {
      try {
        fs.chmodSync(at, stat.mode & 0o777 & mode)
        out.tightened++
      } catch {
        out.failed++
      }
    }
    if (!stat.isDirectory()) return
    let names: string[]
    try {
      names = fs.readdirSync(at)
    } catch {
      return void out.failed++
    }
    for (const name of names) visit(path.join(at, name))
  }
  visit(dir)
  return out
}
