/**
 * One outbox for every signed transaction. Until v8 claims lived in
 * ledger_txs (one row per signed transaction, superseded ones kept) and the
 * counter's transactions in counter_txs (re-signed in place). From v9:
 *
 * outbox_intents: what a transaction is for (purpose + ref), the call it
 *   makes (target, calldata, gas), and how it ended. Counter rows keep their
 *   ids, so counter_batch_rows, counter_day_closes and complaints still point
 *   at the same rows; claims get the ids after them.
 * outbox_txs: every signed transaction of an intent (nonce, raw bytes, hash).
 *
 * Every raw transaction moves byte for byte with its nonce, attempts and
 * state, so nothing is re-signed or sent twice by the move. The two nonce
 * floors of a sender become one (the higher).
 */
import { bytesToHex, hexToBytes } from '../../../common/ledger/hex'
import { type RlpInput, rlpDecode } from '../../../common/ledger/rlp'
import type { Db } from '../database'

/** disburse(bytes32,bytes32,bytes32): its arguments are static, so the calldata is the selector and the three words. */
const DISBURSE_SELECTOR = '0x13fc2e27'
const CLAIM_GAS = 300_000

const schema = `
-- References to counter_txs follow the rename; the new table takes the name once the old one is gone.
ALTER TABLE counter_txs RENAME TO outbox_intents;

CREATE TABLE outbox_intents_new (
  id            INTEGER PRIMARY KEY,
  purpose       TEXT    NOT NULL,
  ref           TEXT    NOT NULL,
  chain_id      INTEGER NOT NULL,
  sender        TEXT    NOT NULL,
  target        TEXT    NOT NULL,
  calldata      TEXT    NOT NULL,
  gas           INTEGER NOT NULL,
  state         TEXT    NOT NULL CHECK (state IN ('pending', 'confirmed', 'rejected')),
  tx_hash       TEXT    NOT NULL,
  block_number  INTEGER,
  block_hash    TEXT,
  tx_index      INTEGER,
  reject_code   TEXT,
  reject_detail TEXT,
  -- Times the chain lost this intent's transaction after mining it (it was sent again): staff see it.
  forgotten     INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE TABLE outbox_txs (
  id           INTEGER PRIMARY KEY,
  intent_id    INTEGER NOT NULL REFERENCES outbox_intents(id),
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
CREATE UNIQUE INDEX outbox_txs_live_nonce ON outbox_txs(chain_id, sender, nonce) WHERE state <> 'superseded';
CREATE INDEX outbox_txs_pending ON outbox_txs(state, chain_id, sender, nonce);
CREATE INDEX outbox_txs_intent ON outbox_txs(intent_id);

ALTER TABLE ledger_claims ADD COLUMN intent_id INTEGER REFERENCES outbox_intents(id);
`

const moveCounter = `
INSERT INTO outbox_intents_new (id, purpose, ref, chain_id, sender, target, calldata, gas, state, tx_hash, block_number, reject_code, reject_detail, created_at, updated_at)
  SELECT id, kind, ref, chain_id, sender, @target, calldata, gas, state, tx_hash, block_number, reject_code,
         CASE WHEN state = 'rejected' THEN last_error END, created_at, updated_at
  FROM outbox_intents WHERE id = @id;
INSERT INTO outbox_txs (intent_id, chain_id, sender, nonce, raw_tx, tx_hash, state, attempts, last_sent_at, last_error, created_at)
  SELECT id, chain_id, sender, nonce, raw_tx, tx_hash, CASE state WHEN 'pending' THEN 'pending' ELSE 'mined' END, attempts, last_sent_at,
         CASE WHEN state = 'pending' THEN last_error END, updated_at
  FROM outbox_intents WHERE id = @id;
`

