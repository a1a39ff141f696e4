/**
 * The regional key that turns ID numbers into on-chain commitments, sealed at
 * rest like the terminal key, one row per key epoch: a county that rotates it
 * adds an epoch, new approvals are committed under the newest, and older
 * commitments are still found under theirs. `box` names the SecretBox that
 * sealed the row (resealed with a stronger one when it changes).
 */
export const sql = `
CREATE TABLE regional_keys (
  epoch      INTEGER PRIMARY KEY CHECK (epoch >= 1),
  box        TEXT    NOT NULL,
  sealed     BLOB    NOT NULL,
  created_at INTEGER NOT NULL
);
`
