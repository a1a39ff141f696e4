import { FrameScanner, type FrameJudgement } from './frame-scanner'

/**
 * SAM_V frame codec (GA 467 ID-card reader module), protocols doc §1.2.
 * Confirmed (doc, matched sources): `AA AA AA 96 69 | LEN(2, BE) | body | CHK`;
 * LEN counts the bytes after itself including CHK; CHK = XOR of LEN_H through
 * the last body byte (preamble excluded). The same layout is used in both
 * directions.
 */
export const SAM_PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69)

/**
 * Largest LEN we accept. The largest known reply is `30 10` at LEN 0x090A
 * (2314); anything far beyond that is garbage. Assumption: no reader sends
 * more than 4 KiB in one frame.
 */
export const SAM_MAX_LEN = 4096

/** Builds a frame around a body (command `CMD PARA DATA…` or response `SW1 SW2 SW3 DATA…`). */
export function encodeSamFrame(body: Uint8Array): Uint8Array {
  const len = body.length + 1
  if (body.length < 2) throw new RangeError(`SAM body too short: ${body.length} bytes (a command has CMD PARA)`)
  if (len > SAM_MAX_LEN) throw new RangeError(`SAM body too long: ${body.length} bytes`)
  const frame = new Uint8Array(7 + len)
  frame.set(SAM_PREAMBLE, 0)
  frame[5] = len >> 8
  frame[6] = len & 0xff
  frame.set(body, 7)
  frame[frame.length - 1] = xor(frame, 5, frame.length - 1)
  return frame
}

/** `AA AA AA 96 69 00 03 CMD PARA CHK` (plus optional data). */
export function encodeSamCommand(cmd: number, para: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = new Uint8Array(2 + data.length)
  body[0] = cmd
  body[1] = para
  body.set(data, 2)
  return encodeSamFrame(body)
}

/** XOR of bytes [from, to). */
export function xor(bytes: Uint8Array, from: number, to: number): number {
  let x = 0
  for (let i = from; i < to; i++) x ^= bytes[i]!
  return x
}

/** A reader's reply: status words and data (CHK stripped). */
export interface SamResponse {
  sw1: number
  sw2: number
  /** Module status: 0x90 success, 0x9F find OK, 0x80 no card, … (see sam-status.ts). */
  sw3: number
  data: Uint8Array
}

/** Splits a response body (`SW1 SW2 SW3 DATA…`); null if it is too short to be a response. */
export function parseSamResponse(body: Uint8Array): SamResponse | null {
  if (body.length < 3) return null
  return { sw1: body[0]!, sw2: body[1]!, sw3: body[2]!, data: body.subarray(3) }
}

function judgeSam(buf: Uint8Array): FrameJudgement<Uint8Array> {
  if (buf.length < 7) return { kind: 'need' }
  const len = (buf[5]! << 8) | buf[6]!
  // The shortest real frame is a command (CMD PARA CHK): LEN 3.
  if (len < 3 || len > SAM_MAX_LEN) return { kind: 'bad', reason: 'length' }
  const size = 7 + len
  if (buf.length < size) return { kind: 'need' }
  if (xor(buf, 5, size - 1) !== buf[size - 1]) return { kind: 'bad', reason: 'checksum' }
  return { kind: 'frame', frame: buf.slice(7, size - 1), size }
}

/**
 * Streaming decoder: push chunks as they arrive, get frame bodies back. Resyncs
 * past garbage, oversized and mis-checksummed frames, and counts them.
 */
export class SamFrameDecoder extends FrameScanner<Uint8Array> {
  constructor() {
    super(SAM_PREAMBLE, judgeSam, 7 + SAM_MAX_LEN)
  }
}

/** Command codes, protocols doc §1.3 (checksums recomputed there). */
export const SamCommand = {
  reset: [0x10, 0xff],
  status: [0x11, 0xff],
  samId: [0x12, 0xff],
  find: [0x20, 0x01],
  select: [0x20, 0x02],
  readTextPhoto: [0x30, 0x01],
  readAddress: [0x30, 0x03],
  readTextPhotoFingerprint: [0x30, 0x10],
} as const satisfies Record<string, readonly [number, number]>
