import Database from 'better-sqlite3'
import type { Hex } from '../../electron/common/ledger/hex'
import { type RawLog, type ReliefEvent, decodeReliefLog } from '../../electron/node/ledger/contract/events'
import { RpcClient } from '../../electron/node/ledger/rpc-client'

/** Each key the chain holds, with the blocks it appears in (one block per appearance). */
export type Appearances = Map<string, number[]>

/** What the chain holds of a relief contract, read with a client of our own (not the host's). */
export interface ChainTally {
  /** Disbursed by claim reference. */
  disbursed: Appearances
  /** EntitlementApproved by entitlement id. */
  approved: Appearances
  /** ComplaintFiled by ticket hash. */
  complaints: Appearances
  /** DayClosed by day (YYYYMMDD). */
  dayCloses: Appearances
  /** Claim references a terminal disbursed. */
  disbursedBy(terminal: string): Set<string>
  /** The transactions whose events are in blocks after the given one, each with what it did (event names, block), for failure reports. */
  txsAfter(block: number): Map<string, string>
}

export async function readChain(url: string, contract: Hex): Promise<ChainTally> {
  const rpc = new RpcClient({ endpoints: [url], timeoutMs: 30_000 })
  const logs = await rpc.request<RawLog[]>('eth_getLogs', [{ address: contract, fromBlock: '0x0', toBlock: 'latest' }])
  const events = logs.map((l) => decodeReliefLog(l)).filter((e): e is ReliefEvent => e !== null && !e.removed)
  const tally = (pick: (e: ReliefEvent) => string | null): Appearances => {
    const out: Appearances = new Map()
    for (const e of events) {
      const key = pick(e)
      if (key !== null) out.set(key, [...(out.get(key) ?? []), e.blockNumber])
    }
    return out
  }
  return {
    disbursed: tally((e) => (e.name === 'Disbursed' ? e.args.claimRef : null)),
    approved: tally((e) => (e.name === 'EntitlementApproved' ? e.args.entitlementId : null)),
    complaints: tally((e) => (e.name === 'ComplaintFiled' ? e.args.ticketHash : null)),
    dayCloses: tally((e) => (e.name === 'DayClosed' ? String(e.args.day) : null)),
    disbursedBy: (terminal) => new Set(events.flatMap((e) => (e.name === 'Disbursed' && e.args.terminal === terminal.toLowerCase() ? [e.args.claimRef] : []))),
    txsAfter: (block) => {
      const out = new Map<string, string>()
      for (const e of events.filter((e) => e.blockNumber > block))
        out.set(e.transactionHash, `${out.get(e.transactionHash) ?? `block ${e.blockNumber}:`} ${e.name}`)
      return out
    },
  }
}

export async function headBlock(url: string): Promise<number> {
  return Number(await new RpcClient({ endpoints: [url] }).request<string>('eth_blockNumber'))
}

/** What the host's SQLite file holds, read-only (the host may still be running, in WAL mode). */
export interface LocalTally {
  claims: { claimNumber: string; claimRef: string; state: string }[]
  /** outbox_intents rows by state, and by purpose. */
  intentsByState: Record<string, number>
  intentsByPurpose: Record<string, number>
  /** outbox_txs rows still waiting (pending). */
  pendingTxs: number
  /** The transaction each intent was last sent as. */
  intentTxs: string[]
  /** The kiosk's terminal key: the sender of its claims. */
  kioskTerminal: string | null
  approvedRows: string[]
  complaintHashes: string[]
  dayCloses: string[]
}

export function readLocal(file: string): LocalTally {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const count = (sql: string) => Object.fromEntries((db.prepare(sql).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]))
    return {
      claims: db.prepare(`SELECT claim_number AS claimNumber, claim_ref AS claimRef, state FROM ledger_claims`).all() as LocalTally['claims'],
      intentsByState: count(`SELECT state AS k, COUNT(*) AS n FROM outbox_intents GROUP BY state`),
      intentsByPurpose: count(`SELECT purpose AS k, COUNT(*) AS n FROM outbox_intents GROUP BY purpose`),
      pendingTxs: db.prepare(`SELECT COUNT(*) FROM outbox_txs WHERE state = 'pending'`).pluck().get() as number,
      intentTxs: db.prepare(`SELECT tx_hash FROM outbox_intents`).pluck().all() as string[],
      kioskTerminal: (db.prepare(`SELECT sender FROM outbox_intents WHERE purpose = 'claim' LIMIT 1`).pluck().get() as string | undefined) ?? null,
      approvedRows: db
        .prepare(`SELECT r.entitlement_id FROM counter_batch_rows r JOIN counter_batches b ON b.id = r.batch_id WHERE b.state = 'approved'`)
        .pluck()
        .all() as string[],
      complaintHashes: db.prepare(`SELECT ticket_hash FROM complaints`).pluck().all() as string[],
      dayCloses: db.prepare(`SELECT business_date FROM counter_day_closes`).pluck().all() as string[],
    }
  } finally {
    db.close()
  }
}

/** PRAGMA integrity_check of a file no process has open. */
export function integrityOf(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ')
  } finally {
    db.close()
  }
}
