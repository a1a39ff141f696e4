import { AppError } from '../../../common/result'
import { type DecodedRevert, decodeRevert, revertDataOf } from '../../../common/ledger/revert'
import { reliefErrorCode } from '../../../common/ledger/relief-errors'
import { RpcError } from '../rpc-client'
import { HUIMIN_RELIEF_ABI } from './abi'

const ERROR_ITEMS = HUIMIN_RELIEF_ABI.filter((i) => i.type === 'error')

/** A contract call that reverted, with the custom error decoded (code LEDGER_<ERROR>). */
export class LedgerRevertError extends AppError {
  constructor(
    readonly revert: DecodedRevert,
    context: string,
  ) {
    super(reliefErrorCode(revert.name), `${context} reverted with ${revert.name}${formatArgs(revert.args)}`)
    this.name = 'LedgerRevertError'
  }
}

function formatArgs(args: Record<string, unknown>): string {
  const entries = Object.entries(args)
  return entries.length ? `(${entries.map(([k, v]) => `${k}=${String(v)}`).join(', ')})` : ''
}

export function decodeReliefRevert(data: `0x${string}`): DecodedRevert {
  return decodeRevert(data, ERROR_ITEMS)
}

/** If the RPC error carries revert data, the decoded LedgerRevertError; otherwise null. */
export function revertFromRpcError(e: unknown, context: string): LedgerRevertError | null {
  if (!(e instanceof RpcError) || e.code !== 'RPC_NODE_ERROR') return null
  const data = revertDataOf(e.details.data)
  if (data) return new LedgerRevertError(decodeReliefRevert(data), context)
  if (/revert/i.test(e.message)) return new LedgerRevertError({ name: 'Unknown', args: {}, data: '0x' }, context)
  return null
}
