import fs from 'node:fs'

/**
 * Who a process is, beyond its pid: pids are reused, so a lock or a watchdog
 * also compares the start time (clock ticks since boot, /proc/<pid>/stat
 * field 22) and the boot id. On systems without /proc both are empty and only
 * the pid is compared.
 */
export interface ProcessIdentity {
  pid: number
  startTime: string
  bootId: string
}

const hasProc = process.platform === 'linux'

/** The identity of a running process, or null when no such process runs (a zombie counts as gone). */
export function identityOf(pid: number): ProcessIdentity | null {
  if (!hasProc) return signalZero(pid) ? { pid, startTime: '', bootId: '' } : null
  let stat: string
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return null
  }
  // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, starttime field 22.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  if (fields[0] === 'Z' || fields[0] === 'X') return null
  return { pid, startTime: fields[19] ?? '', bootId: bootId() }
}

/** True while the very process `id` names is running (same pid, same start, same boot). */
export function isRunning(id: ProcessIdentity): boolean {
  const now = identityOf(id.pid)
  return now !== null && now.startTime === id.startTime && now.bootId === id.bootId
}

let cachedBootId: string | null = null
function bootId(): string {
  if (cachedBootId === null) {
    try {
      cachedBootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    } catch {
      cachedBootId = ''
    }
  }
  return cachedBootId
}

function signalZero(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
