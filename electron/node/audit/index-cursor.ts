/**
 * Where the audit index stands: the last block fully indexed, its hash and
 * time, and the stored hashes a reorganisation is checked against. Reads
 * only (plus creating the cursor row once), so the follower can use it on
 * the app's own connection while the index worker writes on another.
 */
import type { Db } from '../db/database'
import type { Hex } from '../../common/ledger/hex'
import { hex } from './blobs'

export interface Cursor {
  contract: Hex
  startBlock: number
  indexedBlock: number
  indexedHash: Hex | null
  indexedTime: number | null
}

export class IndexCursor {
  private readonly s

  constructor(db: Db) {
    this.s = {
      cursor: db.prepare('SELECT contract, start_block, indexed_block, indexed_hash, indexed_time FROM audit_cursor WHERE id = 1'),
      initCursor: db.prepare('INSERT INTO audit_cursor (id, contract, start_block, indexed_block, updated_at) VALUES (1, ?, ?, ?, ?)'),
      hashesBelow: db.prepare('SELECT number, hash FROM audit_blocks WHERE number <= ? ORDER BY number DESC LIMIT ?'),
    }
  }

  read(): Cursor | null {
    const row = this.s.cursor.get() as
      { contract: Hex; start_block: number; indexed_block: number; indexed_hash: Buffer | null; indexed_time: number | null } | undefined
    if (!row) return null
    return {
      contract: row.contract,
      startBlock: row.start_block,
      indexedBlock: row.indexed_block,
      indexedHash: hex(row.indexed_hash),
      indexedTime: row.indexed_time,
    }
  }

  /** Creates the cursor on first use; refuses an index built for another contract. */
  init(contract: Hex, startBlock: number): Cursor {
    const existing = this.read()
    if (existing) {
      if (existing.contract !== contract.toLowerCase())
        throw new Error(`audit index was built for contract ${existing.contract}, not ${contract}; use a fresh data directory`)
      return existing
    }
    this.s.initCursor.run(contract.toLowerCase(), startBlock, startBlock - 1, Date.now())
    return this.read()!
  }

  /** Stored block hashes at or below `block`, newest first: candidates for the common ancestor. */
  hashesAtOrBelow(block: number, limit: number): { number: number; hash: Hex }[] {
    return (this.s.hashesBelow.all(block, limit) as { number: number; hash: Buffer }[]).map((r) => ({ number: r.number, hash: hex(r.hash)! }))
  }
}
