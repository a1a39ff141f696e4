/**
 * audit_entitlements becomes an ordinary rowid table with a UNIQUE index on
 * the entitlement id, instead of a WITHOUT ROWID table keyed by it.
 *
 * Entitlement ids are keccak hashes, so every new entitlement landed at a
 * random place in the table's B-tree, and each row is wide (~200 bytes):
 * indexing a county's approvals moved whole pages of rows around and wrote
 * them all to the WAL at each commit. Now rows are appended in the order
 * they arrive and only the narrow (id → rowid) index takes the random
 * inserts: writing 100,000 approvals with hashed ids costs ~15 µs an event
 * instead of ~28 here. Lookups by id go through the index, one step more.
 *
 * Rows are copied as they are, so the index needs no rebuild from the ledger.
 */
export const sql = `
CREATE TABLE audit_entitlements_rowid (
  id             BLOB    NOT NULL UNIQUE,
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
);
INSERT INTO audit_entitlements_rowid SELECT
  id, program_id, commitment, township, village, amount, valid_from, valid_until, warn_at, masked_name, status,
  approved_block, approved_log, paid_block, paid_log, terminal, claim_ref, settled_block, settled_log, revoked_block, revoked_log
FROM audit_entitlements ORDER BY approved_block, approved_log;
DROP TABLE audit_entitlements;
ALTER TABLE audit_entitlements_rowid RENAME TO audit_entitlements;
CREATE INDEX audit_entitlements_commitment ON audit_entitlements(commitment);
CREATE INDEX audit_entitlements_claim ON audit_entitlements(claim_ref) WHERE claim_ref IS NOT NULL;
CREATE INDEX audit_entitlements_paid ON audit_entitlements(paid_block DESC, paid_log DESC) WHERE paid_block IS NOT NULL;
CREATE INDEX audit_entitlements_open ON audit_entitlements(warn_at) WHERE status = 1;
`
