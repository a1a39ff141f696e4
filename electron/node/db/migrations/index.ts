import * as m0001 from './0001-init'
import * as m0002 from './0002-ledger'
import * as m0003 from './0003-audit'
import * as m0004 from './0004-counter'
import * as m0005 from './0005-complaints'
import * as m0006 from './0006-place-names'
import * as m0007 from './0007-audit-entitlements-rowid'
import * as m0008 from './0008-audit-integer-keys'
import * as m0009 from './0009-one-outbox'
import * as m0010 from './0010-audit-proxy-allowed'
import * as m0011 from './0011-regional-keys'
import type { Db } from '../database'

export interface Migration {
  version: number
  name: string
  sql?: string
  /** Runs after `sql`, in the same transaction: for data moves SQL cannot express. */
  run?: (db: Db) => void
  /** Rebuilds a table others reference: run with foreign keys off and checked before the commit. */
  foreignKeysOff?: boolean
}

/**
 * Numbered migrations, applied in order, each once. Never edit one that has
 * shipped: add the next number instead.
 */
export const migrations: Migration[] = [
  { version: 1, name: '0001-init', sql: m0001.sql },
  { version: 2, name: '0002-ledger', sql: m0002.sql },
  { version: 3, name: '0003-audit', sql: m0003.sql },
  { version: 4, name: '0004-counter', sql: m0004.sql },
  { version: 5, name: '0005-complaints', sql: m0005.sql },
  { version: 6, name: '0006-place-names', sql: m0006.sql },
  { version: 7, name: '0007-audit-entitlements-rowid', sql: m0007.sql },
  { version: 8, name: '0008-audit-integer-keys', sql: m0008.sql },
  { version: 9, name: '0009-one-outbox', run: m0009.run, foreignKeysOff: true },
  { version: 10, name: '0010-audit-proxy-allowed', sql: m0010.sql },
  { version: 11, name: '0011-regional-keys', sql: m0011.sql },
]
