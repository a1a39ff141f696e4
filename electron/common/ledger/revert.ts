/**
 * Decodes revert data returned by a node (eth_call / eth_estimateGas error
 * data, or a replayed receipt) into a custom error name and arguments.
 */
import { type AbiItem, type AbiValue, decodeParams, selectorOf } from './abi-codec'
import { type Hex, hexToBytes, isHex } from './hex'

export interface DecodedRevert {
  /** Custom error name, 'Error' for require(string), 'Panic' for panics, 'Unknown' otherwise. */
  name: string
  args: Record<string, AbiValue>
  data: Hex
}

const ERROR_STRING: AbiItem = { type: 'error', name: 'Error', inputs: [{ type: 'string', name: 'message' }] }
const PANIC: AbiItem = { type: 'error', name: 'Panic', inputs: [{ type: 'uint256', name: 'code' }] }

export function decodeRevert(data: Hex, errors: readonly AbiItem[]): DecodedRevert {
  const selector = data.slice(0, 10).toLowerCase()
  const item = [...errors, ERROR_STRING, PANIC].find((e) => e.type === 'error' && selectorOf(e) === selector)
  if (!item || data.length < 10) return { name: 'Unknown', args: {}, data }
  try {
    const values = decodeParams(item.inputs ?? [], hexToBytes(`0x${data.slice(10)}`, 'revert data'))
    return { name: item.name!, args: Object.fromEntries((item.inputs ?? []).map((p, i) => [p.name || String(i), values[i]!])), data }
  } catch {
    return { name: 'Unknown', args: {}, data }
  }
}

/**
 * Finds revert data in a JSON-RPC error's `data` field. Nodes differ: anvil
 * and geth send a hex string, some send `{ data: hex }` or a message with
 * the hex inside.
 */
export function revertDataOf(errorData: unknown): Hex | null {
  if (isHex(errorData) && errorData.length >= 10) return errorData
  if (errorData && typeof errorData === 'object') {
    const inner = (errorData as { data?: unknown }).data
    if (isHex(inner) && inner.length >= 10) return inner
  }
  return null
}
