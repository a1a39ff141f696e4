import type { ComplaintView } from '../../common/contract/counter'
import type { Db } from '../db/database'

/** Complaints filed at the kiosk, newest first, with the state of their filing on the ledger. No personal data is kept with them. */
export function listComplaints(db: Db, limit = 200): ComplaintView[] {
  const rows = db
    .prepare(
      `SELECT c.ticket_no, c.created_at, c.category, c.claim_number, c.printed, t.state, t.block_number, t.tx_hash
         FROM complaints c JOIN outbox_intents t ON t.id = c.tx_id
        ORDER BY c.created_at DESC, c.id DESC LIMIT ?`,
    )
    .all(limit) as {
    ticket_no: string
    created_at: number
    category: ComplaintView['category']
    claim_number: string | null
    printed: number
    state: ComplaintView['ledgerState']
    block_number: number | null
    tx_hash: string
  }[]
  return rows.map((r) => ({
    ticketNo: r.ticket_no,
    createdAt: r.created_at,
    category: r.category,
    claimNumber: r.claim_number,
    printed: r.printed === 1,
    ledgerState: r.state,
    blockNumber: r.block_number,
    txHash: r.tx_hash,
  }))
}
