/**
 * Who can read the data dir: the SQLite store (and its -wal and -shm), the
 * log, the embedded chain's state and the sealed keys are this user's only.
 * The host runs on a data dir made by an older version, open to all (0755
 * dirs, 0644 files): every dir ends 0700 and every file 0600, those made
 * before start and those made after, and one log line says it was fixed.
 * Before the fix the store, log and chain state were 0644 in 0755 dirs.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { makeRendererDir } from '../support/fixture-renderer'
import { type HostProcess, startHost } from '../support/host-process'
import { makeTempDir } from '../support/temp-dir'

let temp: ReturnType<typeof makeTempDir>
let renderer: ReturnType<typeof makeRendererDir>
let dataDir: string
let outsideFile: string
let host: HostProcess

beforeAll(async () => {
  temp = makeTempDir('huimin-modes-')
  renderer = makeRendererDir()
  dataDir = path.join(temp.path, 'data')
  fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true, mode: 0o755 })
  fs.chmodSync(dataDir, 0o755)
  fs.writeFileSync(path.join(dataDir, 'config.json'), '{"township":"410122101"}', { mode: 0o644 })
  fs.writeFileSync(path.join(dataDir, 'logs', 'huimin.log'), '', { mode: 0o644 })
  // A link out of the data dir is neither followed nor changed.
  outsideFile = path.join(temp.path, 'shared.txt')
  fs.writeFileSync(outsideFile, 'shared', { mode: 0o644 })
  fs.symlinkSync(outsideFile, path.join(dataDir, 'shared-link'))
  host = await startHost({ HUIMIN_RENDERER_DIR: renderer.path }, { dataDir })
})
afterAll(async () => {
  await host?.stop()
  renderer?.remove()
  temp?.remove()
})

/** Every entry under the data dir (itself included) whose mode lets group or others in, as `path mode`. */
function openEntries(): string[] {
  const open: string[] = []
  const visit = (at: string) => {
    const stat = fs.lstatSync(at)
    if (stat.isSymbolicLink()) return
    if ((stat.mode & 0o077) !== 0) open.push(`${path.relative(dataDir, at) || '.'} ${(stat.mode & 0o777).toString(8)}`)
    if (stat.isDirectory()) for (const name of fs.readdirSync(at)) visit(path.join(at, name))
  }
  visit(dataDir)
  return open
}

it('makes the store, its WAL files, the log, the chain state and the keys private while running', () => {
  for (const file of ['huimin.sqlite', 'huimin.sqlite-wal', 'huimin.sqlite-shm', 'logs/huimin.log', 'ledger/anvil-state.json', 'keys/terminal-key.json'])
    expect(fs.statSync(path.join(dataDir, file)).mode & 0o777, file).toBe(0o600)
  expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700)
  expect(openEntries()).toEqual([])
})

it('says so in one log line, and leaves what a link points at alone', () => {
  const lines = fs
    .readFileSync(path.join(dataDir, 'logs', 'huimin.log'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { msg: string; tightened?: number })
  const said = lines.filter((l) => l.msg.includes('tightened'))
  expect(said).toHaveLength(1)
  expect(said[0]!.tightened).toBe(4)
  expect(fs.statSync(outsideFile).mode & 0o777).toBe(0o644)
})

it('keeps everything private after a stop, when the chain state is saved again', async () => {
  expect(await host.stop()).toBe(0)
  expect(openEntries()).toEqual([])
})
