import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import type { Face } from '../../electron/common/contract'
import { spawnHost } from './host-process'
import { vi } from 'vitest'
import { groupPids } from './process-tree'

export interface HostReady {
  port: number
  urls: Record<Face, string>
  /** The ledger endpoints the host uses (the embedded node's URL on embedded defaults). */
  ledger: string[]
}

export interface HostGroup {
  readonly child: ChildProcess
  /** Its process group: the host and everything it started (the embedded node, its watchdog). */
  readonly pgid: number
  /** Resolves with each stage's announcement as it comes ('db', 'ledger', 'devices', 'ready'). */
  stage(name: string): Promise<Record<string, unknown>>
  readonly ready: Promise<HostReady>
  /** Resolves once the host process has exited. */
  readonly exited: Promise<void>
  stderr(): string
  /** SIGKILL of the whole process group, as a power cut; resolves when none of it is left. */
  killGroup(): Promise<void>
  /** SIGKILL of the host process alone (OOM killer, a crash); resolves when none of its group is left. */
  killHostOnly(): Promise<void>
  /** SIGTERM, the orderly stop; resolves with the exit code. */
  stop(): Promise<number | null>
}

/**
 * Starts the browser host (`npm run host`: tsx electron/host/main.ts) as the
 * leader of its own process group, so a test can kill all of it at once, at
 * any moment, even before it is ready.
 */
export function spawnHostGroup(env: Record<string, string>): HostGroup {
  const host = spawnHost(env, { detached: true })
  const { child, stderr } = host
  const pgid = child.pid!
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stages = new Map<string, { promise: Promise<Record<string, unknown>>; resolve: (m: Record<string, unknown>) => void }>()
  const slot = (name: string) => {
    let entry = stages.get(name)
    if (!entry) {
      let resolve!: (m: Record<string, unknown>) => void
      const promise = new Promise<Record<string, unknown>>((r) => (resolve = r))
      entry = { promise, resolve }
      stages.set(name, entry)
    }
    return entry
  }
  const ready = new Promise<HostReady>((resolve, reject) => {
    host.onAnnouncement((msg) => {
      if (msg.event === 'stage') slot(String(msg.stage)).resolve(msg)
      if (msg.event === 'ready') resolve({ port: msg.port as number, urls: msg.urls as Record<Face, string>, ledger: msg.ledger as string[] })
    })
    void exited.then(() => reject(new Error(`host exited (${child.exitCode ?? child.signalCode}) before ready; stderr:\n${stderr()}`)))
  })
  ready.catch(() => undefined)

  const gone = async () => {
    await exited
    await vi.waitFor(
      () => {
        const left = groupPids(pgid)
        if (left.length > 0) throw new Error(`processes of the host's group outlived it: ${left.map(commandOf).join('; ')}`)
      },
      { timeout: 30_000, interval: 20 },
    )
  }
  return {
    child,
    pgid,
    stage: (name) => slot(name).promise,
    ready,
    exited,
    stderr,
    killGroup: async () => {
      try {
        process.kill(-pgid, 'SIGKILL')
      } catch {
        // Already gone.
      }
      await gone()
    },
    killHostOnly: async () => {
      child.kill('SIGKILL')
      await gone()
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
      await gone()
      return child.exitCode
    },
  }
}

function commandOf(pid: number): string {
  try {
    return `${pid} ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 120)}`
  } catch {
    return String(pid)
  }
}
