import { DeviceError } from '../common/device-error'
import { encodeSamCommand, parseSamResponse, SamCommand, SamFrameDecoder, type SamResponse } from '../common/sam-frame'
import { SAM_FIND_OK, SAM_NO_CARD, SAM_OK, samStatusCode } from '../common/sam-status'
import { RequestLink } from '../transport/request-link'
import type { Transport } from '../transport/transport'

/** Reply timeouts in ms. Sources use ~100–200 ms for find/select, 2 s for `30 01`, 3 s for `30 10` (doc §1.3). */
export interface SamTimeouts {
  short: number
  read: number
  readFingerprint: number
}

export const DEFAULT_SAM_TIMEOUTS: SamTimeouts = { short: 300, read: 2000, readFingerprint: 3000 }

/** The SAM module's commands as typed calls; each returns the reply or throws a DeviceError with a stable code. */
export class SamClient {
  readonly decoder = new SamFrameDecoder()
  private readonly link: RequestLink<Uint8Array>

  constructor(
    transport: Transport,
    private readonly timeouts: SamTimeouts = DEFAULT_SAM_TIMEOUTS,
  ) {
    this.link = new RequestLink(transport, this.decoder)
  }

  async command(cmd: readonly [number, number], timeoutMs = this.timeouts.short): Promise<SamResponse> {
    const body = await this.link.request(encodeSamCommand(cmd[0], cmd[1]), timeoutMs)
    const response = parseSamResponse(body)
    if (!response) throw new DeviceError('DEVICE_PROTOCOL_ERROR', `SAM reply body of ${body.length} bytes`)
    return response
  }

  /** Module status (`11 FF`); throws unless SW3 = 90. */
  async status(): Promise<void> {
    expectOk(await this.command(SamCommand.status))
  }

  /**
   * SAM id (`12 FF`), formatted like one vendor app does (1 src, doc §1.4):
   * `d0.d2-u32le(d4..7)-u32le(d8..11)-u32le(d12..15)`, last two padded to 10 digits.
   */
  async samId(): Promise<string> {
    const r = expectOk(await this.command(SamCommand.samId))
    const d = r.data
    if (d.length < 16) throw new DeviceError('DEVICE_PROTOCOL_ERROR', `SAM id reply has ${d.length} data bytes`)
    const view = new DataView(d.buffer, d.byteOffset, d.byteLength)
    const u = (i: number) => view.getUint32(i, true)
    return `${d[0]}.${d[2]}-${u(4)}-${String(u(8)).padStart(10, '0')}-${String(u(12)).padStart(10, '0')}`
  }

  async reset(): Promise<void> {
    expectOk(await this.command(SamCommand.reset))
  }

  /** Find (`20 01`): the 4-byte card management number, or null when there is no card. */
  async find(): Promise<Uint8Array | null> {
    const r = await this.command(SamCommand.find)
    if (r.sw3 === SAM_NO_CARD) return null
    if (r.sw3 !== SAM_FIND_OK) throw samError(r)
    return r.data.slice(0, 4)
  }

  /** Select (`20 02`): true when the card answered. */
  async select(): Promise<boolean> {
    const r = await this.command(SamCommand.select)
    if (r.sw3 === 0x81) return false
    expectOk(r)
    return true
  }

  /** Read text+photo (`30 01`) or text+photo+fingerprint (`30 10`); returns the reply data. */
  async read(withFingerprint: boolean): Promise<Uint8Array> {
    const r = withFingerprint
      ? await this.command(SamCommand.readTextPhotoFingerprint, this.timeouts.readFingerprint)
      : await this.command(SamCommand.readTextPhoto, this.timeouts.read)
    return expectOk(r).data
  }

  dispose(): void {
    this.link.dispose()
  }
}

function expectOk(r: SamResponse): SamResponse {
  if (r.sw3 !== SAM_OK) throw samError(r)
  return r
}

function samError(r: SamResponse): DeviceError {
  const code = samStatusCode(r.sw3)
  return new DeviceError(code, `SAM status ${r.sw3.toString(16).padStart(2, '0')} (${code})`)
}
