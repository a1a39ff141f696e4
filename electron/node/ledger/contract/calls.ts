/** Calldata builders and view decoders for the HuiminRelief contract. */
import { type AbiValue, decodeNamed, encodeCall, keccakHex } from '../../../common/ledger/abi-codec'
import { type Hex, utf8Bytes } from '../../../common/ledger/hex'
import { abiItem } from './abi'

/** Role ids as the contract defines them: keccak256("ADMIN") etc. */
export const ROLES = {
  ADMIN: keccakHex(utf8Bytes('ADMIN')),
  FUNDER: keccakHex(utf8Bytes('FUNDER')),
  APPROVER: keccakHex(utf8Bytes('APPROVER')),
  SETTLER: keccakHex(utf8Bytes('SETTLER')),
  TERMINAL: keccakHex(utf8Bytes('TERMINAL')),
} as const

export type RoleName = keyof typeof ROLES

export function roleName(role: Hex): RoleName | null {
  return (Object.keys(ROLES) as RoleName[]).find((k) => ROLES[k] === role.toLowerCase()) ?? null
}

/** Calldata for a contract function, arguments in ABI order. */
export function reliefCalldata(fn: string, args: readonly unknown[]): Hex {
  return encodeCall(abiItem('function', fn), args)
}

/** Decodes a view function's return data into named outputs. */
export function decodeReliefResult(fn: string, data: Hex): Record<string, AbiValue> {
  return decodeNamed(abiItem('function', fn).outputs ?? [], data)
}

export const ENTITLEMENT_STATUS = ['none', 'approved', 'paid', 'settled', 'revoked'] as const
export type EntitlementStatus = (typeof ENTITLEMENT_STATUS)[number]
