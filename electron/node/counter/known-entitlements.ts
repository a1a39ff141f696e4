/**
 * Which entitlement ids already exist: on the ledger as the local audit index
 * (migration 0003, kept by the audit follower) and the counter's own
 * approvals know them, or in a batch whose approval is not on chain yet.
 */
import type { Hex } from '../../common/ledger/hex'
import { hexToBytes } from '../../common/ledger/hex'
import { keyOfHex } from '../audit/blob-key'
import type { Db } from '../db/database'

export function knownEntitlements(db: Db, ids: Hex[]): Map<Hex, 'ledger' | 'pending'> {
  const out = new Map<Hex, 'ledger' | 'pending'>()
  const indexed = db.prepare(`SELECT 1 FROM audit_entitlements WHERE id_key = ? AND id = ?`).pluck()
  const local = db
    .prepare(
      `SELECT t.state AS tx_state FROM counter_batch_rows r JOIN counter_batches b ON b.id = r.batch_id
     LEFT JOIN outbox_intents t ON t.id = r.tx_id
     WHERE r.entitlement_id = ? AND b.state <> 'cancelled' AND (t.state IS NULL OR t.state <> 'rejected')`,
    )
    .pluck()
  for (const id of ids) {
    if (indexed.get(keyOfHex(id), Buffer.from(hexToBytes(id)))) {
      out.set(id, 'ledger')
      continue
    }
    const txState = local.get(id) as string | null | undefined
    if (txState === 'confirmed') out.set(id, 'ledger')
    else if (txState !== undefined) out.set(id, 'pending')
  }
  return out
}
