import { writeFileSync } from 'node:fs'
import { type DeviceSpec, formatDeviceSpec, parseDeviceSpec } from '../../common/device-spec'
import { encodeDocument } from '../../common/escpos/encoder'
import { PrinterError } from '../../printer/printer-errors'
import { printerTransport } from '../../printer/open-printer'
import { ReceiptPrinter, type StatusReading } from '../../printer/receipt-printer'
import { testPage } from '../../printer/test-page'
import { EscPosParser } from '../../sim/printer/escpos-parser'
import { renderReceiptPng } from '../../sim/printer/receipt-preview'
import { type CliCommand, type CliIo, EXIT, UsageError, intOption, parseArgs } from '../command'

const USAGE = `usage: npm run device -- printer <test|status> (--port PATH [--baud N] | --tcp HOST[:PORT] | --lp PATH)
                      [--paper 58mm|80mm] [--raster-qr] [--preview FILE.png]
  test     prints a test page (Chinese text, sizes, a QR code) and reports status
  status   reads DLE EOT 1..4 and reports status
  --raster-qr   send the QR as a raster image (printers without GS ( k)
  --preview     also write a PNG of the page as sent
exit codes: 0 printed / status ok, 1 printer fault, 2 usage, 3 cannot open or no answer`

/** `printer test|status`: the installer's check of a receipt printer. Returns the process exit code. */
export async function runPrinterCommand(args: string[], io: CliIo): Promise<number> {
  const { values, flags, words } = parseArgs(args, { values: ['port', 'baud', 'tcp', 'lp', 'paper', 'preview'], flags: ['raster-qr'] })
  const action = words[0]
  if (action !== 'test' && action !== 'status') throw new UsageError(`printer: expected "test" or "status"\n${USAGE}`)
  const targets = [values.port, values.tcp, values.lp].filter(Boolean)
  if (targets.length !== 1) throw new UsageError(`printer: give exactly one of --port, --tcp, --lp\n${USAGE}`)
  const paper = values.paper ?? '58mm'
  if (paper !== '58mm' && paper !== '80mm') throw new UsageError(`--paper must be 58mm or 80mm, got ${paper}`)
  const spec: DeviceSpec = values.port
    ? parseDeviceSpec(`serial:${values.port}@${intOption(values, 'baud', 115200)}`)
    : values.tcp
      ? parseDeviceSpec(`tcp:${values.tcp}`)
      : parseDeviceSpec(`lp:${values.lp}`)

  const transport = printerTransport(spec)
  const printer = new ReceiptPrinter(transport, { spec: formatDeviceSpec(spec), ...(spec.kind === 'serial' ? { baudRate: spec.baudRate } : {}) })
  try {
    await transport.open()
  } catch (error) {
    io.err(`无法打开打印机 Cannot open ${formatDeviceSpec(spec)}: ${(error as Error).message}`)
    return EXIT.noDevice
  }
  try {
    const first = await printer.readStatus()
    io.out(describe('打印前状态 Status', first))
    if (action === 'status') return first.state === 'online' || first.state === 'attention' ? EXIT.ok : EXIT.failure

    const doc = testPage(paper, { spec: formatDeviceSpec(spec), at: new Date().toISOString().replace('T', ' ').slice(0, 19) })
    const bytes = encodeDocument(doc, { nativeQr: !flags.has('raster-qr') })
    const started = performance.now()
    try {
      await printer.print(bytes)
    } catch (error) {
      if (!(error instanceof PrinterError)) throw error
      io.err(`打印失败 Print failed: ${error.code} ${error.reason ?? ''} — ${error.message}`)
      return error.reason === 'NO_ANSWER' ? EXIT.noDevice : EXIT.failure
    }
    io.out(`已发送测试页 Test page sent: ${bytes.length} bytes in ${(performance.now() - started).toFixed(0)} ms`)
    io.out(describe('打印后状态 Status', await printer.readStatus()))
    if (values.preview) {
      const parser = new EscPosParser()
      parser.push(bytes)
      writeFileSync(values.preview, renderReceiptPng(parser.items, { paper }))
      io.out(`预览 Preview: ${values.preview}`)
    }
    return EXIT.ok
  } finally {
    await printer.close()
  }
}

function describe(label: string, r: StatusReading): string {
  const raw = r.bytes ? r.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ') : '—'
  return `${label}: ${r.state}${r.reason ? ` (${r.reason})` : ''}  DLE EOT 1..4 → ${raw}`
}

/** `npm run device -- printer …` */
export const printerCommand: CliCommand = {
  name: 'printer',
  summary: 'receipt printer: print a test page or read status (serial, tcp, lp)',
  usage: USAGE,
  run: runPrinterCommand,
}
