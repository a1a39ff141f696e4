/**
 * A person's entitlements as the audit index holds them, for the kiosk when
 * the node does not answer: the index follows every approval, payment and
 * revocation of the contract, so a halted chain still lets a beneficiary see
 * and claim what was approved before it halted. Reads only, on the app's own
 * connection (the index worker writes on another).
 */
import type { Db } from '../db/database'
import type { Hex } from '../../common/ledger/hex'
import { buf, hex } from './blobs'
import { keyOfHex } from './blob-key'

export interface IndexedApproval {
  entitlementId: Hex
  programId: string
  /** Empty when the program's creation has not been indexed. */
  programName: string
  /** Fen, decimal string. */
  amount: string
  township: number
  village: number
  validFrom: number
  validUntil: number
  /** null for rows indexed before the index kept it (migration 0010). */
  proxyAllowed: boolean | null
  maskedName: string
  /** The contract's numbering: 1 approved, 2 paid, 3 settled, 4 revoked. */
  status: number
  approvedBlock: number
}

interface Row {
  id: Buffer
  program_id: number
  name: string | null
  amount: number
  township: number
  village: number
  valid_from: number
  valid_until: number
  proxy_allowed: number | null
  masked_name: string
  status: number
  approved_block: number
}

export class ApprovalsByCommitment {
  private readonly s

  constructor(db: Db) {
    this.s = {
      byCommitment: db.prepare(
        `SELECT e.id, e.program_id, p.name, e.amount, e.township, e.village, e.valid_from, e.valid_until, e.proxy_allowed, e.masked_name, e.status, e.approved_block
         FROM audit_entitlements e LEFT JOIN audit_programs p ON p.program_id = e.program_id
         WHERE e.commitment_key = ? AND e.commitment = ? AND e.approved_block <= ? ORDER BY e.approved_block DESC, e.approved_log DESC LIMIT 50`,
      ),
    }
  }

  /** Newest approval first; only approvals in blocks up to `maxBlock` (the chain's durable head). */
  list(commitment: Hex, maxBlock = Number.MAX_SAFE_INTEGER): IndexedApproval[] {
    return (this.s.byCommitment.all(keyOfHex(commitment), buf(commitment), maxBlock) as Row[]).map((r) => ({
      entitlementId: hex(r.id)!,
      programId: String(r.program_id),
      programName: r.name ?? '',
      amount: String(r.amount),
      township: r.township,
      village: r.village,
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      proxyAllowed: r.proxy_allowed === null ? null : r.proxy_allowed === 1,
      maskedName: r.masked_name,
      status: r.status,
      approvedBlock: r.approved_block,
    }))
  }
}
