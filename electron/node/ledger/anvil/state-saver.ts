/**
 * Saves the embedded node's chain after every new block that holds a
 * transaction (empty blocks: at most every `idleSaveMs`, sparing the disk a
 * full copy a second) and tracks the durable head: the highest block number
 * known to be on disk. Each save asks for the latest block first, then for
 * the state (anvil_dumpState, gzip'd JSON), so the recorded head is never
 * above what the saved copy holds. One save at a time; the pause between
 * saves is at least twice the last save's duration, so a long chain costs the
 * node at most a third of its time.
 *
 *   const saver = new ChainStateSaver({ rpc, files, initialHead: 12n, log })
 *   saver.start()
 *   saver.onDurableHead((head) => ...)
 *   await saver.persist()       // saves now; resolves to the durable head
 *   await saver.dispose()       // one last save, then stops
 */
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type { Logger } from '../../log/logger'
import type { RpcClient } from '../rpc-client'
import { type ChainStateFiles, writeChainState } from './state-file'

const gunzip = promisify(zlib.gunzip)

export interface ChainStateSaverOptions {
  rpc: RpcClient
  files: ChainStateFiles
  /** The block the loaded copy holds (it is on disk already); null for a fresh chain. */
  initialHead: bigint | null
  log?: Logger
  /** How often to look for a new block. Default 200 ms. */
  pollMs?: number
  /** The longest a chain of only empty blocks goes unsaved. Default 30 s. */
  idleSaveMs?: number
}

interface LatestBlock {
  number: string
  hash: string
  transactions: unknown[]
}

/** Most blocks since the last save whose transactions are counted one by one; beyond it, just save. */
const MAX_COUNTED = 50

export interface SaveStats {
  block: bigint
  bytes: number
  ms: number
}

export class ChainStateSaver {
  private head: bigint | null
  private savedHash: string | null = null
  private savedNumber: bigint | null = null
  private savedAt = 0
  private readonly listeners = new Set<(head: bigint) => void>()
  private queue: Promise<unknown> = Promise.resolve()
  private timer: NodeJS.Timeout | null = null
  private stopped = false
  private failing = false
  private lastSaveMs = 0
  /** The last save's block, size and duration (bench and logs). */
  lastSave: SaveStats | null = null

  constructor(private readonly o: ChainStateSaverOptions) {
    this.head = o.initialHead
  }

  durableHead(): bigint | null {
    return this.head
  }

  onDurableHead(listener: (head: bigint) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  start(): void {
    this.schedule(0)
  }

  /** Saves now (after a save in progress) even if no block came; resolves to the durable head. */
  persist(): Promise<bigint | null> {
    return this.enqueue(true)
  }

  /** Stops looking for blocks and saves a last time (the caller stops the node's mining first). */
  async dispose(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.enqueue(true).catch(() => undefined)
  }

  private schedule(ms: number): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.enqueue(false)
        .catch(() => undefined)
        .finally(() => this.schedule(Math.max(this.o.pollMs ?? 200, 2 * this.lastSaveMs)))
    }, ms)
  }

  private enqueue(force: boolean): Promise<bigint | null> {
    const run = this.queue.then(() => this.saveIfNew(force))
    this.queue = run.catch(() => undefined)
    return run
  }

  private async saveIfNew(force: boolean): Promise<bigint | null> {
    try {
      const latest = await this.o.rpc.request<LatestBlock>('eth_getBlockByNumber', ['latest', false])
      // A hash, not a number: after a revert the chain may be back at a number it had, holding other blocks.
      if (!force && (latest.hash === this.savedHash || !(await this.worthSaving(latest)))) return this.head
      const started = performance.now()
      const dump = await this.o.rpc.request<string>('anvil_dumpState')
      const json = await gunzip(Buffer.from(dump.slice(2), 'hex'))
      await writeChainState(this.o.files, json)
      this.lastSaveMs = performance.now() - started
      this.savedHash = latest.hash
      const block = BigInt(latest.number)
      this.savedNumber = block
      this.savedAt = Date.now()
      this.lastSave = { block, bytes: json.length, ms: this.lastSaveMs }
      if (this.failing) this.o.log?.info('chain state saved again', { block: String(block) })
      this.failing = false
      if (this.head !== block) {
        this.head = block
        for (const l of this.listeners) l(block)
      }
      return block
    } catch (e) {
      if (this.stopped && !force) return this.head
      if (!this.failing)
        this.o.log?.warn('chain state not saved; the durable head stays where it was', {
          head: this.head === null ? null : String(this.head),
          error: (e as Error).message,
        })
      this.failing = true
      throw e
    }
  }

  /** A new block holds a transaction, the chain went back (a revert), or empty blocks have gone unsaved long enough. */
  private async worthSaving(latest: LatestBlock): Promise<boolean> {
    const number = BigInt(latest.number)
    if (this.savedNumber === null || number <= this.savedNumber || latest.transactions.length > 0) return true
    if (Date.now() - this.savedAt >= (this.o.idleSaveMs ?? 30_000)) return true
    const between = Number(number - this.savedNumber - 1n)
    if (between > MAX_COUNTED) return true
    if (between === 0) return false
    const counts = await this.o.rpc.batch<string>(
      Array.from({ length: between }, (_, i) => ({
        method: 'eth_getBlockTransactionCountByNumber',
        params: [`0x${(this.savedNumber! + 1n + BigInt(i)).toString(16)}`],
      })),
    )
    return counts.some((c) => typeof c !== 'string' || BigInt(c) > 0n)
  }
}
