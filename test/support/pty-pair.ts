import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface PtyPair {
  /** Directory holding the two links (a fresh temp dir unless one was given). */
  readonly dir: string
  /** Path of end A (e.g. the device/simulator side). */
  readonly a: string
  /** Path of end B (e.g. the host/driver side). */
  readonly b: string
  /** Simulates an unplug: stops socat (which deletes both links) and waits for it to exit. */
  kill(): Promise<void>
  /** Plugs back in: a new socat with the same link paths. */
  restart(): Promise<void>
  /** Stops socat, waits for it, removes the temp dir (if this created it). */
  dispose(): Promise<void>
}

/**
 * A virtual null-modem cable: `socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B`.
 * Resolves once socat reports its transfer loop and both links exist.
 */
export async function createPtyPair(options: { dir?: string; timeoutMs?: number } = {}): Promise<PtyPair> {
  const ownsDir = !options.dir
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'pty-'))
  const a = join(dir, 'A')
  const b = join(dir, 'B')
  const timeoutMs = options.timeoutMs ?? 5000
  let child: ChildProcess | null = await startSocat(a, b, timeoutMs)

  const stop = async () => {
    const c = child
    child = null
    if (!c || c.exitCode !== null || c.signalCode !== null) return
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()))
    c.kill('SIGTERM')
    await exited
  }

  return {
    dir,
    a,
    b,
    kill: stop,
    async restart() {
      await stop()
      child = await startSocat(a, b, timeoutMs)
    },
    async dispose() {
      await stop()
      if (ownsDir) rmSync(dir, { recursive: true, force: true })
    },
  }
}

function startSocat(a: string, b: string, timeoutMs: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    let loopStarted = false
    const deadline = Date.now() + timeoutMs
    const fail = (error: Error) => {
      clearInterval(poll)
      child.kill('SIGKILL')
      reject(error)
    }
    const poll = setInterval(() => {
      if (loopStarted && existsSync(a) && existsSync(b)) {
        clearInterval(poll)
        child.off('exit', onEarlyExit)
        resolve(child)
      } else if (Date.now() > deadline) {
        fail(new Error(`socat did not create ${a} and ${b} within ${timeoutMs} ms: ${stderr.trim()}`))
      }
    }, 10)
    const onEarlyExit = (code: number | null) => {
      clearInterval(poll)
      reject(new Error(`socat exited early (code ${code}): ${stderr.trim()}`))
    }
    child.once('exit', onEarlyExit)
    child.once('error', (error) => fail(error))
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (text: string) => {
      if (stderr.length < 4000) stderr += text
      if (text.includes('starting data transfer loop')) loopStarted = true
    })
  })
}
