import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { type DeviceSpec, formatDeviceSpec, parseDeviceSpec } from '../../common/device-spec'
import type { PaperWidth } from '../../common/escpos/document'
import { encodeDocument } from '../../common/escpos/encoder'
import { PrinterError } from '../../printer/printer-errors'
import { printerTransport } from '../../printer/open-printer'
import { ReceiptPrinter, type StatusReading } from '../../printer/receipt-printer'
import { testPage } from '../../printer/test-page'
import { EscPosParser } from '../../sim/printer/escpos-parser'
import { renderReceiptPng } from '../../sim/printer/receipt-preview'

const USAGE = `usage: npm run device -- printer <test|status> (--port PATH [--baud N] | --tcp HOST[:PORT] | --lp PATH)
                      [--paper 58mm|80mm] [--raster-qr] [--preview FILE.png]
  test     prints a test page (Chinese text, sizes, a QR code) and reports status
  status   reads DLE EOT 1..4 and reports status
  --raster-qr   send the QR as a raster image (printers without GS ( k)
  --preview     also write a PNG of the page as sent`

/** `printer test|status`: the installer's check of a receipt printer. Returns the process exit code. */
export async function runPrinterCommand(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      baud: { type: 'string', default: '115200' },
      tcp: { type: 'string' },
      lp: { type: 'string' },
      paper: { type: 'string', default: '58mm' },
      'raster-qr': { type: 'boolean', default: false },
      preview: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const action = positionals[0]
  if (values.help || (action !== 'test' && action !== 'status')) {
    out(USAGE)
    return values.help ? 0 : 2
  }
  const targets = [values.port, values.tcp, values.lp].filter(Boolean)
  if (targets.length !== 1) {
    out('give exactly one of --port, --tcp, --lp\n' + USAGE)
    return 2
  }
  if (values.paper !== '58mm' && values.paper !== '80mm') {
    out(`--paper must be 58mm or 80mm, got ${values.paper}`)
    return 2
  }
  const paper: PaperWidth = values.paper
  const spec: DeviceSpec = values.port
    ? parseDeviceSpec(`serial:${values.port}@${values.baud}`)
    : values.tcp
      ? parseDeviceSpec(`tcp:${values.tcp}`)
      : parseDeviceSpec(`lp:${values.lp}`)

  const transport = printerTransport(spec)
  const printer = new ReceiptPrinter(transport, { spec: formatDeviceSpec(spec), ...(spec.kind === 'serial' ? { baudRate: spec.baudRate } : {}) })
  try {
    await transport.open()
  } catch (error) {
    out(`无法打开打印机 Cannot open ${formatDeviceSpec(spec)}: ${(error as Error).message}`)
    return 1
  }
  try {
    const first = await printer.readStatus()
    out(describe('打印前状态 Status', first))
    if (action === 'status') return first.state === 'online' || first.state === 'attention' ? 0 : 1

    const doc = testPage(paper, { spec: formatDeviceSpec(spec), at: new Date().toISOString().replace('T', ' ').slice(0, 19) })
    const bytes = encodeDocument(doc, { nativeQr: !values['raster-qr'] })
    const started = performance.now()
    try {
      await printer.print(bytes)
    } catch (error) {
      if (!(error instanceof PrinterError)) throw error
      out(`打印失败 Print failed: ${error.code} ${error.reason ?? ''} — ${error.message}`)
      return 1
    }
    out(`已发送测试页 Test page sent: ${bytes.length} bytes in ${(performance.now() - started).toFixed(0)} ms`)
    out(describe('打印后状态 Status', await printer.readStatus()))
    if (values.preview) {
      const parser = new EscPosParser()
      parser.push(bytes)
      writeFileSync(values.preview, renderReceiptPng(parser.items, { paper }))
      out(`预览 Preview: ${values.preview}`)
    }
    return 0
  } finally {
    await printer.close()
  }
}

function describe(label: string, r: StatusReading): string {
  const raw = r.bytes ? r.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ') : '—'
  return `${label}: ${r.state}${r.reason ? ` (${r.reason})` : ''}  DLE EOT 1..4 → ${raw}`
}

/** The command's entry in the device CLI's registry. */
export const command = {
  name: 'printer',
  summary: 'receipt printer: print a test page or read status (serial, tcp, lp)',
  run: runPrinterCommand,
}
