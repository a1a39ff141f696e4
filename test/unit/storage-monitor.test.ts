import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { StorageStatus } from '../../electron/common/contract/devices'
import { createLogger } from '../../electron/node/log/logger'
import { FULL_BELOW_BYTES, LOW_BELOW_BYTES } from '../../electron/node/storage/disk-space'
import { StorageMonitor } from '../../electron/node/storage/storage-monitor'
import { type SmallFs, mountSmallFs } from '../support/small-fs'

const MiB = 1024 * 1024
const disposers: Array<() => void> = []
afterEach(() =>
  disposers
    .splice(0)
    .reverse()
    .forEach((d) => d()),
)

/** A real tmpfs just over the "low" line, so every state can be reached by writing to it (needs root). */
const asRoot = process.getuid?.() === 0
function dataDisk(): SmallFs {
  const mounted = mountSmallFs({ sizeKiB: (LOW_BELOW_BYTES + 8 * MiB) / 1024 })
  if ('skip' in mounted) throw new Error(mounted.skip)
  disposers.push(() => mounted.dispose())
  return mounted
}

function monitorOn(dataDir: string, logProblem: () => string | null = () => null) {
  const changes: StorageStatus[] = []
  const monitor = new StorageMonitor({ dataDir, logProblem, onChange: (s) => changes.push(s) })
  disposers.push(() => monitor.dispose())
  return { monitor, changes }
}

const writeFile = (file: string, bytes: number) => fs.writeFileSync(file, Buffer.alloc(bytes, 0x78))

describe('StorageMonitor on a real small filesystem', () => {
  it.skipIf(!asRoot)('goes ok → low → full → low → ok as the data disk fills and is freed, passing on only real changes', () => {
    const disk = dataDisk()
    const { monitor, changes } = monitorOn(disk.path)
    const first = monitor.current()
    expect(first).toMatchObject({ dataDir: disk.path, state: 'ok', logProblem: null, totalBytes: LOW_BELOW_BYTES + 8 * MiB })
    expect(first.freeBytes).toBeGreaterThanOrEqual(LOW_BELOW_BYTES)
    expect(changes).toEqual([])

    writeFile(path.join(disk.path, 'small'), 100 * 1024) // less than 1 MiB moved: not worth an event
    expect(monitor.current().state).toBe('ok')
    expect(changes).toEqual([])

    writeFile(path.join(disk.path, 'exports.pdf'), 16 * MiB) // now under the low line
    const low = monitor.current()
    expect(low.state).toBe('low')
    expect(low.freeBytes).toBeLessThan(LOW_BELOW_BYTES)
    expect(low.freeBytes).toBeGreaterThanOrEqual(FULL_BELOW_BYTES)

    const filler = disk.fill() // ENOSPC: nothing left
    const full = monitor.current()
    expect(full.state).toBe('full')
    expect(full.freeBytes).toBeLessThan(FULL_BELOW_BYTES)

    fs.rmSync(filler)
    expect(monitor.current().state).toBe('low')
    fs.rmSync(path.join(disk.path, 'exports.pdf'))
    expect(monitor.current().state).toBe('ok')
    expect(changes.map((c) => c.state)).toEqual(['low', 'full', 'low', 'ok'])
  })

  it.skipIf(!asRoot)('counts the disk full while the log cannot be written for lack of space, whatever statfs says', () => {
    const disk = dataDisk()
    // A real log whose every write fails with ENOSPC (/dev/full), beside a data disk with room to spare.
    const log = createLogger({ file: '/dev/full', stderrLevel: 'error' })
    disposers.push(() => log.dispose())
    const { monitor, changes } = monitorOn(disk.path, () => log.fileProblem())
    expect(monitor.current()).toMatchObject({ state: 'ok', logProblem: null })

    log.info('claim recorded')
    expect(log.fileProblem()).toBe('ENOSPC')
    const status = monitor.current()
    expect(status).toMatchObject({ state: 'full', logProblem: 'ENOSPC' })
    expect(status.freeBytes).toBeGreaterThanOrEqual(LOW_BELOW_BYTES)
    expect(changes).toHaveLength(1)
  })
})
