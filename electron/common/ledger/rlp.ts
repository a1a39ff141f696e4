/** Recursive Length Prefix encoding (Ethereum yellow paper, appendix B). */
import { bigintToBytes, concatBytes } from './hex'

export type RlpInput = Uint8Array | RlpInput[]

function lengthPrefix(length: number, shortBase: number): Uint8Array {
  if (length < 56) return Uint8Array.of(shortBase + length)
  const lenBytes = bigintToBytes(BigInt(length))
  return concatBytes(Uint8Array.of(shortBase + 55 + lenBytes.length), lenBytes)
}

export function rlpEncode(input: RlpInput): Uint8Array {
  if (input instanceof Uint8Array) {
    if (input.length === 1 && input[0]! < 0x80) return input
    return concatBytes(lengthPrefix(input.length, 0x80), input)
  }
  const body = concatBytes(...input.map(rlpEncode))
  return concatBytes(lengthPrefix(body.length, 0xc0), body)
}

export class RlpError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RlpError'
  }
}

/** Decodes one complete item; rejects trailing bytes and non-canonical lengths. */
export function rlpDecode(data: Uint8Array): RlpInput {
  const [item, end] = decodeAt(data, 0)
  if (end !== data.length) throw new RlpError(`trailing bytes after RLP item (${data.length - end})`)
  return item
}

function readLength(data: Uint8Array, at: number, size: number): number {
  if (at + size > data.length) throw new RlpError('RLP length runs past the end')
  if (data[at] === 0) throw new RlpError('RLP length has a leading zero')
  let n = 0
  for (let i = 0; i < size; i++) n = n * 256 + data[at + i]!
  if (n < 56) throw new RlpError('RLP long form used for a short item')
  return n
}

function decodeAt(data: Uint8Array, at: number): [RlpInput, number] {
  if (at >= data.length) throw new RlpError('RLP input ends early')
  const b = data[at]!
  if (b < 0x80) return [data.subarray(at, at + 1), at + 1]
  if (b < 0xc0) {
    const [start, len] = b <= 0xb7 ? [at + 1, b - 0x80] : [at + 1 + (b - 0xb7), readLength(data, at + 1, b - 0xb7)]
    if (start + len > data.length) throw new RlpError('RLP string runs past the end')
    if (len === 1 && b === 0x81 && data[start]! < 0x80) throw new RlpError('non-canonical single byte')
    return [data.subarray(start, start + len), start + len]
  }
  const [start, len] = b <= 0xf7 ? [at + 1, b - 0xc0] : [at + 1 + (b - 0xf7), readLength(data, at + 1, b - 0xf7)]
  const end = start + len
  if (end > data.length) throw new RlpError('RLP list runs past the end')
  const items: RlpInput[] = []
  let p = start
  while (p < end) {
    const [item, next] = decodeAt(data, p)
    items.push(item)
    p = next
  }
  if (p !== end) throw new RlpError('RLP list items overrun the list')
  return [items, end]
}
