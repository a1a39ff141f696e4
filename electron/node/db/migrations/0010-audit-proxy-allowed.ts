/**
 * The kiosk looks a person's entitlements up in the audit index when the
 * node does not answer, so the index keeps what the kiosk needs to offer a
 * claim: whether a relative may collect it. Rows indexed before this keep
 * NULL (not known here: the kiosk then offers no collection by a relative
 * until the node answers).
 */
export const sql = `
ALTER TABLE audit_entitlements ADD COLUMN proxy_allowed INTEGER;
`
