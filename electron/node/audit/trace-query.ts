/**
 * What a person can type or scan at the trace screen: the receipt's QR
 * payload (HMTRACE:<tx hash> or HMTRACE:CLAIM:<claim number>, see
 * electron/common/receipt/trace-code.ts), a bare claim number (领取编号), or a
 * transaction hash with or without 0x.
 */
import { claimRefOf } from '../../common/ledger/commitments'
import type { Hex } from '../../common/ledger/hex'
import { parseTracePayload } from '../../common/receipt/trace-code'

export type TraceQuery = { kind: 'claimNumber'; claimNumber: string; claimRef: Hex } | { kind: 'txHash'; txHash: Hex } | { kind: 'unrecognised' }

const TX_HASH = /^(?:0x)?([0-9a-fA-F]{64})$/
const CLAIM_NUMBER = /^[0-9A-Za-z][0-9A-Za-z-]{0,39}$/

export function parseTraceQuery(text: string): TraceQuery {
  // Scanners in a Chinese IME layout may send full-width characters; fold them to ASCII.
  const t = text.trim().replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  const scanned = parseTracePayload(t)
  if (scanned?.kind === 'tx') return { kind: 'txHash', txHash: scanned.txHash.toLowerCase() as Hex }
  if (scanned?.kind === 'claim') return claim(scanned.claimNo)
  const tx = TX_HASH.exec(t)
  if (tx) return { kind: 'txHash', txHash: `0x${tx[1]!.toLowerCase()}` }
  if (CLAIM_NUMBER.test(t)) return claim(t)
  return { kind: 'unrecognised' }
}

function claim(claimNumber: string): TraceQuery {
  const normalized = claimNumber.toUpperCase()
  return { kind: 'claimNumber', claimNumber: normalized, claimRef: claimRefOf(normalized) }
}
