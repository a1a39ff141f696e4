import type { CounterTxView } from '../../common/contract/counter'
import type { IntentRecord } from '../ledger/outbox/types'

export type CounterTxKind = CounterTxView['kind']

/** An outbox intent of the counter's lanes, as the queue and day-close screens show it. */
export function counterTxView(i: IntentRecord): CounterTxView {
  return {
    id: i.id,
    kind: i.purpose as CounterTxKind,
    ref: i.ref,
    state: i.state,
    txHash: i.txHash,
    nonce: i.nonce,
    attempts: i.attempts,
    lastError: i.lastError,
    rejectCode: i.rejectCode,
    blockNumber: i.blockNumber,
    forgotten: i.forgotten,
    createdAt: i.createdAt,
  }
}
