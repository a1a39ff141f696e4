/**
 * The HuiminRelief contract's ABI and creation bytecode, read from the
 * committed artefact (resources/contracts/HuiminRelief.json, built by
 * scripts/compile-contract.ts; a unit test checks it matches the source).
 */
import artefact from '../../../../resources/contracts/HuiminRelief.json' with { type: 'json' }
import type { AbiItem } from '../../../common/ledger/abi-codec'
import type { Hex } from '../../../common/ledger/hex'

export const HUIMIN_RELIEF_ABI: readonly AbiItem[] = artefact.abi
export const HUIMIN_RELIEF_BYTECODE: Hex = artefact.bytecode as Hex
export const HUIMIN_RELIEF_SOURCE_HASH: Hex = artefact.sourceHash as Hex
export const HUIMIN_RELIEF_COMPILER = artefact.compiler

export function abiItem(type: 'function' | 'event' | 'error', name: string): AbiItem {
  const item = HUIMIN_RELIEF_ABI.find((i) => i.type === type && i.name === name)
  if (!item) throw new Error(`HuiminRelief ABI has no ${type} ${name}`)
  return item
}
