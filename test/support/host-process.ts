import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { Face } from '../../electron/common/contract'
import { makeTempDir } from './temp-dir'

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface HostProcess {
  child: ChildProcess
  port: number
  urls: Record<Face, string>
  dataDir: string
  stages: string[]
  /** Every JSON line the host announced, in order. */
  announcements: Record<string, unknown>[]
  stderr: () => string
  /** SIGTERM, wait for exit; returns the exit code. */
  stop(): Promise<number | null>
}

/** A host process as spawned: its stderr tail and every JSON line it announced on stdout. */
export interface SpawnedHost {
  child: ChildProcess
  /** Every JSON line the host announced, in order. */
  announcements: Record<string, unknown>[]
  /** Calls back with each announcement from now on. */
  onAnnouncement(listener: (msg: Record<string, unknown>) => void): void
  stderr: () => string
}

/**
 * Spawns the browser host (plain Node, through tsx: what `npm run host` runs)
 * and reads its announcements. `detached` makes it the leader of its own
 * process group, so a test can kill all of it at once.
 */
export function spawnHost(env: Record<string, string>, options: { detached?: boolean } = {}): SpawnedHost {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  })
  let stderr = ''
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-20_000)))
  const announcements: Record<string, unknown>[] = []
  const listeners: ((msg: Record<string, unknown>) => void)[] = []
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    let msg: Record<string, unknown>
    try {
      msg = JSON.parse(line)
    } catch {
      return
    }
    announcements.push(msg)
    for (const listener of listeners) listener(msg)
  })
  return { child, announcements, onAnnouncement: (listener) => listeners.push(listener), stderr: () => stderr }
}

/**
 * Starts the browser host on a fresh data dir and waits for its `ready`
 * announcement. Extra environment variables override the embedded defaults.
 */
export async function startHost(env: Record<string, string> = {}, options: { dataDir?: string } = {}): Promise<HostProcess> {
  const temp = options.dataDir ? null : makeTempDir('huimin-host-')
  const dataDir = options.dataDir ?? temp!.path
  const host = spawnHost({ HUIMIN_DATA_DIR: dataDir, ...env })
  const { child, stderr } = host
  const stages: string[] = []

  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host not ready in 90 s; stderr:\n${stderr()}`)), 90_000)
    host.onAnnouncement((msg) => {
      if (msg.event === 'stage') stages.push(String(msg.stage))
      if (msg.event === 'ready') {
        clearTimeout(timer)
        resolve(msg)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`host exited with ${code} before ready; stderr:\n${stderr()}`))
    })
  })

  return {
    child,
    port: ready.port as number,
    urls: ready.urls as Record<Face, string>,
    dataDir,
    stages,
    announcements: host.announcements,
    stderr,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode)
        child.once('exit', (code) => {
          temp?.remove()
          resolve(code)
        })
        child.kill('SIGTERM')
      }),
  }
}
