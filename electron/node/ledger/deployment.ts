/** Where the relief contract lives, remembered in the settings table. */
import type { Hex } from '../../common/ledger/hex'
import type { Db } from '../db/database'

export interface LedgerDeployment {
  contract: Hex
  chainId: number
  deployBlock: number
}

const KEY = 'ledger.deployment'

export function readDeployment(db: Db): LedgerDeployment | null {
  const row = db.prepare(`SELECT value FROM settings WHERE key = ?`).get(KEY) as { value: string } | undefined
  return row ? (JSON.parse(row.value) as LedgerDeployment) : null
}

export function writeDeployment(db: Db, d: LedgerDeployment): void {
  db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(KEY, JSON.stringify(d))
}
