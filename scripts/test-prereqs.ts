/**
 * The Debian packages the test suite runs against (a real browser, real
 * ptys, udev, libusb, CJK fonts for receipts and screenshots), checked before
 * the tests: a missing one is named in one line with the command that
 * installs it, instead of 15 tests failing with cryptic errors. Run as root
 * with apt-get (as CI is), it installs them.
 *
 *   tsx scripts/test-prereqs.ts
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

interface Prerequisite {
  /** The Debian package that provides it. */
  debianPackage: string
  present(): boolean
}

const chromiumPath = process.env.HUIMIN_CHROMIUM ?? '/usr/bin/chromium'

const PREREQUISITES: Prerequisite[] = [
  { debianPackage: 'chromium', present: () => fs.existsSync(chromiumPath) },
  { debianPackage: 'socat', present: () => onPath('socat') },
  { debianPackage: 'udev', present: () => onPath('udevadm') },
  { debianPackage: 'libusb-1.0-0', present: () => libraryPresent('libusb-1.0.so.0') },
  { debianPackage: 'fonts-noto-cjk', present: () => cjkFontPresent() },
]

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && isExecutable(path.join(dir, command)))
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

function libraryPresent(soname: string): boolean {
  const dirs = ['/lib', '/usr/lib', '/lib64', '/usr/lib64', '/usr/local/lib']
  for (const dir of dirs) {
    if (fs.existsSync(path.join(dir, soname))) return true
    if (!fs.existsSync(dir)) continue
    // Debian's multiarch folders: /usr/lib/x86_64-linux-gnu, /usr/lib/aarch64-linux-gnu…
    for (const entry of fs.readdirSync(dir)) if (entry.endsWith('-linux-gnu') && fs.existsSync(path.join(dir, entry, soname))) return true
  }
  return false
}

function cjkFontPresent(): boolean {
  const answer = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' })
  if (answer.status === 0) return /Noto Sans CJK|Noto Serif CJK/i.test(answer.stdout)
  return fs.existsSync('/usr/share/fonts/opentype/noto')
}

const missing = PREREQUISITES.filter((p) => !p.present()).map((p) => p.debianPackage)
if (missing.length > 0) {
  const isRoot = process.getuid?.() === 0
  if (isRoot && onPath('apt-get')) {
    console.log(`test prerequisites: installing Debian packages ${missing.join(' ')}`)
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
    execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  } else {
    console.error(`test prerequisites missing: ${missing.join(', ')}; install them with: sudo apt-get install ${missing.join(' ')}`)
    process.exit(1)
  }
}
