import * as m0001 from './0001-init'
import * as m0002 from './0002-ledger'

export interface Migration {
  version: number
  name: string
  sql: string
}

/**
 * Numbered migrations, applied in order, each once. Never edit one that has
 * shipped: add the next number instead.
 */
export const migrations: Migration[] = [
  { version: 1, name: '0001-init', sql: m0001.sql },
  { version: 2, name: '0002-ledger', sql: m0002.sql },
]
