import type { ClaimRecord, ClaimSink } from './ports'

/**
 * Gives the ledger a moment (a block or two) so most receipts can say 已上链
 * with the block number; after `timeoutMs` the receipt says 待上链 and prints
 * anyway. `latest` returns the session's current copy of the claims.
 */
export function awaitConfirmation(claims: ClaimRecord[], latest: () => ClaimRecord[], sink: ClaimSink, timeoutMs: number): Promise<void> {
  const settled = () => claims.every((c) => latest().find((x) => x.claimNumber === c.claimNumber)?.ledgerState !== 'queued')
  if (settled()) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      unsubscribe()
      resolve()
    }
    const timer = setTimeout(done, timeoutMs)
    const unsubscribe = sink.onChange(() => settled() && done())
  })
}
