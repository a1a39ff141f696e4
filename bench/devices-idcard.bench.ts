import { identityDeviceTransport } from '../hardware/device-transports'
import { IdCardReader, type CardEvent } from '../hardware/idcard/idcard-reader'
import { IdCardSimulator } from '../hardware/sim/idcard-simulator'
import { wireTimeMs, writePaced } from '../hardware/transport/paced-writer'
import { SerialTransport } from '../hardware/transport/serial-transport'
import type { Report } from './harness'
import { createPtyPair, type PtyPair } from '../test/support/pty-pair'
import { simOnPty } from '../test/support/sim-on-pty'

const BAUD = 115200
const ROUNDS = 8
/** Bytes on the wire for find → select → read: commands 3 × 10, replies 15 + 19 + the read reply. */
const exchangeBytes = (readReply: number) => 30 + 15 + 19 + readReply

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** The peer: the same number of bytes sent paced over the same pty, raw, timed until all arrived. */
async function rawPacedTransfer(pair: PtyPair, bytes: number): Promise<number> {
  const a = new SerialTransport({ path: pair.a, baudRate: BAUD })
  const b = new SerialTransport({ path: pair.b, baudRate: BAUD })
  await a.open()
  await b.open()
  try {
    const times: number[] = []
    for (let i = 0; i < ROUNDS; i++) {
      let got = 0
      const arrived = new Promise<void>((resolve) => {
        const off = b.onData((c) => {
          if ((got += c.length) >= bytes) {
            off()
            resolve()
          }
        })
      })
      const start = performance.now()
      await writePaced(a, new Uint8Array(bytes).fill(0x55), BAUD)
      await arrived
      times.push(performance.now() - start)
    }
    return median(times)
  } finally {
    await a.close()
    await b.close()
  }
}

/** Card placed on the simulator → identity decoded by the reader, over real serialport, reader polling every 10 ms. */
async function placedToDecoded(pair: PtyPair, readFingerprint: boolean): Promise<number> {
  const device = await simOnPty(pair, BAUD, (t) => new IdCardSimulator(t, { baudRate: BAUD }))
  const transport = identityDeviceTransport({ kind: 'serial', path: pair.b, baudRate: BAUD })
  const reader = new IdCardReader(transport, { spec: transport.description, pollMs: 10, readFingerprint })
  const next = (type: CardEvent['type']) =>
    new Promise<void>((resolve) => {
      const off = reader.onCard((e) => {
        if (e.type === type) {
          off()
          resolve()
        }
      })
    })
  try {
    await reader.open()
    while (reader.status.state !== 'online') await new Promise((r) => setTimeout(r, 10))
    const times: number[] = []
    for (let i = 0; i < ROUNDS; i++) {
      const placed = next('placed')
      const start = performance.now()
      device.sim.placeCard(i % 2 ? 'li-xiuying' : 'ma-fuhai')
      await placed
      times.push(performance.now() - start)
      const removed = next('removed')
      device.sim.removeCard()
      await removed
    }
    return median(times)
  } finally {
    await reader.close()
    await device.dispose()
  }
}

export const benchmark = {
  name: 'ID card: placed → identity decoded over a pty at 115200 (paced simulator)',
  async run(report: Report) {
    const pair = await createPtyPair()
    try {
      for (const [label, readFingerprint, replyBytes] of [
        ['text+photo (30 01, 1295-byte reply)', false, 1295],
        ['text+photo+fingerprint (30 10, 2321-byte reply)', true, 2321],
      ] as const) {
        const bytes = exchangeBytes(replyBytes)
        const peer = await rawPacedTransfer(pair, bytes)
        const value = await placedToDecoded(pair, readFingerprint)
        report({
          name: `placed → decoded, ${label}`,
          value,
          unit: 'ms',
          peer: `raw paced transfer of the same ${bytes} bytes`,
          peerValue: peer,
          ratio: value / peer,
          note: `median of ${ROUNDS}; theoretical wire time ${wireTimeMs(bytes, BAUD).toFixed(1)} ms; includes up to 10 ms poll latency; target ≤ 1.15×`,
        })
      }
    } finally {
      await pair.dispose()
    }
  },
}
