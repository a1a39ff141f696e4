import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Logger } from '../log/logger'
import { type ChainStateLock, lockChainState } from './anvil/state-lock'
import { type ChainStateCopy, chainStateFiles, pickChainState, setAside } from './anvil/state-file'
import { ChainStateSaver } from './anvil/state-saver'
import { identityOf } from './anvil/process-identity'
import { type Watchdog, watchChild } from './anvil/watchdog'
import { httpPost } from './http-post'
import { RpcClient } from './rpc-client'

export interface AnvilOptions {
  /** Seconds between blocks, as the consortium chain runs; 0 means automine (one block per transaction). */
  blockTimeSec: number
  chainId: number
  /**
   * Where the chain is saved (after every block, atomically, with the copy
   * before it kept) and reloaded, so a restart keeps it. Locked for as long as
   * the node runs. Omit for a throw-away chain.
   */
  stateFile?: string
  /** 0 picks a free port. */
  port?: number
  /** Extra command-line arguments (tests). */
  extraArgs?: string[]
  /** Start-up fallbacks, lock take-overs and failed saves are logged here. */
  log?: Logger
}

export interface AnvilNode {
  readonly url: string
  readonly port: number
  /** The anvil process itself. */
  readonly pid: number
  /** True when the chain is saved to a state file; a throw-away chain never has a durable head. */
  readonly persistent: boolean
  /** The highest block known to be saved: a restart reloads at least this block. Null before the first save. */
  durableHead(): bigint | null
  /** Called with each new durable head; returns an unsubscribe function. */
  onDurableHead(listener: (head: bigint) => void): () => void
  /** True when block `n` is saved (always false for a throw-away chain). */
  isDurable(n: bigint): boolean
  /** Saves now; resolves to the durable head. */
  persist(): Promise<bigint | null>
  /** Stops mining, saves a last time, stops the node (SIGTERM, then SIGKILL after a grace period) and waits for it to exit. */
  dispose(): Promise<void>
}

