/**
 * The embedded node's chain state on disk: the current copy, the copy before
 * it, and a temp file. A write is atomic (temp file, fsync, rename; the
 * current copy becomes the previous one first), so a kill at any instant
 * leaves at least one complete copy. A start loads the newest copy that
 * parses, puts unreadable copies aside (never deleted) and says so in one log
 * line.
 *
 *   const files = chainStateFiles('/data/ledger/anvil-state.json')
 *   await writeChainState(files, json)
 *   const start = pickChainState(files, log)   // { file, block } or null: fresh chain
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from '../../log/logger'

export interface ChainStateFiles {
  current: string
  previous: string
  temp: string
}

export interface ChainStateCopy {
  file: string
  /** The last block the copy holds. */
  block: bigint
}

export function chainStateFiles(stateFile: string): ChainStateFiles {
  const ext = path.extname(stateFile)
  const base = stateFile.slice(0, stateFile.length - ext.length)
  return { current: stateFile, previous: `${base}.prev${ext}`, temp: `${stateFile}.tmp` }
}

/** Writes a complete state (anvil's JSON) as the current copy, keeping the one it replaces as the previous copy. */
export async function writeChainState(files: ChainStateFiles, json: Uint8Array): Promise<void> {
  const handle = await fs.promises.open(files.temp, 'w')
  try {
    await handle.writeFile(json)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await fs.promises.rename(files.current, files.previous)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
  await fs.promises.rename(files.temp, files.current)
  await syncDir(path.dirname(files.current))
}

/**
 * The copy to start from: the current one if it parses, else the previous
 * one, else null (a fresh chain). Copies that do not parse are renamed
 * `…unreadable-<time>` so the next write cannot rotate them over a good copy.
 */
export function pickChainState(files: ChainStateFiles, log?: Logger): ChainStateCopy | null {
  fs.rmSync(files.temp, { force: true })
  const problems: string[] = []
  const keptAs: string[] = []
  for (const file of [files.current, files.previous]) {
    const read = readCopy(file)
    if ('block' in read) {
      if (problems.length > 0)
        log?.warn(`chain state: ${problems.join('; ')}; starting from the previous copy ${file} at block ${read.block}`, {
          file,
          block: String(read.block),
          keptAs,
        })
      return { file, block: read.block }
    }
    if (read.problem === 'missing') {
      if (file === files.current && fs.existsSync(files.previous)) problems.push(`${file} is missing`)
      continue
    }
    problems.push(`${file} is unreadable (${read.problem})`)
    keptAs.push(setAside(file))
  }
  if (problems.length > 0)
    log?.warn(`chain state: ${problems.join('; ')}; no readable copy left, starting a fresh chain (unreadable copies kept as ${keptAs.join(', ')})`, { keptAs })
  return null
}

/** Puts a copy anvil would not load out of the way, for a person to look at. */
export function setAside(file: string): string {
  const aside = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`
  fs.renameSync(file, aside)
  return aside
}

function readCopy(file: string): { block: bigint } | { problem: string } {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { problem: 'missing' }
    return { problem: (e as Error).message }
  }
  let state: unknown
  try {
    state = JSON.parse(text)
  } catch (e) {
    return { problem: `${(e as Error).message}, ${text.length} bytes` }
  }
  const best = (state as { best_block_number?: unknown } | null)?.best_block_number
  const blocks = (state as { blocks?: unknown } | null)?.blocks
  if (!Array.isArray(blocks) || (typeof best !== 'number' && typeof best !== 'string')) return { problem: 'not an anvil state: no blocks or best_block_number' }
  return { block: BigInt(best) }
}

async function syncDir(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | null = null
  try {
    handle = await fs.promises.open(dir, 'r')
    await handle.sync()
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; the renames still happened.
  } finally {
    await handle?.close()
  }
}
