/**
 * The relief programs on the ledger, by id and name (项目 in an import),
 * read with view calls and cached; a name not in the cache triggers a refresh.
 */
import { type Hex, fromQuantity } from '../../common/ledger/hex'
import { decodeReliefResult, reliefCalldata } from '../ledger/contract/calls'
import { RpcError, type RpcClient } from '../ledger/rpc-client'

export interface ProgramInfo {
  id: number
  name: string
  region: bigint
}

export class ProgramDirectory {
  private programs: ProgramInfo[] = []

  constructor(
    private readonly rpc: RpcClient,
    private readonly contract: Hex,
  ) {}

  /** Re-reads every program from the chain. Throws RpcError when the node is unreachable. */
  async refresh(): Promise<ProgramInfo[]> {
    const countHex = await this.rpc.request<Hex>('eth_call', [{ to: this.contract, data: reliefCalldata('programCount', []) }, 'latest'])
    const count = Number(fromQuantity(countHex))
    const results = await this.rpc.batch<Hex>(
      Array.from({ length: count }, (_, i) => ({
        method: 'eth_call',
        params: [{ to: this.contract, data: reliefCalldata('program', [BigInt(i + 1)]) }, 'latest'],
      })),
    )
    this.programs = results.map((r, i) => {
      if (r instanceof RpcError) throw r
      const p = decodeReliefResult('program', r)
      return { id: i + 1, name: String(p.name), region: BigInt(p.region as bigint) }
    })
    return this.programs
  }

  cached(): ProgramInfo[] {
    return this.programs
  }

  nameOf(id: number | string | null): string | null {
    if (id === null) return null
    return this.programs.find((p) => p.id === Number(id))?.name ?? null
  }

  /** A program by its name or its number as typed in a list. */
  resolve(text: string): ProgramInfo | null {
    const t = text.trim()
    return this.programs.find((p) => p.name === t) ?? (/^\d+$/.test(t) ? (this.programs.find((p) => p.id === Number(t)) ?? null) : null)
  }
}
