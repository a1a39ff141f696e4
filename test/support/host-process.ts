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

/**
 * Starts the browser host (plain Node, through tsx) on a fresh data dir and
 * waits for its `ready` announcement. Extra environment variables override
 * the embedded defaults.
 */
export async function startHost(env: Record<string, string> = {}, options: { dataDir?: string } = {}): Promise<HostProcess> {
  const temp = options.dataDir ? null : makeTempDir('huimin-host-')
  const dataDir = options.dataDir ?? temp!.path
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, HUIMIN_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-20_000)))
  const announcements: Record<string, unknown>[] = []
  const stages: string[] = []

  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host not ready in 90 s; stderr:\n${stderr}`)), 90_000)
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      let msg: Record<string, unknown>
      try {
        msg = JSON.parse(line)
      } catch {
        return
      }
      announcements.push(msg)
      if (msg.event === 'stage') stages.push(String(msg.stage))
      if (msg.event === 'ready') {
        clearTimeout(timer)
        resolve(msg)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`host exited with ${code} before ready; stderr:\n${stderr}`))
    })
  })

  return {
    child,
    port: ready.port as number,
    urls: ready.urls as Record<Face, string>,
    dataDir,
    stages,
    announcements,
    stderr: () => stderr,
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
