/** Schema bookkeeping and the append-only journal of what happened on this terminal. */
export const sql = `
CREATE TABLE journal (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  actor      TEXT    NOT NULL,
  action     TEXT    NOT NULL,
  detail     TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX journal_at ON journal(at);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`
