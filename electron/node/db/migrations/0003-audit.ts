/**
 * The public audit index: the relief contract's events read from the ledger,
 * kept as read models the audit screens query directly.
 *
 * Hashes, ids, commitments and addresses are 32/20-byte BLOBs; amounts are
 * INTEGER fen; times are unix seconds of the block; years are calendar years
 * in China Standard Time (UTC+8). Every table below except audit_cursor is
 * rolled back event by event when the chain reorganises (audit_logs drives it).
 */
export const sql = `
-- Where the follower stands: the last block fully indexed and its hash.
CREATE TABLE audit_cursor (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  contract      TEXT    NOT NULL,
  start_block   INTEGER NOT NULL,
  indexed_block INTEGER NOT NULL,
  indexed_hash  BLOB,
  indexed_time  INTEGER,
  updated_at    INTEGER NOT NULL
);

-- Hashes of indexed blocks that held events, and of every range end: what a reorg check compares.
CREATE TABLE audit_blocks (
  number INTEGER PRIMARY KEY,
  hash   BLOB    NOT NULL,
  time   INTEGER NOT NULL
);

-- Every contract event, exactly once. kind: see electron/node/audit/event-kinds.ts.
-- ref: the entitlement id for entitlement events, the program id (32 bytes) for ProgramCreated, else null.
CREATE TABLE audit_logs (
  block     INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash   BLOB    NOT NULL,
  kind      INTEGER NOT NULL,
  ref       BLOB,
  PRIMARY KEY (block, log_index)
) WITHOUT ROWID;
CREATE INDEX audit_logs_tx ON audit_logs(tx_hash);

CREATE TABLE audit_programs (
  program_id INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL,
  region     INTEGER NOT NULL,
  budget     INTEGER NOT NULL,
  block      INTEGER NOT NULL
);

CREATE TABLE audit_funding (
  block       INTEGER NOT NULL,
  log_index   INTEGER NOT NULL,
  program_id  INTEGER NOT NULL,
  funder      BLOB    NOT NULL,
  funder_name TEXT    NOT NULL,
  amount      INTEGER NOT NULL,
  year        INTEGER NOT NULL,
  PRIMARY KEY (block, log_index)
) WITHOUT ROWID;

-- One row per approved entitlement, updated as it is paid, settled or revoked.
-- status: 1 approved, 2 paid, 3 settled, 4 revoked (the contract's numbering).
CREATE TABLE audit_entitlements (
  id             BLOB    NOT NULL PRIMARY KEY,
  program_id     INTEGER NOT NULL,
  commitment     BLOB    NOT NULL,
  township       INTEGER NOT NULL,
  village        INTEGER NOT NULL,
  amount         INTEGER NOT NULL,
  valid_from     INTEGER NOT NULL,
  valid_until    INTEGER NOT NULL,
  warn_at        INTEGER NOT NULL,
  masked_name    TEXT    NOT NULL,
  status         INTEGER NOT NULL,
  approved_block INTEGER NOT NULL,
  approved_log   INTEGER NOT NULL,
  paid_block     INTEGER,
  paid_log       INTEGER,
  terminal       BLOB,
  claim_ref      BLOB,
  settled_block  INTEGER,
  settled_log    INTEGER,
  revoked_block  INTEGER,
  revoked_log    INTEGER
) WITHOUT ROWID;
CREATE INDEX audit_entitlements_commitment ON audit_entitlements(commitment);
CREATE INDEX audit_entitlements_claim ON audit_entitlements(claim_ref) WHERE claim_ref IS NOT NULL;
CREATE INDEX audit_entitlements_paid ON audit_entitlements(paid_block DESC, paid_log DESC) WHERE paid_block IS NOT NULL;
-- Entitlements still open, by the moment 80% of their window has passed.
CREATE INDEX audit_entitlements_open ON audit_entitlements(warn_at) WHERE status = 1;

-- Sums kept up to date as events arrive, per year, program and village.
CREATE TABLE audit_totals (
  year        INTEGER NOT NULL,
  program_id  INTEGER NOT NULL,
  township    INTEGER NOT NULL,
  village     INTEGER NOT NULL,
  approved_n  INTEGER NOT NULL DEFAULT 0,
  approved    INTEGER NOT NULL DEFAULT 0,
  paid_n      INTEGER NOT NULL DEFAULT 0,
  paid        INTEGER NOT NULL DEFAULT 0,
  settled_n   INTEGER NOT NULL DEFAULT 0,
  settled     INTEGER NOT NULL DEFAULT 0,
  revoked_n   INTEGER NOT NULL DEFAULT 0,
  revoked     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (year, program_id, village)
) WITHOUT ROWID;

-- The same sums per year and program, plus what was funded.
CREATE TABLE audit_program_totals (
  year        INTEGER NOT NULL,
  program_id  INTEGER NOT NULL,
  funded      INTEGER NOT NULL DEFAULT 0,
  approved_n  INTEGER NOT NULL DEFAULT 0,
  approved    INTEGER NOT NULL DEFAULT 0,
  paid_n      INTEGER NOT NULL DEFAULT 0,
  paid        INTEGER NOT NULL DEFAULT 0,
  settled_n   INTEGER NOT NULL DEFAULT 0,
  settled     INTEGER NOT NULL DEFAULT 0,
  revoked_n   INTEGER NOT NULL DEFAULT 0,
  revoked     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (year, program_id)
) WITHOUT ROWID;

-- Funder → program, per year (the left half of the fund-flow diagram).
CREATE TABLE audit_fund_flows (
  year        INTEGER NOT NULL,
  funder_name TEXT    NOT NULL,
  program_id  INTEGER NOT NULL,
  amount      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (year, funder_name, program_id)
) WITHOUT ROWID;

-- Disbursements per terminal and hour, for the unusual-rate and end-of-window flags.
-- late_n: paid in the last 10% of the entitlement's window.
CREATE TABLE audit_terminal_hours (
  terminal BLOB    NOT NULL,
  hour     INTEGER NOT NULL,
  township INTEGER NOT NULL,
  paid_n   INTEGER NOT NULL DEFAULT 0,
  paid     INTEGER NOT NULL DEFAULT 0,
  late_n   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (terminal, hour)
) WITHOUT ROWID;
CREATE INDEX audit_terminal_hours_hour ON audit_terminal_hours(hour);
`
