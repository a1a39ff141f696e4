/**
 * Makes a child process die with this one. Node has no prctl(PR_SET_PDEATHSIG),
 * so a tiny `sh` holds a pipe from this process on its stdin: when this
 * process ends in any way (SIGKILL, OOM killer, crash) the kernel closes the
 * pipe, `read` sees end of file and the watchdog SIGKILLs the child, after
 * checking it is still the same process (pid and start time), not a reused
 * pid. Linux only; elsewhere it does nothing.
 *
 *   const dog = watchChild(child)   // right after spawn
 *   ...
 *   dog.dispose()                   // once the child has exited
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { identityOf } from './process-identity'

export interface Watchdog {
  /** The watchdog's pid, or null where there is none. */
  readonly pid: number | null
  /** Ends the watchdog without touching the child. */
  dispose(): void
}

// $1: pid, $2: its start time. `read` blocks until this process's end of the pipe closes.
const SCRIPT = [
  'read -r pid start || exit 0',
  'while read -r _; do :; done',
  'line=',
  'read -r line < "/proc/$pid/stat" 2>/dev/null || exit 0',
  'set -- ${line##*) }',
  '[ -z "$start" ] || [ "${20}" = "$start" ] || exit 0',
  'kill -9 "$pid" 2>/dev/null',
].join('\n')

export function watchChild(child: ChildProcess): Watchdog {
  if (process.platform !== 'linux' || child.pid === undefined) return { pid: null, dispose: () => undefined }
  const identity = identityOf(child.pid)
  const dog = spawn('/bin/sh', ['-c', SCRIPT, 'huimin-node-watchdog'], { stdio: ['pipe', 'ignore', 'ignore'] })
  dog.on('error', () => undefined)
  dog.stdin.on('error', () => undefined)
  dog.stdin.write(`${child.pid} ${identity?.startTime ?? ''}\n`)
  const dispose = () => {
    if (dog.exitCode === null && dog.signalCode === null) dog.kill('SIGKILL')
  }
  child.once('exit', dispose)
  return { pid: dog.pid ?? null, dispose }
}