/** The anvil binary shipped inside the @foundry-rs/anvil platform package. */
export function anvilBinaryPath(): string {
  const require = createRequire(import.meta.url)
  const platformPackage = `@foundry-rs/anvil-${process.platform === 'win32' ? 'win32' : process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`
  const pkgJson = require.resolve(`${platformPackage}/package.json`)
  const bin = path.join(path.dirname(pkgJson), 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil')
  if (!fs.existsSync(bin)) throw new Error(`anvil binary not found at ${bin}`)
  return bin
}

/**
 * Starts a local anvil node on 127.0.0.1, configured like the consortium chain:
 * fixed block time, zero base fee and gas price, fixed chain id. The node dies
 * with this process (watchdog.ts). With a state file: one node per file (a
 * lock), started from the last good copy, saved by this process after every
 * block (anvil's own --state-interval writes in place: a kill could leave half
 * a file, and loses up to the interval's blocks).
 */
export async function startAnvil(options: AnvilOptions): Promise<AnvilNode> {
  const args = [
    '--host',
    '127.0.0.1',
    '--port',
    String(options.port ?? 0),
    '--chain-id',
    String(options.chainId),
    '--base-fee',
    '0',
    '--gas-price',
    '0',
    '--disable-min-priority-fee',
    '--gas-limit',
    '100000000',
    // Old states beyond anvil's in-memory window are dropped, not written to ~/.foundry/anvil/tmp:
    // a long or killed run otherwise leaves gigabytes there (nothing here reads historical state).
    '--max-persisted-states',
    '0',
  ]
  if (options.blockTimeSec > 0) args.push('--block-time', String(options.blockTimeSec))
  args.push(...(options.extraArgs ?? []))
  if (!options.stateFile) return handleOf(await spawnAnvil(args), null, null)

  fs.mkdirSync(path.dirname(options.stateFile), { recursive: true })
  const lock = await lockChainState(`${options.stateFile}.lock`, options.log)
  try {
    const files = chainStateFiles(options.stateFile)
    const { started, copy } = await startFromLastGoodCopy(args, files, options.log)
    lock.recordNode(identityOf(started.child.pid!))
    const rpc = new RpcClient({ endpoints: [started.url], timeoutMs: 120_000, post: httpPost })
    const saver = new ChainStateSaver({ rpc, files, initialHead: copy?.block ?? null, log: options.log })
    saver.start()
    return handleOf(started, { saver, rpc }, lock)
  } catch (e) {
    lock.release()
    throw e
  }
}

interface Started {
  child: ChildProcess
  watchdog: Watchdog
  port: number
  url: string
}

/** Tries the copy pickChainState chose, then (if anvil will not load it) the next one, then a fresh chain. */
async function startFromLastGoodCopy(
  args: string[],
  files: ReturnType<typeof chainStateFiles>,
  log?: Logger,
): Promise<{ started: Started; copy: ChainStateCopy | null }> {
  for (;;) {
    const copy = pickChainState(files, log)
    if (!copy) return { started: await spawnAnvil(args), copy: null }
    try {
      return { started: await spawnAnvil([...args, '--load-state', copy.file]), copy }
    } catch (e) {
      if (!(e instanceof AnvilExitedError)) throw e
      const aside = setAside(copy.file)
      log?.warn(`chain state: anvil would not load ${copy.file} (${e.message}); kept as ${aside}, trying the next copy`)
    }
  }
}

function handleOf(started: Started, saving: { saver: ChainStateSaver; rpc: RpcClient } | null, lock: ChainStateLock | null): AnvilNode {
  const { child, watchdog, port, url } = started
  let disposing: Promise<void> | null = null
  const dispose = async () => {
    if (saving && child.exitCode === null && child.signalCode === null) {
      // Nothing mined after the last save is lost on the way down.
      await saving.rpc
        .batch([
          { method: 'evm_setIntervalMining', params: [0] },
          { method: 'evm_setAutomine', params: [false] },
        ])
        .catch(() => undefined)
    }
    await saving?.saver.dispose()
    await stopChild(child)
    watchdog.dispose()
    lock?.release()
  }
  return {
    url,
    port,
    pid: child.pid!,
    persistent: saving !== null,
    durableHead: () => saving?.saver.durableHead() ?? null,
    onDurableHead: (listener) => saving?.saver.onDurableHead(listener) ?? (() => undefined),
    isDurable: (n) => {
      const head = saving?.saver.durableHead() ?? null
      return head !== null && n <= head
    },
    persist: () => saving?.saver.persist() ?? Promise.resolve(null),
    dispose: () => (disposing ??= dispose()),
  }
}

/** anvil ended before it listened (a bad state file, a bad argument); its stderr is the message. */
class AnvilExitedError extends Error {}

async function spawnAnvil(args: string[]): Promise<Started> {
  const child = spawn(anvilBinaryPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] })
  // Dies with this process however it ends; an orderly exit (an uncaught error, process.exit) kills it directly too.
  const watchdog = watchChild(child)
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  child.once('exit', () => process.off('exit', killOnExit))
  const port = await waitForListening(child)
  return { child, watchdog, port, url: `http://127.0.0.1:${port}` }
}

function waitForListening(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = ''
    let stderr = ''
    const timer = setTimeout(() => fail(new Error('anvil did not start listening within 30 s')), 30_000)
    const fail = (e: Error) => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(e)
    }
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8')
      const m = /Listening on 127\.0\.0\.1:(\d+)/.exec(buffered)
      if (m) {
        clearTimeout(timer)
        buffered = ''
        // Keep draining the chatty stdout so the pipe never fills and blocks the node.
        child.stdout!.off('data', onData)
        child.stdout!.resume()
        resolve(Number(m[1]))
      } else if (buffered.length > 65536) buffered = buffered.slice(-4096)
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString('utf8')).slice(-4096)
    })
    child.once('error', (e) => fail(e))
    child.once('exit', (code, signal) => fail(new AnvilExitedError(`anvil exited before listening (code ${code}, signal ${signal}): ${stderr.trim()}`)))
  })
}

export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}
