/**
 * An exclusive lock on one embedded node's chain state: a pid file created
 * with O_EXCL, naming the process that runs the node (the holder) and, once
 * started, the node process itself. A second start on the same data dir while
 * the holder runs is refused; a lock whose holder is gone is taken over with
 * one log line, after ending a node the dead holder left running.
 *
 *   const lock = await lockChainState(`${stateFile}.lock`, log)
 *   lock.recordNode(identityOf(anvilPid))
 *   lock.release()
 */
import fs from 'node:fs'
import { AppError } from '../../../common/result'
import type { Logger } from '../../log/logger'
import { type ProcessIdentity, identityOf, isRunning } from './process-identity'

export interface ChainStateLock {
  readonly file: string
  /** Adds the node's identity to the lock, so a later start can end a node this process left behind. */
  recordNode(node: ProcessIdentity | null): void
  /** Removes the lock if it is still ours. */
  release(): void
}

interface LockRecord {
  holder: ProcessIdentity
  node?: ProcessIdentity | null
}

export const LEDGER_NODE_IN_USE = 'LEDGER_NODE_IN_USE'

export async function lockChainState(file: string, log?: Logger): Promise<ChainStateLock> {
  const holder = identityOf(process.pid)!
  const mine: LockRecord = { holder }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeExclusive(file, JSON.stringify(mine))
      return handle(file, mine)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    const raw = readOrNull(file)
    if (raw === null) continue // released meanwhile
    const found = parseRecord(raw)
    if (found && isRunning(found.holder))
      throw new AppError(
        LEDGER_NODE_IN_USE,
        `the embedded ledger node's chain state in ${file.replace(/\.lock$/, '')} is in use by process ${found.holder.pid}; ` +
          'a second node on the same data dir is refused (is another Huimin instance running on this data dir?)',
      )
    if (found?.node && isRunning(found.node)) await endLeftoverNode(found.node)
    // Only remove the lock we judged: another starter may have taken it over meanwhile.
    if (readOrNull(file) !== raw) continue
    fs.rmSync(file, { force: true })
    log?.warn(`taking over the chain-state lock of process ${found?.holder.pid ?? '(unreadable lock)'}, which is no longer running`, {
      file,
      leftoverNode: found?.node?.pid ?? null,
    })
  }
  throw new AppError(LEDGER_NODE_IN_USE, `could not take the chain-state lock ${file}: another process keeps taking it`)
}

function handle(file: string, record: LockRecord): ChainStateLock {
  let released = false
  return {
    file,
    recordNode(node) {
      if (released) return
      record.node = node
      const temp = `${file}.${process.pid}.tmp`
      fs.writeFileSync(temp, JSON.stringify(record))
      fs.renameSync(temp, file)
    },
    release() {
      if (released) return
      released = true
      const found = parseRecord(readOrNull(file) ?? '')
      if (found && found.holder.pid === record.holder.pid && found.holder.startTime === record.holder.startTime) fs.rmSync(file, { force: true })
    },
  }
}

/** A node whose holder died (the watchdog could not end it): SIGKILL, then wait for it to be gone. */
async function endLeftoverNode(node: ProcessIdentity): Promise<void> {
  try {
    process.kill(node.pid, 'SIGKILL')
  } catch {
    return
  }
  const deadline = Date.now() + 5000
  while (isRunning(node) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
}

/** Creates `file` with its content in one step (a hard link of a finished temp file), failing with EEXIST if it exists. */
function writeExclusive(file: string, text: string): void {
  const temp = `${file}.${process.pid}.new`
  const fd = fs.openSync(temp, 'w')
  try {
    fs.writeSync(fd, text)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  try {
    fs.linkSync(temp, file)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw e
    // No hard links on this file system: create exclusively, then write (a reader may briefly see it empty).
    fs.writeFileSync(file, text, { flag: 'wx' })
  } finally {
    fs.rmSync(temp, { force: true })
  }
}

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  }
}

function parseRecord(raw: string): LockRecord | null {
  try {
    const r = JSON.parse(raw) as LockRecord
    return typeof r?.holder?.pid === 'number' ? r : null
  } catch {
    return null
  }
}
