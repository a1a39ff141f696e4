/**
 * Ethereum transaction types and their canonical encodings: EIP-1559 (type 2)
 * and legacy with EIP-155 replay protection. Pure: no keys here, see sign.ts.
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { type Hex, bigintToBytes, bytesToHex, concatBytes, hexToBytes } from './hex'
import { type RlpInput, rlpEncode } from './rlp'

export interface AccessListEntry {
  address: Hex
  storageKeys: Hex[]
}

interface TxCommon {
  chainId: number
  nonce: number
  gas: bigint
  /** null creates a contract. */
  to: Hex | null
  value: bigint
  data: Hex
}

export interface Eip1559Tx extends TxCommon {
  type: 'eip1559'
  maxFeePerGas: bigint
  maxPriorityFeePerGas: bigint
  accessList?: AccessListEntry[]
}

export interface LegacyTx extends TxCommon {
  type: 'legacy'
  gasPrice: bigint
}

export type UnsignedTx = Eip1559Tx | LegacyTx

export interface TxSignature {
  r: bigint
  s: bigint
  /** 0 or 1 */
  yParity: number
}

function quantity(value: bigint | number, field: string): Uint8Array {
  const v = BigInt(value)
  if (v < 0n) throw new RangeError(`${field} must not be negative`)
  return bigintToBytes(v)
}

function address(value: Hex | null, field: string): Uint8Array {
  if (value === null) return new Uint8Array(0)
  const bytes = hexToBytes(value, field)
  if (bytes.length !== 20) throw new RangeError(`${field} must be a 20-byte address`)
  return bytes
}

function accessListRlp(list: AccessListEntry[] = []): RlpInput {
  return list.map((e) => [address(e.address, 'accessList.address'), e.storageKeys.map((k) => hexToBytes(k, 'accessList.storageKey'))])
}

function fields(tx: UnsignedTx): RlpInput[] {
  if (!Number.isSafeInteger(tx.chainId) || tx.chainId <= 0) throw new RangeError('chainId must be a positive integer')
  if (!Number.isSafeInteger(tx.nonce) || tx.nonce < 0) throw new RangeError('nonce must be a non-negative integer')
  const tail = [quantity(tx.gas, 'gas'), address(tx.to, 'to'), quantity(tx.value, 'value'), hexToBytes(tx.data, 'data')]
  if (tx.type === 'eip1559')
    return [
      quantity(tx.chainId, 'chainId'),
      quantity(tx.nonce, 'nonce'),
      quantity(tx.maxPriorityFeePerGas, 'maxPriorityFeePerGas'),
      quantity(tx.maxFeePerGas, 'maxFeePerGas'),
      ...tail,
      accessListRlp(tx.accessList),
    ]
  return [quantity(tx.nonce, 'nonce'), quantity(tx.gasPrice, 'gasPrice'), ...tail]
}

/** The bytes whose keccak is signed. */
export function signingPayload(tx: UnsignedTx): Uint8Array {
  if (tx.type === 'eip1559') return concatBytes(Uint8Array.of(0x02), rlpEncode(fields(tx)))
  return rlpEncode([...fields(tx), quantity(tx.chainId, 'chainId'), new Uint8Array(0), new Uint8Array(0)])
}

export function signingHash(tx: UnsignedTx): Uint8Array {
  return keccak_256(signingPayload(tx))
}

/** The raw signed transaction as sent with eth_sendRawTransaction. */
export function serializeSigned(tx: UnsignedTx, sig: TxSignature): Uint8Array {
  const rs = [quantity(sig.r, 'r'), quantity(sig.s, 's')]
  if (tx.type === 'eip1559') return concatBytes(Uint8Array.of(0x02), rlpEncode([...fields(tx), quantity(sig.yParity, 'yParity'), ...rs]))
  const v = BigInt(tx.chainId) * 2n + 35n + BigInt(sig.yParity)
  return rlpEncode([...fields(tx), quantity(v, 'v'), ...rs])
}

/** Transaction hash: keccak of the raw signed bytes. */
export function txHash(raw: Uint8Array | Hex): Hex {
  return bytesToHex(keccak_256(typeof raw === 'string' ? hexToBytes(raw, 'raw') : raw))
}
