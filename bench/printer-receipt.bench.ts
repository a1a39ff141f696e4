import { createLogger } from '../electron/node/log/logger'
import { ReceiptJobService } from '../electron/node/printing/receipt-job-service'
import { ReceiptPrinter } from '../hardware/printer/receipt-printer'
import { attachToTransport } from '../hardware/sim/printer/attach'
import { PrinterSimulator } from '../hardware/sim/printer/printer-simulator'
import { wireTimeMs, writePaced } from '../hardware/transport/paced-writer'
import { SerialTransport } from '../hardware/transport/serial-transport'
import type { Transport } from '../hardware/transport/transport'
import { createPtyPair } from '../test/support/pty-pair'
import { CLAIM } from '../test/unit/printer-fixtures'
import type { Benchmark } from './harness'

const BAUD = 115200
const RUNS = 9

/**
 * A pty has no baud rate of its own; this puts the UART back on the host
 * side: every write leaves at 115200 baud (8N1), byte by byte on the clock.
 */
function pacedAt(inner: Transport, baudRate: number): Transport {
  return {
    get description() {
      return `${inner.description} paced@${baudRate}`
    },
    get isOpen() {
      return inner.isOpen
    },
    open: () => inner.open(),
    close: () => inner.close(),
    write: (data) => writePaced(inner, data, baudRate),
    onData: (l) => inner.onData(l),
    onDisconnect: (l) => inner.onDisconnect(l),
  }
}

/**
 * Claim confirmed → last receipt byte at the printer, over a socat pty paced
 * at 115200 baud, against the job's own wire time. The span covers the
 * status check before the job, building the layout, GB18030 and QR encoding,
 * and the paced transfer; it ends when the simulator has the final byte (the
 * cut). The peer is the bare wire time of the job's bytes.
 */
export const benchmark: Benchmark = {
  name: 'printer receipt',
  async run(report) {
    const pty = await createPtyPair()
    const sim = new PrinterSimulator()
    const device = new SerialTransport({ path: pty.a, baudRate: BAUD })
    const host = new SerialTransport({ path: pty.b, baudRate: BAUD })
    await device.open()
    const detach = attachToTransport(sim, device)
    const printer = new ReceiptPrinter(pacedAt(host, BAUD), { spec: host.description, baudRate: BAUD })
    await printer.open()
    const log = createLogger({ level: 'error', stderrLevel: 'error' })
    try {
      for (const nativeQr of [true, false]) {
        const service = new ReceiptJobService({ printer, paper: '58mm', nativeQr, log })
        const spans: number[] = []
        let bytes = 0
        for (let run = 0; run <= RUNS; run++) {
          const receiptsBefore = sim.receipts().length
          const cut = new Promise<number>((resolve) => {
            const off = sim.onReceive(() => {
              if (sim.receipts().length > receiptsBefore) {
                off()
                resolve(performance.now())
              }
            })
          })
          const confirmedAt = performance.now()
          const job = await service.printClaimReceipt({ ...CLAIM, claimNo: `C-BENCH-${run}` })
          if (job.state !== 'printed') throw new Error(`bench job failed: ${job.error?.code}`)
          const lastByteAt = await cut
          bytes = job.bytes
          if (run > 0) spans.push(lastByteAt - confirmedAt) // run 0 warms up JIT and caches
        }
        spans.sort((a, b) => a - b)
        const median = spans[Math.floor(spans.length / 2)]!
        const wire = wireTimeMs(bytes, BAUD)
        report({
          name: `claim confirmed → last receipt byte (${nativeQr ? 'native QR' : 'raster QR fallback'})`,
          value: median,
          unit: 'ms',
          peer: `wire time of ${bytes} bytes @${BAUD}`,
          peerValue: wire,
          ratio: median / wire,
          target: '≤ 1.2×',
          note: `median of ${RUNS}, range ${spans[0]!.toFixed(1)}–${spans.at(-1)!.toFixed(1)} ms`,
        })
      }
    } finally {
      detach()
      await printer.close()
      await device.close()
      await pty.dispose()
      log.dispose()
    }
  },
}
