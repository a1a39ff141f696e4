/**
 * The log cannot fill the data disk: past 5 MiB the file is rotated, three
 * old files are kept, no line is torn or lost across a rotation, and every
 * file is private (0600) whatever the umask. Before the fix one file grew
 * for ever (25 MiB written: one 25 MiB file). Real files in a temp dir.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { createLogger } from '../../electron/node/log/logger'
import { makeTempDir } from '../support/temp-dir'

let dir: ReturnType<typeof makeTempDir>
beforeEach(() => {
  dir = makeTempDir('huimin-log-')
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
})
afterEach(() => {
  vi.restoreAllMocks()
  dir.remove()
})

const MiB = 1 << 20

it('keeps at most 5 MiB in the log and three old files of at most 5 MiB after 25 MiB written', () => {
  const file = path.join(dir.path, 'huimin.log')
  const log = createLogger({ file, stderrLevel: 'error' })
  const note = 'x'.repeat(400)
  let n = 0
  for (let written = 0; written < 25 * MiB; written += 480) log.info('claim queued', { n: n++, note })
  log.dispose()

  expect(fs.readdirSync(dir.path).sort()).toEqual(['huimin.log', 'huimin.log.1', 'huimin.log.2', 'huimin.log.3'])
  const kept: number[] = []
  for (const name of ['huimin.log.3', 'huimin.log.2', 'huimin.log.1', 'huimin.log']) {
    const at = path.join(dir.path, name)
    expect(fs.statSync(at).size, name).toBeLessThanOrEqual(5 * MiB)
    expect(fs.statSync(at).mode & 0o777, name).toBe(0o600)
    // Whole JSON lines only: a rotation falls between two lines.
    for (const line of fs.readFileSync(at, 'utf8').trimEnd().split('\n')) kept.push((JSON.parse(line) as { n: number }).n)
  }
  expect(kept.at(-1)).toBe(n - 1)
  expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => kept[0]! + i))
  expect(fs.statSync(path.join(dir.path, 'huimin.log.3')).size).toBeGreaterThan(4 * MiB)
})

it('goes on writing to the same file when a rotation fails, and says so', () => {
  const file = path.join(dir.path, 'huimin.log')
  // A directory where the first old file would go: renaming the log onto it fails.
  fs.mkdirSync(`${file}.1`)
  fs.writeFileSync(path.join(`${file}.1`, 'keep'), '')
  const log = createLogger({ file, stderrLevel: 'error', rotation: { maxBytes: 64 * 1024, keep: 1 } })
  for (let n = 0; n < 1000; n++) expect(() => log.info('line', { n, note: 'y'.repeat(200) })).not.toThrow()
  log.dispose()
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n')
  expect(lines).toHaveLength(1000)
  const reports = vi.mocked(process.stderr.write).mock.calls.map(([l]) => JSON.parse(String(l)) as { msg: string })
  expect(reports.length).toBeGreaterThan(0)
  expect(reports.every((r) => r.msg === 'log file rotation failed; writing on in the same file')).toBe(true)
})
