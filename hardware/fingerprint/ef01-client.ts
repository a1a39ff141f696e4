import { DeviceError } from '../common/device-error'
import { FP_OK, fpConfirmationCode } from '../common/ef01-codes'
import { DEFAULT_ADDRESS, Ef01Decoder, encodeEf01Command, encodeEf01Data, Instruction, Pid, TEMPLATE_BYTES, type Ef01Packet } from '../common/ef01-packet'
import { RequestLink } from '../transport/request-link'
import type { Transport } from '../transport/transport'

export interface Ef01ClientOptions {
  address?: number
  /** Reply timeout in ms for one instruction (default 1000). */
  timeoutMs?: number
  /**
   * Data packet payload size for DownChar: 32/64/128/256. Assumption: 128
   * (libdriver's default; the factory default is unconfirmed, doc §2.4).
   */
  packetSize?: 32 | 64 | 128 | 256
}

/** One acknowledgement: confirmation code and any extra payload. */
export interface Ack {
  code: number
  data: Uint8Array
}

/** AS608 instructions as typed calls over a Transport. */
export class Ef01Client {
  readonly decoder = new Ef01Decoder()
  private readonly link: RequestLink<Ef01Packet>
  private readonly address: number
  private readonly timeoutMs: number
  private readonly packetSize: 32 | 64 | 128 | 256

  constructor(transport: Transport, options: Ef01ClientOptions = {}) {
    this.link = new RequestLink(transport, this.decoder)
    this.address = options.address ?? DEFAULT_ADDRESS
    this.timeoutMs = options.timeoutMs ?? 1000
    this.packetSize = options.packetSize ?? 128
  }

  /** Sends an instruction; resolves with its ack whatever the code (callers decide what is an error). */
  async instruction(code: number, params: ArrayLike<number> = [], timeoutMs = this.timeoutMs): Promise<Ack> {
    const packet = await this.link.request(encodeEf01Command(code, params, this.address), timeoutMs)
    if (packet.pid !== Pid.ack || packet.payload.length < 1)
      throw new DeviceError('DEVICE_PROTOCOL_ERROR', `expected an ack, got packet id ${packet.pid} with ${packet.payload.length} bytes`)
    return { code: packet.payload[0]!, data: packet.payload.subarray(1) }
  }

  /** Like instruction(), but throws the confirmation code as a DeviceError unless it is 00. */
  async expectOk(code: number, params: ArrayLike<number> = []): Promise<Uint8Array> {
    const ack = await this.instruction(code, params)
    if (ack.code !== FP_OK) throw ackError(ack.code)
    return ack.data
  }

  verifyPassword(password: number): Promise<Uint8Array> {
    return this.expectOk(Instruction.vfyPwd, [(password >>> 24) & 0xff, (password >>> 16) & 0xff, (password >>> 8) & 0xff, password & 0xff])
  }

  /** GenImg: returns the raw confirmation code (02 = no finger is normal while polling). */
  async genImg(): Promise<number> {
    return (await this.instruction(Instruction.genImg)).code
  }

  img2Tz(buffer: 1 | 2): Promise<Uint8Array> {
    return this.expectOk(Instruction.img2Tz, [buffer])
  }

  /** DownChar: the module acks the instruction, then takes the template as data packets (doc §2.2). */
  async downChar(buffer: 1 | 2, template: Uint8Array): Promise<void> {
    if (template.length !== TEMPLATE_BYTES) throw new RangeError(`template must be ${TEMPLATE_BYTES} bytes, got ${template.length}`)
    await this.expectOk(Instruction.downChar, [buffer])
    await this.link.send(encodeEf01Data(template, this.packetSize, this.address))
  }

  /** Match buffers 1 and 2: the score (0 when the module says 08 no match). */
  async match(): Promise<number> {
    const ack = await this.instruction(Instruction.match)
    if (ack.code !== FP_OK && ack.code !== 0x08) throw ackError(ack.code)
    return ack.data.length >= 2 ? (ack.data[0]! << 8) | ack.data[1]! : 0
  }

  dispose(): void {
    this.link.dispose()
  }
}

export function ackError(code: number): DeviceError {
  const reason = fpConfirmationCode(code)
  return new DeviceError(reason, `fingerprint module confirmation ${code.toString(16).padStart(2, '0')} (${reason})`)
}
