/**
 * Data part of a successful `30 01` / `30 10` reply (after SW1 SW2 SW3),
 * protocols doc §1.4: TEXT_LEN(2, BE), PHOTO_LEN(2, BE), [FP_LEN(2, BE) for
 * `30 10`], then text, photo, fingerprint. Confirmed: the `30 01` prefix and
 * total size (1295 bytes). The `30 10` field meaning is the doc author's
 * arithmetic from LEN constants (assumption), including FP_LEN = 0 for a card
 * without fingerprint.
 */
export interface CardBlocks {
  text: Uint8Array
  photo: Uint8Array
  /** Null for a `30 01` read; empty for a card without fingerprint data. */
  fingerprint: Uint8Array | null
}

export class ReadReplyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ReadReplyError'
  }
}

export function parseReadReply(data: Uint8Array, withFingerprint: boolean): CardBlocks {
  const header = withFingerprint ? 6 : 4
  if (data.length < header) throw new ReadReplyError(`read reply too short: ${data.length} bytes`)
  const u16 = (i: number) => (data[i]! << 8) | data[i + 1]!
  const textLen = u16(0)
  const photoLen = u16(2)
  const fpLen = withFingerprint ? u16(4) : 0
  if (data.length !== header + textLen + photoLen + fpLen)
    throw new ReadReplyError(`read reply lengths (${textLen}+${photoLen}+${fpLen}) do not match ${data.length - header} data bytes`)
  let at = header
  const take = (n: number) => data.slice(at, (at += n))
  return { text: take(textLen), photo: take(photoLen), fingerprint: withFingerprint ? take(fpLen) : null }
}

export function encodeReadReply(blocks: CardBlocks): Uint8Array {
  const withFingerprint = blocks.fingerprint !== null
  const fp = blocks.fingerprint ?? new Uint8Array(0)
  const header = withFingerprint ? 6 : 4
  const out = new Uint8Array(header + blocks.text.length + blocks.photo.length + fp.length)
  const put16 = (i: number, v: number) => {
    out[i] = v >> 8
    out[i + 1] = v & 0xff
  }
  put16(0, blocks.text.length)
  put16(2, blocks.photo.length)
  if (withFingerprint) put16(4, fp.length)
  out.set(blocks.text, header)
  out.set(blocks.photo, header + blocks.text.length)
  out.set(fp, header + blocks.text.length + blocks.photo.length)
  return out
}