const moveClaims = `
INSERT INTO outbox_intents_new (id, purpose, ref, chain_id, sender, target, calldata, gas, state, tx_hash, block_number, block_hash, tx_index, reject_code, reject_detail, created_at, updated_at)
  SELECT c.id + @offset, 'claim', c.claim_number, c.chain_id,
         (SELECT t.sender FROM ledger_txs t WHERE t.claim_id = c.id ORDER BY t.id LIMIT 1),
         c.contract, '${DISBURSE_SELECTOR}' || substr(c.entitlement_id, 3) || substr(c.evidence_hash, 3) || substr(c.claim_ref, 3), ${CLAIM_GAS},
         CASE c.state WHEN 'signed' THEN 'pending' WHEN 'submitted' THEN 'pending' WHEN 'rejected' THEN 'rejected' ELSE 'confirmed' END,
         c.tx_hash, c.block_number, c.block_hash, c.tx_index, c.reject_code, c.reject_detail, c.created_at, c.updated_at
  FROM ledger_claims c;
UPDATE ledger_claims SET intent_id = id + @offset;
INSERT INTO outbox_txs (intent_id, chain_id, sender, nonce, raw_tx, tx_hash, state, attempts, last_sent_at, last_error, created_at)
  SELECT claim_id + @offset, chain_id, sender, nonce, raw_tx, tx_hash, state, attempts, last_sent_at, last_error, created_at FROM ledger_txs ORDER BY id;
`

const finish = `
DROP TABLE ledger_txs;
DROP TABLE outbox_intents;
ALTER TABLE outbox_intents_new RENAME TO outbox_intents;
CREATE INDEX outbox_intents_ref ON outbox_intents(purpose, ref);
CREATE INDEX outbox_intents_lane ON outbox_intents(chain_id, sender, state);
CREATE UNIQUE INDEX ledger_claims_intent ON ledger_claims(intent_id);

INSERT INTO settings (key, value)
  SELECT 'outbox.nonceFloor.' || substr(key, length('counter.nonceFloor.') + 1), MAX(CAST(value AS INTEGER))
  FROM (SELECT key, value FROM settings WHERE key LIKE 'counter.nonceFloor.%'
        UNION ALL SELECT 'counter.' || substr(key, length('ledger.') + 1), value FROM settings WHERE key LIKE 'ledger.nonceFloor.%')
  GROUP BY key;
DELETE FROM settings WHERE key LIKE 'counter.nonceFloor.%' OR key LIKE 'ledger.nonceFloor.%';
`

export function run(db: Db): void {
  db.exec(schema)
  const move = db.prepare(moveCounter.split(';')[0]!)
  const moveTx = db.prepare(moveCounter.split(';')[1]!)
  for (const row of db.prepare(`SELECT id, raw_tx FROM outbox_intents ORDER BY id`).all() as { id: number; raw_tx: string }[]) {
    const target = targetOf(row.raw_tx)
    move.run({ id: row.id, target })
    moveTx.run({ id: row.id })
  }
  const offset = (db.prepare(`SELECT COALESCE(MAX(id), 0) AS n FROM outbox_intents_new`).get() as { n: number }).n
  for (const statement of moveClaims.split(';').filter((s) => s.trim())) {
    const stmt = db.prepare(statement)
    if (statement.includes('@offset')) stmt.run({ offset })
    else stmt.run()
  }
  db.exec(finish)
}

/** The `to` of a signed EIP-1559 transaction (0x02 ‖ rlp([chainId, nonce, tip, fee, gas, to, …])). */
function targetOf(raw: string): string {
  const bytes = hexToBytes(raw, 'raw_tx')
  if (bytes[0] !== 0x02) throw new Error(`outbox migration: transaction type ${bytes[0]} is not EIP-1559`)
  const fields = rlpDecode(bytes.subarray(1)) as RlpInput[]
  const to = fields[5]
  if (!(to instanceof Uint8Array) || to.length !== 20) throw new Error('outbox migration: transaction without a 20-byte recipient')
  return bytesToHex(to)
}
