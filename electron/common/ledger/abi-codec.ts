/**
 * Solidity ABI encoding and decoding driven by the ABI JSON's parameter
 * descriptions. Supports what the relief contract uses: uintN/intN, address,
 * bool, bytesN, bytes, string, tuples and arrays (fixed and dynamic).
 * Values: integers as bigint, address/bytes/bytesN as lowercase 0x hex, bool,
 * string, tuples as arrays in component order.
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { type Hex, bytesToHex, concatBytes, hexToBytes, utf8Bytes } from './hex'

export interface AbiParam {
  type: string
  name?: string
  indexed?: boolean
  components?: readonly AbiParam[]
}

export interface AbiItem {
  type: string
  name?: string
  inputs?: readonly AbiParam[]
  outputs?: readonly AbiParam[]
  anonymous?: boolean
  stateMutability?: string
}

export type AbiValue = bigint | boolean | string | AbiValue[]

export class AbiCodecError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AbiCodecError'
  }
}

/** Canonical type string: tuples expand to (a,b,...). */
export function canonicalType(p: AbiParam): string {
  if (!p.type.startsWith('tuple')) return p.type
  return `(${(p.components ?? []).map(canonicalType).join(',')})${p.type.slice(5)}`
}

export function signatureOf(item: AbiItem): string {
  return `${item.name}(${(item.inputs ?? []).map(canonicalType).join(',')})`
}

export function keccakHex(bytes: Uint8Array): Hex {
  return bytesToHex(keccak_256(bytes))
}

export function selectorOf(item: AbiItem): Hex {
  return keccakHex(utf8Bytes(signatureOf(item))).slice(0, 10) as Hex
}

export function topicOf(item: AbiItem): Hex {
  return keccakHex(utf8Bytes(signatureOf(item)))
}

// ---- type shape ----

interface ArrayShape {
  inner: AbiParam
  /** null for T[] */
  length: number | null
}

function arrayShape(p: AbiParam): ArrayShape | null {
  const m = /^(.*)\[(\d*)\]$/.exec(p.type)
  if (!m) return null
  return { inner: { ...p, type: m[1]! }, length: m[2] === '' ? null : Number(m[2]) }
}

function isDynamic(p: AbiParam): boolean {
  if (p.type === 'string' || p.type === 'bytes') return true
  const arr = arrayShape(p)
  if (arr) return arr.length === null || isDynamic(arr.inner)
  if (p.type === 'tuple') return (p.components ?? []).some(isDynamic)
  return false
}

function headSize(p: AbiParam): number {
  if (isDynamic(p)) return 32
  const arr = arrayShape(p)
  if (arr) return arr.length! * headSize(arr.inner)
  if (p.type === 'tuple') return (p.components ?? []).reduce((n, c) => n + headSize(c), 0)
  return 32
}

// ---- encode ----

const WORD = 32

function word(value: bigint): Uint8Array {
  const out = new Uint8Array(WORD)
  let v = value < 0n ? (1n << 256n) + value : value
  for (let i = WORD - 1; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn)
    v >>= 8n
  }
  return out
}

function padRight(bytes: Uint8Array): Uint8Array {
  const size = Math.ceil(bytes.length / WORD) * WORD
  const out = new Uint8Array(size)
  out.set(bytes)
  return out
}

function toBigint(value: unknown, name: string): bigint {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  if (typeof value === 'string' && /^(0x[0-9a-fA-F]+|\d+)$/.test(value)) return BigInt(value)
  throw new AbiCodecError(`${name}: expected an integer, got ${typeof value}`)
}

function encodeOne(p: AbiParam, value: unknown, name: string): Uint8Array {
  const arr = arrayShape(p)
  if (arr) {
    if (!Array.isArray(value)) throw new AbiCodecError(`${name}: expected an array`)
    if (arr.length !== null && value.length !== arr.length) throw new AbiCodecError(`${name}: expected ${arr.length} items`)
    const body = encodeTuple(
      value.map(() => arr.inner),
      value,
      name,
    )
    return arr.length === null ? concatBytes(word(BigInt(value.length)), body) : body
  }
  if (p.type === 'tuple') {
    const comps = p.components ?? []
    const values = Array.isArray(value) ? value : comps.map((c) => (value as Record<string, unknown>)?.[c.name ?? ''])
    return encodeTuple(comps, values, name)
  }
  if (p.type === 'string' || p.type === 'bytes') {
    const bytes = p.type === 'string' ? utf8Bytes(String(value)) : hexToBytes(String(value), name)
    return concatBytes(word(BigInt(bytes.length)), padRight(bytes))
  }
  if (p.type === 'bool') {
    if (typeof value !== 'boolean') throw new AbiCodecError(`${name}: expected a boolean`)
    return word(value ? 1n : 0n)
  }
  if (p.type === 'address') {
    const bytes = hexToBytes(String(value), name)
    if (bytes.length !== 20) throw new AbiCodecError(`${name}: an address has 20 bytes`)
    return word(BigInt(bytesToHex(bytes)))
  }
  const fixed = /^bytes(\d+)$/.exec(p.type)
  if (fixed) {
    const bytes = hexToBytes(String(value), name)
    if (bytes.length !== Number(fixed[1])) throw new AbiCodecError(`${name}: ${p.type} needs ${fixed[1]} bytes`)
    return padRight(bytes)
  }
  const int = /^(u?)int(\d*)$/.exec(p.type)
  if (int) {
    const bits = BigInt(int[2] || 256)
    const v = toBigint(value, name)
    const [min, max] = int[1] ? [0n, (1n << bits) - 1n] : [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n]
    if (v < min || v > max) throw new AbiCodecError(`${name}: ${v} does not fit ${p.type}`)
    return word(v)
  }
  throw new AbiCodecError(`${name}: unsupported ABI type ${p.type}`)
}

