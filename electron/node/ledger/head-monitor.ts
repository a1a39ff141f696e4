import type { LedgerHead } from '../../common/contract'
import type { Logger } from '../log/logger'
import { RpcClient, hexToNumber } from './rpc-client'

interface RpcBlock {
  number: string
  hash: string
  timestamp: string
}

/**
 * Follows the ledger's head block: polls every block interval, keeps the last
 * good reading, and reports changes (new block or endpoint state) to a listener.
 */
export class HeadMonitor {
  private head: LedgerHead
  private timer: NodeJS.Timeout | null = null
  private polling: Promise<void> | null = null

  constructor(
    private readonly rpc: RpcClient,
    private readonly intervalMs: number,
    private readonly onChange: (head: LedgerHead) => void,
    private readonly log: Logger,
  ) {
    this.head = { chainId: null, blockNumber: null, blockHash: null, blockTime: null, observedAt: null, endpoints: [...rpc.endpoints] }
  }

  get current(): LedgerHead {
    return this.head
  }

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => void this.poll(), this.intervalMs)
    void this.poll()
  }

  /** Reads the head now; resolves after the reading (or failure) is recorded. */
  poll(): Promise<void> {
    this.polling ??= this.read().finally(() => (this.polling = null))
    return this.polling
  }

  private async read(): Promise<void> {
    const before = fingerprint(this.head)
    try {
      const [chainId, block] = await this.rpc.batch<string | RpcBlock>([
        { method: 'eth_chainId', params: [] },
        { method: 'eth_getBlockByNumber', params: ['latest', false] },
      ])
      if (chainId instanceof Error) throw chainId
      if (block instanceof Error) throw block
      const b = block as RpcBlock
      this.head = {
        chainId: hexToNumber(chainId as string),
        blockNumber: hexToNumber(b.number),
        blockHash: b.hash,
        blockTime: hexToNumber(b.timestamp),
        observedAt: Date.now(),
        endpoints: [...this.rpc.endpoints],
      }
    } catch (e) {
      this.head = { ...this.head, endpoints: [...this.rpc.endpoints] }
      this.log.debug('ledger head read failed', { error: e as Error })
    }
    if (fingerprint(this.head) !== before) this.onChange(this.head)
  }

  async dispose(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.polling
  }
}

/** What counts as a change worth telling the faces: a new block or an endpoint going up or down. */
function fingerprint(head: LedgerHead): string {
  return JSON.stringify([head.chainId, head.blockNumber, head.blockHash, head.endpoints.map((e) => [e.url, e.reachable, e.lastError])])
}
