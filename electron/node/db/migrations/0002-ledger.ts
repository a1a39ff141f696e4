/**
 * The ledger outbox. A claim and its signed transaction are written in one
 * transaction before anyone is told; the submitter moves them along.
 * ledger_claims: one row per beneficiary claim (what the receipt shows).
 * ledger_txs: every signed transaction for a claim; normally one, more only
 * when a nonce was taken by another transaction and the claim was re-signed.
 */
export const sql = `
CREATE TABLE ledger_claims (
  id             INTEGER PRIMARY KEY,
  claim_number   TEXT    NOT NULL UNIQUE,
  contract       TEXT    NOT NULL,
  chain_id       INTEGER NOT NULL,
  entitlement_id TEXT    NOT NULL,
  claim_ref      TEXT    NOT NULL,
  evidence_hash  TEXT    NOT NULL,
  evidence_json  TEXT    NOT NULL,
  amount         TEXT,
  program_id     TEXT,
  state          TEXT    NOT NULL CHECK (state IN ('signed', 'submitted', 'confirmed', 'rejected', 'settled')),
  tx_hash        TEXT    NOT NULL,
  block_number   INTEGER,
  block_hash     TEXT,
  tx_index       INTEGER,
  reject_code    TEXT,
  reject_detail  TEXT,
  settle_ref     TEXT,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
-- A paid (or pending) entitlement cannot be claimed twice; a rejected claim frees it.
CREATE UNIQUE INDEX ledger_claims_live_entitlement ON ledger_claims(contract, entitlement_id) WHERE state <> 'rejected';
CREATE INDEX ledger_claims_state ON ledger_claims(state);

CREATE TABLE ledger_txs (
  id           INTEGER PRIMARY KEY,
  claim_id     INTEGER NOT NULL REFERENCES ledger_claims(id),
  chain_id     INTEGER NOT NULL,
  sender       TEXT    NOT NULL,
  nonce        INTEGER NOT NULL,
  raw_tx       TEXT    NOT NULL,
  tx_hash      TEXT    NOT NULL UNIQUE,
  state        TEXT    NOT NULL CHECK (state IN ('pending', 'mined', 'superseded')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_sent_at INTEGER,
  last_error   TEXT,
  created_at   INTEGER NOT NULL
);
-- One live transaction per nonce: a superseded one no longer holds it.
CREATE UNIQUE INDEX ledger_txs_live_nonce ON ledger_txs(chain_id, sender, nonce) WHERE state <> 'superseded';
CREATE INDEX ledger_txs_pending ON ledger_txs(state, nonce);
CREATE INDEX ledger_txs_claim ON ledger_txs(claim_id);
`