function encodeTuple(params: readonly AbiParam[], values: readonly unknown[], name: string): Uint8Array {
  if (values.length !== params.length) throw new AbiCodecError(`${name}: expected ${params.length} values, got ${values.length}`)
  const heads: Uint8Array[] = []
  const tails: Uint8Array[] = []
  let tailOffset = params.reduce((n, p) => n + headSize(p), 0)
  params.forEach((p, i) => {
    const encoded = encodeOne(p, values[i], `${name}.${p.name || i}`)
    if (isDynamic(p)) {
      heads.push(word(BigInt(tailOffset)))
      tails.push(encoded)
      tailOffset += encoded.length
    } else heads.push(encoded)
  })
  return concatBytes(...heads, ...tails)
}

export function encodeParams(params: readonly AbiParam[], values: readonly unknown[]): Uint8Array {
  return encodeTuple(params, values, 'args')
}

/** Calldata for one function: selector + encoded arguments. */
export function encodeCall(item: AbiItem, values: readonly unknown[]): Hex {
  return bytesToHex(concatBytes(hexToBytes(selectorOf(item)), encodeParams(item.inputs ?? [], values)))
}

// ---- decode ----

function readWord(data: Uint8Array, offset: number): Uint8Array {
  if (offset + WORD > data.length) throw new AbiCodecError(`data too short: need ${offset + WORD} bytes, have ${data.length}`)
  return data.subarray(offset, offset + WORD)
}

function readUint(data: Uint8Array, offset: number): bigint {
  return BigInt(bytesToHex(readWord(data, offset)))
}

function readSize(data: Uint8Array, offset: number): number {
  const v = readUint(data, offset)
  if (v > BigInt(data.length)) throw new AbiCodecError('offset or length out of range')
  return Number(v)
}

function decodeOne(p: AbiParam, data: Uint8Array, offset: number): AbiValue {
  const arr = arrayShape(p)
  if (arr) {
    if (arr.length === null) {
      const n = readSize(data, offset)
      return decodeTuple(
        Array.from({ length: n }, () => arr.inner),
        data.subarray(offset + WORD),
      )
    }
    return decodeTuple(
      Array.from({ length: arr.length }, () => arr.inner),
      data.subarray(offset),
    )
  }
  if (p.type === 'tuple') return decodeTuple(p.components ?? [], data.subarray(offset))
  if (p.type === 'string' || p.type === 'bytes') {
    const n = readSize(data, offset)
    if (offset + WORD + n > data.length) throw new AbiCodecError('data too short for bytes')
    const bytes = data.subarray(offset + WORD, offset + WORD + n)
    return p.type === 'string' ? new TextDecoder('utf-8', { fatal: true }).decode(bytes) : bytesToHex(bytes)
  }
  const w = readWord(data, offset)
  if (p.type === 'bool') return w[31] === 1
  if (p.type === 'address') return bytesToHex(w.subarray(12))
  const fixed = /^bytes(\d+)$/.exec(p.type)
  if (fixed) return bytesToHex(w.subarray(0, Number(fixed[1])))
  const int = /^(u?)int(\d*)$/.exec(p.type)
  if (int) {
    const v = BigInt(bytesToHex(w))
    // Signed values arrive sign-extended to 256 bits.
    return int[1] || v < 1n << 255n ? v : v - (1n << 256n)
  }
  throw new AbiCodecError(`unsupported ABI type ${p.type}`)
}

function decodeTuple(params: readonly AbiParam[], data: Uint8Array): AbiValue[] {
  let head = 0
  return params.map((p) => {
    const at = head
    head += headSize(p)
    return isDynamic(p) ? decodeOne(p, data, readSize(data, at)) : decodeOne(p, data, at)
  })
}

export function decodeParams(params: readonly AbiParam[], data: Uint8Array | Hex): AbiValue[] {
  return decodeTuple(params, typeof data === 'string' ? hexToBytes(data, 'data') : data)
}

/** Decodes into an object keyed by parameter name. */
export function decodeNamed(params: readonly AbiParam[], data: Uint8Array | Hex): Record<string, AbiValue> {
  const values = decodeParams(params, data)
  return Object.fromEntries(params.map((p, i) => [p.name || String(i), values[i]!]))
}
