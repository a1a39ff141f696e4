import { type DeviceSpec, formatDeviceSpec } from '../common/device-spec'
import { PrinterSimulator, type PrinterSimulatorOptions } from '../sim/printer/printer-simulator'
import { attachToTransport } from '../sim/printer/attach'
import { HidTransport } from '../transport/hid-transport'
import { LpTransport } from '../transport/lp-transport'
import { MemoryLink } from '../transport/memory-transport'
import { ReconnectingTransport } from '../transport/reconnecting-transport'
import { SerialTransport } from '../transport/serial-transport'
import { TcpTransport } from '../transport/tcp-transport'
import type { Transport } from '../transport/transport'
import { ReceiptPrinter, type ReceiptPrinterOptions } from './receipt-printer'

export interface OpenedPrinter {
  printer: ReceiptPrinter
  /** The built-in simulator when the spec is `sim`, else null. */
  simulator: PrinterSimulator | null
  dispose(): Promise<void>
}

/** The transport for a configured printer spec (serial, hid, tcp, lp); `sim` is handled by openPrinter. */
export function printerTransport(spec: DeviceSpec): Transport {
  switch (spec.kind) {
    case 'serial':
      return new SerialTransport({ path: spec.path, baudRate: spec.baudRate })
    case 'tcp':
      return new TcpTransport({ host: spec.host, port: spec.port })
    case 'lp':
      return new LpTransport({ path: spec.path })
    case 'hid':
      // Printers that present as HID carry ESC/POS in output reports; default framing (hid-framing.ts).
      return new HidTransport({ vendorId: spec.vendorId, productId: spec.productId })
    case 'sim':
      throw new TypeError('the sim printer has no transport of its own: use openPrinter')
  }
}

/**
 * Builds (and opens) the receipt printer for a spec. `sim` is a
 * PrinterSimulator on the far end of an in-memory link; real printers sit
 * behind a ReconnectingTransport. Opening reads status once; a printer that
 * is absent or silent still opens (offline, PORT_GONE / NO_ANSWER) so the app
 * can start and show it, and status is read again whenever the link returns.
 */
export async function openPrinter(
  spec: DeviceSpec,
  options: Omit<ReceiptPrinterOptions, 'spec' | 'baudRate'> & { simulator?: PrinterSimulatorOptions } = {},
): Promise<OpenedPrinter> {
  const printerOptions = { ...options, spec: formatDeviceSpec(spec), ...(spec.kind === 'serial' ? { baudRate: spec.baudRate } : {}) }
  if (spec.kind === 'sim') {
    const link = new MemoryLink('printer-sim')
    const simulator = new PrinterSimulator(options.simulator)
    await link.device.open()
    const detach = attachToTransport(simulator, link.device)
    const printer = new ReceiptPrinter(link.host, printerOptions)
    await printer.open()
    return {
      printer,
      simulator,
      async dispose() {
        detach()
        await printer.close()
        await link.device.close()
      },
    }
  }
  // A printer that is unplugged or switched off at start-up is retried in the background.
  const transport = new ReconnectingTransport(() => printerTransport(spec), printerOptions.spec)
  const printer = new ReceiptPrinter(transport, printerOptions)
  const offReconnect = transport.onReconnect(() => void printer.readStatus())
  if (await transport.openOrRetry()) await printer.readStatus()
  return {
    printer,
    simulator: null,
    async dispose() {
      offReconnect()
      await printer.close()
    },
  }
}
