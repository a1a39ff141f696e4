import { encodeIdText } from '../common/id-text'
import { encodeSamFrame, SamFrameDecoder } from '../common/sam-frame'
import { encodeReadReply } from '../common/sam-read-reply'
import { SAM_FIND_OK, SAM_NO_CARD, SAM_OK } from '../common/sam-status'
import { TEST_CARDS, type TestCard } from '../common/test-cards'
import type { Transport } from '../transport/transport'
import { cardFingerprintBlock, cardNumbers, cardPhoto } from './card-data'
import { SimWire, type WireFault } from './sim-wire'

export interface IdCardSimulatorOptions {
  /** Pace replies at this baud rate (8N1); null sends at full speed (default). */
  baudRate?: number | null
  deck?: readonly TestCard[]
}

const SAM_ID = Uint8Array.of(0x05, 0x00, 0x01, 0x00, 0x15, 0xcd, 0x5b, 0x07, 0x39, 0x30, 0x00, 0x00, 0x31, 0xd4, 0x00, 0x00)

/**
 * A SAM_V ID-card reader module on the far end of a Transport: answers the
 * commands of protocols doc §1.3 with the replies of §1.4 for the card placed
 * on it (from the demo deck). Nothing is said unasked.
 */
export class IdCardSimulator {
  private readonly decoder = new SamFrameDecoder()
  private readonly wire: SimWire
  private readonly deck: readonly TestCard[]
  private card: TestCard | null = null
  private selected = false
  private readonly unsubscribe: () => void
  /** Commands received, by hex code ("2001"), for tests. */
  readonly received: string[] = []

  constructor(
    readonly transport: Transport,
    options: IdCardSimulatorOptions = {},
  ) {
    this.deck = options.deck ?? TEST_CARDS
    this.wire = new SimWire(transport, options.baudRate ?? null)
    this.unsubscribe = transport.onData((chunk) => {
      for (const body of this.decoder.push(chunk)) void this.handle(body)
    })
  }

  get cardKey(): string | null {
    return this.card?.key ?? null
  }

  placeCard(key: string): void {
    const card = this.deck.find((c) => c.key === key)
    if (!card) throw new RangeError(`no card "${key}" in the simulator's deck`)
    this.card = card
    this.selected = false
  }

  removeCard(): void {
    this.card = null
    this.selected = false
  }

  setFault(fault: WireFault): void {
    this.wire.fault = fault
  }

  set baudRate(rate: number | null) {
    this.wire.baudRate = rate
  }

  dispose(): void {
    this.unsubscribe()
  }

  private async handle(body: Uint8Array): Promise<void> {
    const [cmd = 0, para = 0] = body
    this.received.push(hex(cmd) + hex(para))
    await this.wire.send([encodeSamFrame(this.reply(cmd, para))])
  }

  private reply(cmd: number, para: number): Uint8Array {
    const sw = (sw3: number, data: Uint8Array = new Uint8Array(0)) => {
      const out = new Uint8Array(3 + data.length)
      out[2] = sw3
      out.set(data, 3)
      return out
    }
    const card = this.card
    switch ((cmd << 8) | para) {
      case 0x10ff:
      case 0x11ff:
        return sw(SAM_OK)
      case 0x12ff:
        return sw(SAM_OK, SAM_ID)
      case 0x2001:
        return card ? sw(SAM_FIND_OK, cardNumbers(card).managementNumber) : sw(SAM_NO_CARD)
      case 0x2002:
        if (!card) return sw(0x81)
        this.selected = true
        return sw(SAM_OK, cardNumbers(card).serial)
      case 0x3001:
      case 0x3010: {
        if (!card || !this.selected) return sw(0x41)
        const text = encodeIdText({
          name: card.name,
          gender: card.gender,
          nation: card.nation,
          birth: card.birth,
          address: card.address,
          idNumber: card.idNumber,
          authority: card.authority,
          validFrom: card.validFrom,
          validTo: card.validTo,
        })
        const fingerprint = para === 0x10 ? cardFingerprintBlock(card) : null
        return sw(SAM_OK, encodeReadReply({ text, photo: cardPhoto(card), fingerprint }))
      }
      case 0x3003:
        return sw(0x91) // no appended address on the demo cards
      default:
        if (cmd === 0x60 && para <= 4) return sw(SAM_OK)
        return sw(0x21)
    }
  }
}

const hex = (n: number) => n.toString(16).padStart(2, '0')
