import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

/** The Electron executable when it is installed (it cannot be downloaded on every machine); never require('electron'). */
export function electronBinary(): string | null {
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const exe = path.join(dir, 'dist', fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim())
    return fs.existsSync(exe) ? exe : null
  } catch {
    return null
  }
}
