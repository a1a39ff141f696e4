import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

export interface AnvilOptions {
  /** Seconds between blocks, as the consortium chain runs; 0 means automine (one block per transaction). */
  blockTimeSec: number
  chainId: number
  /** Where the chain is dumped and reloaded, so a restart keeps it. Omit for a throw-away chain. */
  stateFile?: string
  /** 0 picks a free port. */
  port?: number
  /** Extra command-line arguments (tests). */
  extraArgs?: string[]
}

export interface AnvilNode {
  readonly url: string
  readonly port: number
  readonly pid: number
  /** Stops the node (SIGTERM, then SIGKILL after a grace period) and waits for it to exit. */
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
 * fixed block time, zero base fee and gas price, fixed chain id.
 */
export async function startAnvil(options: AnvilOptions): Promise<AnvilNode> {
  const args = [
    '--host', '127.0.0.1',
    '--port', String(options.port ?? 0),
    '--chain-id', String(options.chainId),
    '--base-fee', '0',
    '--gas-price', '0',
    '--disable-min-priority-fee',
    '--gas-limit', '100000000',
    // Old states beyond anvil's in-memory window are dropped, not written to ~/.foundry/anvil/tmp:
    // a long or killed run otherwise leaves gigabytes there (nothing here reads historical state).
    '--max-persisted-states', '0',
  ]
  if (options.blockTimeSec > 0) args.push('--block-time', String(options.blockTimeSec))
  if (options.stateFile) {
    fs.mkdirSync(path.dirname(options.stateFile), { recursive: true })
    args.push('--state', options.stateFile, '--state-interval', '2', '--preserve-historical-states')
  }
  args.push(...(options.extraArgs ?? []))

  const child = spawn(anvilBinaryPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] })
  // If this process dies without disposing (an uncaught error, process.exit), take the node with it.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  child.once('exit', () => process.off('exit', killOnExit))
  const port = await waitForListening(child)
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    port,
    pid: child.pid!,
    dispose: () => stopChild(child),
  }
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
    child.once('exit', (code, signal) => fail(new Error(`anvil exited before listening (code ${code}, signal ${signal}): ${stderr.trim()}`)))
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
