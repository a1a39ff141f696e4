import { FrameScanner, type FrameJudgement } from './frame-scanner'

/**
 * AS608 / R30x "EF 01" packet codec, protocols doc §2.1. Confirmed (checked
 * against example packets): `EF 01 | ADDR(4) | PID | LEN(2, BE) | payload |
 * SUM(2, BE)`, LEN = payload + 2, SUM = 16-bit sum of PID, both LEN bytes and
 * the payload. Default address FFFFFFFF.
 */
export const EF01_HEADER = Uint8Array.of(0xef, 0x01)
export const DEFAULT_ADDRESS = 0xffffffff

export const Pid = {
  command: 0x01,
  data: 0x02,
  ack: 0x07,
  endData: 0x08,
} as const

/**
 * Largest payload accepted. Data packets carry 32–256 bytes (§2.4); acks are
 * small. Assumption: nothing legitimate exceeds 256 + a few bytes.
 */
export const EF01_MAX_PAYLOAD = 512

export interface Ef01Packet {
  address: number
  pid: number
  payload: Uint8Array
}

export function encodeEf01(packet: Ef01Packet): Uint8Array {
  const len = packet.payload.length + 2
  if (len > 0xffff) throw new RangeError(`EF01 payload too long: ${packet.payload.length}`)
  const out = new Uint8Array(9 + len)
  out.set(EF01_HEADER, 0)
  out[2] = (packet.address >>> 24) & 0xff
  out[3] = (packet.address >>> 16) & 0xff
  out[4] = (packet.address >>> 8) & 0xff
  out[5] = packet.address & 0xff
  out[6] = packet.pid
  out[7] = len >> 8
  out[8] = len & 0xff
  out.set(packet.payload, 9)
  const sum = sum16(out, 6, 9 + packet.payload.length)
  out[out.length - 2] = sum >> 8
  out[out.length - 1] = sum & 0xff
  return out
}

/** A command packet: instruction code then parameters. */
export function encodeEf01Command(instruction: number, params: ArrayLike<number> = [], address = DEFAULT_ADDRESS): Uint8Array {
  return encodeEf01({ address, pid: Pid.command, payload: Uint8Array.from([instruction, ...Array.from(params)]) })
}

/** Splits a data block into data packets (`02` … ending with `08`). */
export function encodeEf01Data(data: Uint8Array, packetSize: number, address = DEFAULT_ADDRESS): Uint8Array[] {
  if (![32, 64, 128, 256].includes(packetSize)) throw new RangeError(`EF01 packet size must be 32/64/128/256, got ${packetSize}`)
  const packets: Uint8Array[] = []
  for (let at = 0; at < data.length; at += packetSize) {
    const last = at + packetSize >= data.length
    packets.push(encodeEf01({ address, pid: last ? Pid.endData : Pid.data, payload: data.subarray(at, at + packetSize) }))
  }
  return packets
}

export function sum16(bytes: Uint8Array, from: number, to: number): number {
  let s = 0
  for (let i = from; i < to; i++) s += bytes[i]!
  return s & 0xffff
}

const KNOWN_PIDS = new Set<number>(Object.values(Pid))

function judgeEf01(buf: Uint8Array): FrameJudgement<Ef01Packet> {
  if (buf.length < 9) return { kind: 'need' }
  const pid = buf[6]!
  if (!KNOWN_PIDS.has(pid)) return { kind: 'bad', reason: 'header' }
  const len = (buf[7]! << 8) | buf[8]!
  if (len < 2 || len > EF01_MAX_PAYLOAD + 2) return { kind: 'bad', reason: 'length' }
  const size = 9 + len
  if (buf.length < size) return { kind: 'need' }
  const sum = (buf[size - 2]! << 8) | buf[size - 1]!
  if (sum16(buf, 6, size - 2) !== sum) return { kind: 'bad', reason: 'checksum' }
  const address = ((buf[2]! << 24) | (buf[3]! << 16) | (buf[4]! << 8) | buf[5]!) >>> 0
  return { kind: 'frame', frame: { address, pid, payload: buf.slice(9, size - 2) }, size }
}

/** Streaming EF01 decoder with resync and counters (see FrameScanner). */
export class Ef01Decoder extends FrameScanner<Ef01Packet> {
  constructor() {
    super(EF01_HEADER, judgeEf01, 9 + EF01_MAX_PAYLOAD + 2)
  }
}

/** Instruction codes used by the driver and the simulator, protocols doc §2.2. */
export const Instruction = {
  genImg: 0x01,
  img2Tz: 0x02,
  match: 0x03,
  upChar: 0x08,
  downChar: 0x09,
  readSysPara: 0x0f,
  vfyPwd: 0x13,
  /** PortControl; pyfingerprint sends `17 00` as a handshake. */
  handshake: 0x17,
} as const

/** Template (character file) size, §2.4 (confirmed). */
export const TEMPLATE_BYTES = 512
