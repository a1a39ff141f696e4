/**
 * The QR trace code on a claim receipt. Payload: `HMTRACE:<64 hex digits, upper case>`
 * (the claim's transaction hash without 0x), or `HMTRACE:CLAIM:<claim number>` when
 * no transaction hash exists yet.
 *
 * Why not a URL: the audit display in the hall reads the code with its own
 * scanner and looks the transaction up on the ledger; there is no public web
 * site, and a URL would send phones to a host that does not exist. A plain
 * prefixed string is shown as text by phone scanners. Upper case keeps every
 * character inside QR's alphanumeric set (0-9 A-Z : and a few more), which
 * makes the symbol one version smaller (29×29 instead of 37×37 modules at
 * level M) and easier to print and scan.
 */
export const TRACE_PREFIX = 'HMTRACE:'

export type TraceTarget = { kind: 'tx'; txHash: `0x${string}` } | { kind: 'claim'; claimNo: string }

const TX_HASH = /^0x[0-9a-fA-F]{64}$/
const CLAIM_NO = /^[0-9A-Za-z-]{1,40}$/

export function tracePayload(target: TraceTarget): string {
  if (target.kind === 'tx') {
    if (!TX_HASH.test(target.txHash)) throw new RangeError(`not a transaction hash: ${target.txHash}`)
    return TRACE_PREFIX + target.txHash.slice(2).toUpperCase()
  }
  if (!CLAIM_NO.test(target.claimNo)) throw new RangeError(`claim number must be 1..40 of 0-9 A-Z a-z -`)
  return `${TRACE_PREFIX}CLAIM:${target.claimNo.toUpperCase()}`
}

/** Reads a scanned trace code back; null when it is not one of ours. */
export function parseTracePayload(text: string): TraceTarget | null {
  const t = text.trim()
  if (!t.toUpperCase().startsWith(TRACE_PREFIX)) return null
  const rest = t.slice(TRACE_PREFIX.length)
  if (/^[0-9a-fA-F]{64}$/.test(rest)) return { kind: 'tx', txHash: `0x${rest.toLowerCase()}` }
  const claim = /^CLAIM:([0-9A-Za-z-]{1,40})$/i.exec(rest)
  return claim ? { kind: 'claim', claimNo: claim[1]!.toUpperCase() } : null
}

/** 0x1234abcd…(64 hex) → "0x1234abcd...89abcdef" (ASCII dots keep the width predictable). */
export function shortTxHash(txHash: string): string {
  if (!TX_HASH.test(txHash)) throw new RangeError(`not a transaction hash: ${txHash}`)
  return `${txHash.slice(0, 10).toLowerCase()}...${txHash.slice(-8).toLowerCase()}`
}
