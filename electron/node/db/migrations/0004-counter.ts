/**
 * The staff counter: staff (identified by the commitment of their ID number,
 * PIN as a scrypt hash, durable lockout), the township's villages, enrolled
 * people (commitment plus encrypted blobs only), entitlement batches with
 * maker–checker approval, the counter's own transaction outbox (approvals,
 * terminal registration, day close) and day closes.
 *
 * *_sealed columns are AES-256-GCM blobs (nonce || ciphertext || tag) under
 * the counter's data key; nothing personal is stored in clear.
 */
export const sql = `
CREATE TABLE counter_staff (
  id           INTEGER PRIMARY KEY,
  commitment   TEXT    NOT NULL UNIQUE,
  staff_no     TEXT    NOT NULL UNIQUE,
  role         TEXT    NOT NULL CHECK (role IN ('clerk', 'supervisor', 'technician')),
  name_sealed  BLOB    NOT NULL,
  pin_hash     TEXT    NOT NULL,
  failures     INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  active       INTEGER NOT NULL DEFAULT 1,
  created_at   INTEGER NOT NULL
);

-- GB/T 10114 12-digit village codes of this township, and their names.
CREATE TABLE counter_villages (
  code TEXT PRIMARY KEY CHECK (length(code) = 12),
  name TEXT NOT NULL UNIQUE
);

-- Enrolment: who a commitment belongs to, kept only encrypted.
CREATE TABLE counter_people (
  id           INTEGER PRIMARY KEY,
  commitment   TEXT    NOT NULL UNIQUE,
  id_sealed    BLOB    NOT NULL,
  name_sealed  BLOB    NOT NULL,
  phone_sealed BLOB,
  village_code TEXT,
  updated_at   INTEGER NOT NULL
);

-- The counter's own outbox, one nonce sequence per sender.
CREATE TABLE counter_txs (
  id           INTEGER PRIMARY KEY,
  kind         TEXT    NOT NULL CHECK (kind IN ('approve', 'register-terminal', 'close-day')),
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
CREATE UNIQUE INDEX counter_txs_nonce ON counter_txs(chain_id, sender, nonce);
CREATE INDEX counter_txs_pending ON counter_txs(state, sender, nonce);
CREATE INDEX counter_txs_ref ON counter_txs(kind, ref);

CREATE TABLE counter_batches (
  id           INTEGER PRIMARY KEY,
  file_sha256  TEXT    NOT NULL,
  row_count    INTEGER NOT NULL,
  total_fen    INTEGER NOT NULL,
  state        TEXT    NOT NULL CHECK (state IN ('prepared', 'approved', 'cancelled')),
  prepared_by  INTEGER NOT NULL REFERENCES counter_staff(id),
  prepared_at  INTEGER NOT NULL,
  decided_by   INTEGER REFERENCES counter_staff(id),
  decided_at   INTEGER,
  CHECK (decided_by IS NULL OR state = 'cancelled' OR decided_by <> prepared_by)
);

CREATE TABLE counter_batch_rows (
  batch_id       INTEGER NOT NULL REFERENCES counter_batches(id),
  row_no         INTEGER NOT NULL,
  entitlement_id TEXT    NOT NULL,
  program_id     INTEGER NOT NULL,
  person_id      INTEGER NOT NULL REFERENCES counter_people(id),
  village_code   TEXT    NOT NULL,
  amount_fen     INTEGER NOT NULL,
  valid_from     INTEGER NOT NULL,
  valid_until    INTEGER NOT NULL,
  proxy_allowed  INTEGER NOT NULL,
  masked_name    TEXT    NOT NULL,
  tx_id          INTEGER REFERENCES counter_txs(id),
  PRIMARY KEY (batch_id, row_no)
) WITHOUT ROWID;
CREATE INDEX counter_batch_rows_entitlement ON counter_batch_rows(entitlement_id);
CREATE INDEX counter_batch_rows_person ON counter_batch_rows(person_id);

CREATE TABLE counter_day_closes (
  business_date TEXT    PRIMARY KEY,
  count         INTEGER NOT NULL,
  total_fen     INTEGER NOT NULL,
  pdf_sha256    TEXT    NOT NULL,
  pdf_file      TEXT    NOT NULL,
  closed_by     INTEGER NOT NULL REFERENCES counter_staff(id),
  closed_at     INTEGER NOT NULL,
  tx_id         INTEGER NOT NULL REFERENCES counter_txs(id)
);
`
