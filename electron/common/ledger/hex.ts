/** Hex and byte helpers shared by the ledger encoders. Pure: runs anywhere. */

export type Hex = `0x${string}`

const HEX_RE = /^0x[0-9a-fA-F]*$/

export function isHex(value: unknown): value is Hex {
  return typeof value === 'string' && HEX_RE.test(value)
}

/** Parses 0x-prefixed hex (even length) into bytes; names the field when it is not. */
export function hexToBytes(hex: string, field = 'value'): Uint8Array {
  if (!isHex(hex) || hex.length % 2 !== 0) throw new TypeError(`${field} must be 0x-prefixed hex of even length`)
  const out = new Uint8Array((hex.length - 2) / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 + i * 2, 4 + i * 2), 16)
  return out
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

export function bytesToHex(bytes: Uint8Array): Hex {
  let s = '0x'
  for (let i = 0; i < bytes.length; i++) s += BYTE_HEX[bytes[i]!]
  return s as Hex
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0
  for (const p of parts) length += p.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}

/** Big-endian minimal bytes of a non-negative integer (0 → empty). */
export function bigintToBytes(value: bigint): Uint8Array {
  if (value < 0n) throw new RangeError('integer must not be negative')
  if (value === 0n) return new Uint8Array(0)
  let hex = value.toString(16)
  if (hex.length % 2) hex = `0${hex}`
  return hexToBytes(`0x${hex}`)
}

export function bytesToBigint(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(bytesToHex(bytes))
}

/** Quantity form used by JSON-RPC: 0x0, 0x1a, no leading zeros. */
export function toQuantity(value: bigint | number): Hex {
  return `0x${BigInt(value).toString(16)}`
}

export function fromQuantity(hex: string): bigint {
  if (!isHex(hex) || hex.length < 3) throw new TypeError(`"${hex}" is not a hex quantity`)
  return BigInt(hex)
}

export function utf8Bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
