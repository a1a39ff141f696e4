/**
 * Kiosk complaints, and the counter outbox learning a fifth kind of
 * transaction ('complaint', sent with the counter station's terminal key).
 *
 * SQLite cannot alter a CHECK, so counter_txs is rebuilt: a new table with the
 * same columns and the wider check, rows copied, old table dropped, new one
 * renamed, indexes recreated. Foreign keys are on and cannot be turned off
 * inside the migration's transaction, and dropping a parent table deletes its
 * rows first; so the two tables that reference counter_txs are set aside in
 * temporary tables, emptied, and restored once the new counter_txs is in place.
 *
 * complaints keeps no personal data: the ticket number, the category code, the
 * related claim number (already public on the receipt), the ticket's hash as
 * filed on chain, and the outbox transaction that files it.
 */
export const sql = `
CREATE TEMP TABLE keep_counter_batch_rows AS SELECT * FROM counter_batch_rows;
CREATE TEMP TABLE keep_counter_day_closes AS SELECT * FROM counter_day_closes;
DELETE FROM counter_batch_rows;
DELETE FROM counter_day_closes;

CREATE TABLE counter_txs_new (
  id           INTEGER PRIMARY KEY,
  kind         TEXT    NOT NULL CHECK (kind IN ('approve', 'register-terminal', 'close-day', 'complaint')),
  ref          TEXT    NOT NULL,
  chain_id     INTEGER NOT NULL,
  sender       TEXT    NOT NULL,
  nonce        INTEGER NOT NULL,
  calldata     TEXT    NOT NULL,
  gas          INTEGER NOT NULL,
  raw_tx       TEXT    NOT NULL,
  tx_hash      TEXT    NOT NULL UNIQUE,
  state        TEXT    NOT NULL CHECK (state IN ('pending', 'confirmed', 'rejected')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_sent_at INTEGER,
  last_error   TEXT,
  reject_code  TEXT,
  block_number INTEGER,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
INSERT INTO counter_txs_new (id, kind, ref, chain_id, sender, nonce, calldata, gas, raw_tx, tx_hash, state, attempts, last_sent_at, last_error, reject_code, block_number, created_at, updated_at)
  SELECT id, kind, ref, chain_id, sender, nonce, calldata, gas, raw_tx, tx_hash, state, attempts, last_sent_at, last_error, reject_code, block_number, created_at, updated_at FROM counter_txs;
DROP TABLE counter_txs;
ALTER TABLE counter_txs_new RENAME TO counter_txs;
CREATE UNIQUE INDEX counter_txs_nonce ON counter_txs(chain_id, sender, nonce);
CREATE INDEX counter_txs_pending ON counter_txs(state, sender, nonce);
CREATE INDEX counter_txs_ref ON counter_txs(kind, ref);

INSERT INTO counter_batch_rows SELECT * FROM keep_counter_batch_rows;
INSERT INTO counter_day_closes SELECT * FROM keep_counter_day_closes;
DROP TABLE keep_counter_batch_rows;
DROP TABLE keep_counter_day_closes;

CREATE TABLE complaints (
  id           INTEGER PRIMARY KEY,
  ticket_no    TEXT    NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL,
  category     TEXT    NOT NULL CHECK (category IN ('AMOUNT_WRONG', 'NOT_RECEIVED', 'SERVICE', 'OTHER')),
  claim_number TEXT,
  ticket_hash  TEXT    NOT NULL UNIQUE,
  tx_id        INTEGER NOT NULL REFERENCES counter_txs(id),
  printed      INTEGER NOT NULL DEFAULT 0
);
`
