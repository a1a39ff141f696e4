import { Ef01Decoder, encodeEf01, Instruction, Pid, TEMPLATE_BYTES, type Ef01Packet } from '../common/ef01-packet'
import { TEST_CARDS, type TestCard } from '../common/test-cards'
import type { Transport } from '../transport/transport'
import { expand, fingerTemplate } from './card-data'
import { SimWire, type WireFault } from './sim-wire'

/** Fingerprint-pad faults: the wire faults plus a wet finger (GenImg answers 05). */
export type FingerprintFault = WireFault | 'wet'

export interface FingerprintSimulatorOptions {
  baudRate?: number | null
  deck?: readonly TestCard[]
  password?: number
}

const OK = 0x00

/**
 * An AS608 module on the far end of a Transport. The simulated finger is "the
 * finger of card X": its image yields card X's first template, so it matches
 * card X's fingerprint block with a high score and any other card's with a low
 * one. Answers the instructions the driver uses (doc §2.2) and refuses others
 * with 01.
 */
export class FingerprintSimulator {
  private readonly decoder = new Ef01Decoder()
  private readonly wire: SimWire
  private readonly deck: readonly TestCard[]
  private readonly password: number
  private finger: TestCard | null = null
  private fault: FingerprintFault = 'none'
  private image: TestCard | null = null
  private readonly buffers: [Uint8Array | null, Uint8Array | null] = [null, null]
  private download: { buffer: 0 | 1; parts: Uint8Array[] } | null = null
  private readonly unsubscribe: () => void
  readonly received: number[] = []

  constructor(
    readonly transport: Transport,
    options: FingerprintSimulatorOptions = {},
  ) {
    this.deck = options.deck ?? TEST_CARDS
    this.password = options.password ?? 0
    this.wire = new SimWire(transport, options.baudRate ?? null)
    this.unsubscribe = transport.onData((chunk) => {
      for (const packet of this.decoder.push(chunk)) void this.handle(packet)
    })
  }

  /** Put the finger of this card on the pad, or lift it (null). */
  setFinger(cardKey: string | null): void {
    if (cardKey === null) {
      this.finger = null
      return
    }
    const card = this.deck.find((c) => c.key === cardKey)
    if (!card) throw new RangeError(`no card "${cardKey}" in the simulator's deck`)
    this.finger = card
  }

  get fingerKey(): string | null {
    return this.finger?.key ?? null
  }

  setFault(fault: FingerprintFault): void {
    this.fault = fault
    this.wire.fault = fault === 'wet' ? 'none' : fault
  }

  set baudRate(rate: number | null) {
    this.wire.baudRate = rate
  }

  dispose(): void {
    this.unsubscribe()
  }

  private async handle(packet: Ef01Packet): Promise<void> {
    if (packet.pid === Pid.data || packet.pid === Pid.endData) return this.takeData(packet)
    if (packet.pid !== Pid.command || packet.payload.length === 0) return
    const instruction = packet.payload[0]!
    this.received.push(instruction)
    const reply = this.execute(instruction, packet.payload.subarray(1))
    await this.wire.send([encodeEf01({ address: packet.address, pid: Pid.ack, payload: Uint8Array.from(reply) })])
  }

  private execute(instruction: number, params: Uint8Array): number[] {
    switch (instruction) {
      case Instruction.vfyPwd: {
        const pwd = params.length >= 4 ? new DataView(params.buffer, params.byteOffset).getUint32(0) : -1
        return [pwd === this.password ? OK : 0x13]
      }
      case Instruction.handshake:
        return [OK]
      case Instruction.readSysPara:
        return [OK, 0, 0, 0, 9, 1, 0x2c, 0, 3, 0xff, 0xff, 0xff, 0xff, 0, 2, 0, 6]
      case Instruction.genImg:
        if (!this.finger) return [0x02]
        if (this.fault === 'wet') return [0x05]
        this.image = this.finger
        return [OK]
      case Instruction.img2Tz: {
        const slot = params[0] === 2 ? 1 : 0
        if (!this.image) return [0x15]
        this.buffers[slot] = fingerTemplate(this.image).slice()
        return [OK]
      }
      case Instruction.downChar:
        this.download = { buffer: params[0] === 2 ? 1 : 0, parts: [] }
        return [OK]
      case Instruction.match: {
        const [a, b] = this.buffers
        if (!a || !b) return [0x08, 0, 0]
        const score = matchScore(a, b)
        return [score >= 50 ? OK : 0x08, score >> 8, score & 0xff]
      }
      default:
        return [0x01]
    }
  }

  private takeData(packet: Ef01Packet): void {
    if (!this.download) return
    this.download.parts.push(packet.payload)
    if (packet.pid !== Pid.endData) return
    const data = new Uint8Array(this.download.parts.reduce((s, p) => s + p.length, 0))
    let at = 0
    for (const p of this.download.parts) {
      data.set(p, at)
      at += p.length
    }
    this.buffers[this.download.buffer] = data.length === TEMPLATE_BYTES ? data : null
    this.download = null
  }
}

/** Same template: 150–249 (a clear match); different: 0–29. Deterministic per pair. */
function matchScore(a: Uint8Array, b: Uint8Array): number {
  const same = a.length === b.length && a.every((v, i) => v === b[i])
  const jitter = expand(`score:${a[0]}:${a[1]}:${b[0]}:${b[1]}`, 1)[0]!
  return same ? 150 + (jitter % 100) : jitter % 30
}
