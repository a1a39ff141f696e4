import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { type Migration, migrations as allMigrations } from './migrations'

export type Db = Database.Database

/**
 * Opens the app's SQLite file in WAL mode with full fsync, so a change is on
 * disk when the transaction returns, and applies pending migrations.
 */
export function openDatabase(file: string, migrations: Migration[] = allMigrations): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  migrate(db, migrations)
  return db
}

/** Applies every migration newer than the stored version, each in its own transaction. Returns the versions applied. */
export function migrate(db: Db, migrations: Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`)
  const sorted = [...migrations].sort((a, b) => a.version - b.version)
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migrations must be numbered 1..n without gaps; found ${m.version} at position ${i + 1}`)
  })
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0
  const applied: number[] = []
  for (const m of sorted) {
    if (m.version <= current) continue
    applyOne(db, m)
    applied.push(m.version)
  }
  return applied
}

/**
 * One migration in one transaction. A migration that rebuilds a table other
 * tables reference runs with foreign keys off (the pragma is a no-op inside a
 * transaction, so it is set around it) and must leave no broken reference:
 * foreign_key_check runs before the commit, as SQLite's table-rebuild
 * procedure asks.
 */
function applyOne(db: Db, m: Migration): void {
  const keysWereOn = db.pragma('foreign_keys', { simple: true }) === 1
  if (m.foreignKeysOff) db.pragma('foreign_keys = OFF')
  try {
    db.transaction(() => {
      if (m.sql) db.exec(m.sql)
      m.run?.(db)
      if (m.foreignKeysOff) {
        const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[]
        if (broken.length) throw new Error(`Migration ${m.name} left ${broken.length} broken references (first: ${broken[0]!.table} → ${broken[0]!.parent})`)
      }
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now())
    })()
  } finally {
    if (m.foreignKeysOff && keysWereOn) db.pragma('foreign_keys = ON')
  }
}

export function schemaVersion(db: Db): number {
  return (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0
}
