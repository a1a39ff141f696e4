/**
 * Shared set-up for the audit integration tests and benchmark: a real anvil,
 * the relief contract deployed with an operator and terminals, awaited
 * contract calls through an outbox of its own (a SQLite file), and a reader
 * that sums the contract's events straight from the node (the reference the
 * index is compared with).
 */
import path from 'node:path'
import { openDatabase } from '../../electron/node/db/database'
import { createSigner, type TxSigner } from '../../electron/node/ledger/keys/signer'
import { LaneCalls } from '../../electron/node/ledger/outbox/lane-calls'
import { OutboxLane } from '../../electron/node/ledger/outbox/outbox-lane'
import { OutboxStore } from '../../electron/node/ledger/outbox/outbox-store'
import { createLogger } from '../../electron/node/log/logger'
import { makeTempDir } from '../support/temp-dir'
import { type AnvilNode, startAnvil } from '../../electron/node/ledger/anvil-node'
import { deployRelief } from '../../electron/node/ledger/contract/deploy'
import { type RawLog, decodeReliefLog } from '../../electron/node/ledger/contract/events'
import { RpcClient } from '../../electron/node/ledger/rpc-client'
import { type Hex, hexToBytes, toQuantity } from '../../electron/common/ledger/hex'
import { randomSecretKey } from '../../electron/common/ledger/sign'

export const ANVIL_KEY_0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
export const TOWNSHIPS = [410122101, 410122102, 410122103]

export interface ReliefChain {
  anvil: AnvilNode
  rpc: RpcClient
  contract: Hex
  deployBlock: number
  operator: TxSigner
  terminals: { signer: TxSigner; township: number }[]
  /** Awaited calls signed by `signer` through the chain's outbox (one lane per key). */
  callsOf(signer: TxSigner): LaneCalls
  /**
   * Another outbox, its own SQLite file: for transactions that must stay
   * lost when the chain forgets them (a test's abandoned branch), which the
   * chain's outbox would send again.
   */
  newOutbox(): ChainOutbox
  dispose(): Promise<void>
}

export interface ChainOutbox {
  callsOf(signer: TxSigner): LaneCalls
  dispose(): Promise<void>
}

export async function startReliefChain(options: { blockTimeSec?: number; extraArgs?: string[]; stateFile?: string; port?: number } = {}): Promise<ReliefChain> {
  const anvil = await startAnvil({
    blockTimeSec: options.blockTimeSec ?? 0,
    chainId: 31337,
    extraArgs: options.extraArgs,
    stateFile: options.stateFile,
    port: options.port,
  })
  try {
    const rpc = new RpcClient({ endpoints: [anvil.url], timeoutMs: 60_000 })
    const operator = createSigner(hexToBytes(ANVIL_KEY_0))
    const terminals = TOWNSHIPS.map((township) => ({ signer: createSigner(randomSecretKey()), township }))
    const { address, deployBlock } = await deployRelief(rpc, operator, {
      roles: { FUNDER: [operator.address], APPROVER: [operator.address], SETTLER: [operator.address] },
      terminals: terminals.map((t) => ({ address: t.signer.address, township: t.township })),
    })
    const outbox = chainOutbox(rpc, address, options.blockTimeSec ?? 0)
    const dispose = async () => {
      await outbox.dispose()
      await anvil.dispose()
    }
    const newOutbox = () => chainOutbox(rpc, address, options.blockTimeSec ?? 0)
    return { anvil, rpc, contract: address, deployBlock, operator, terminals, callsOf: outbox.callsOf, newOutbox, dispose }
  } catch (e) {
    await anvil.dispose()
    throw e
  }
}

function chainOutbox(rpc: RpcClient, contract: Hex, blockTimeSec: number): ChainOutbox {
  const dir = makeTempDir('huimin-relief-outbox-')
  const db = openDatabase(path.join(dir.path, 'outbox.sqlite'))
  const store = new OutboxStore(db)
  const log = createLogger({ level: 'error', stderrLevel: 'error' })
  const lanes = new Map<Hex, LaneCalls>()
  const running: OutboxLane[] = []
  return {
    callsOf(signer) {
      let calls = lanes.get(signer.address)
      if (!calls) {
        const lane = new OutboxLane({ store, rpc, signer, chainId: 31337, target: contract, log, blockTimeMs: blockTimeSec * 1000 })
        lane.start()
        running.push(lane)
        lanes.set(signer.address, (calls = new LaneCalls(lane, rpc)))
      }
      return calls
    },
    async dispose() {
      await Promise.all(running.map((l) => l.dispose()))
      db.close()
      dir.remove()
    },
  }
}

export async function chainTime(rpc: RpcClient): Promise<number> {
  const block = await rpc.request<{ timestamp: string }>('eth_getBlockByNumber', ['latest', false])
  return Number.parseInt(block.timestamp, 16)
}

export interface ChainSums {
  events: number
  /** `block:logIndex:txHash` of every event. */
  positions: Set<string>
  byProgram: Map<number, { funded: number; approved: number; approvedCount: number; paid: number; paidCount: number; settled: number; revoked: number }>
}

/** Reads every event of the contract from the node and sums it, without the index. */
export async function sumFromNode(rpc: RpcClient, contract: Hex): Promise<ChainSums> {
  const logs = await rpc.request<RawLog[]>('eth_getLogs', [{ address: contract, fromBlock: '0x0', toBlock: 'latest' }])
  const sums: ChainSums = { events: logs.length, positions: new Set(), byProgram: new Map() }
  const amountOf = new Map<string, { programId: number; amount: number }>()
  const program = (id: number) => {
    let p = sums.byProgram.get(id)
    if (!p) sums.byProgram.set(id, (p = { funded: 0, approved: 0, approvedCount: 0, paid: 0, paidCount: 0, settled: 0, revoked: 0 }))
    return p
  }
  for (const raw of logs) {
    const e = decodeReliefLog(raw)!
    sums.positions.add(`${e.blockNumber}:${e.logIndex}:${e.transactionHash.toLowerCase()}`)
    if (e.name === 'Funded') program(Number(e.args.programId)).funded += Number(e.args.amount)
    if (e.name === 'EntitlementApproved') {
      amountOf.set(e.args.entitlementId, { programId: Number(e.args.programId), amount: Number(e.args.amount) })
      program(Number(e.args.programId)).approved += Number(e.args.amount)
      program(Number(e.args.programId)).approvedCount++
    }
    if (e.name === 'Disbursed') {
      program(Number(e.args.programId)).paid += Number(e.args.amount)
      program(Number(e.args.programId)).paidCount++
    }
    if (e.name === 'Settled') program(amountOf.get(e.args.entitlementId)!.programId).settled += Number(e.args.amount)
    if (e.name === 'EntitlementRevoked') {
      const a = amountOf.get(e.args.entitlementId)!
      program(a.programId).revoked += a.amount
    }
  }
  return sums
}

export async function mine(rpc: RpcClient, blocks = 1): Promise<void> {
  await rpc.request('anvil_mine', [toQuantity(blocks)])
}
