import { SerialPort } from 'serialport'
import { listHidDevices } from '../../transport/hid-transport'
import { EXIT, parseArgs, type CliCommand } from '../command'

const USAGE = `device list [--json]
  Lists serial ports (needs udevadm for USB details) and HID devices, with a guess at what each is.`

/**
 * What SerialPort.list() gives. Its declared type lives in @serialport/bindings-interface,
 * whose package exports no types under the Bundler resolution, so TypeScript sees `any`.
 */
interface PortInfo {
  path: string
  manufacturer?: string
  serialNumber?: string
  vendorId?: string
  productId?: string
}

/** Well-known USB ids seen on kiosk hardware. Guesses, shown as such. */
const KNOWN: Record<string, string> = {
  '1a86:7523': 'CH340 USB-serial adapter (common on ID-card and fingerprint modules)',
  '1a86:55d3': 'CH343 USB-serial adapter',
  '0403:6001': 'FTDI USB-serial adapter',
  '067b:2303': 'Prolific PL2303 USB-serial adapter',
  '10c4:ea60': 'Silicon Labs CP210x USB-serial adapter',
  '10c4:ea80': 'Silicon Labs CP2110 HID-to-UART bridge',
  '0400:c35a': 'ID-card reader (SAM over USB bulk; not HID) [unconfirmed id]',
  '1b55:0820': 'ZKTeco fingerprint reader (needs the ZKFinger SDK)',
}

const key = (vid: number | string | undefined, pid: number | string | undefined) => {
  const hex = (v: number | string | undefined) => (typeof v === 'number' ? v.toString(16) : (v ?? '')).toLowerCase().padStart(4, '0')
  return `${hex(vid)}:${hex(pid)}`
}

export const listCommand: CliCommand = {
  name: 'list',
  summary: 'list serial ports and HID devices',
  usage: USAGE,
  async run(args, io) {
    const { flags } = parseArgs(args, { values: [], flags: ['json'] })
    const serial = ((await SerialPort.list()) as PortInfo[]).map((p) => {
      const id = p.vendorId ? key(p.vendorId, p.productId) : null
      return {
        kind: 'serial',
        path: p.path,
        usb: id,
        manufacturer: p.manufacturer ?? null,
        serialNumber: p.serialNumber ?? null,
        guess: (id && KNOWN[id]) ?? null,
      }
    })
    const hid = (await listHidDevices()).map((d) => {
      const id = key(d.vendorId, d.productId)
      return {
        kind: 'hid',
        path: d.path ?? null,
        usb: id,
        manufacturer: d.manufacturer ?? null,
        product: d.product ?? null,
        usagePage: d.usagePage ?? null,
        guess: KNOWN[id] ?? null,
      }
    })
    if (flags.has('json')) io.out(JSON.stringify({ serial, hid }, null, 2))
    else {
      io.out(`Serial ports (${serial.length}):`)
      for (const p of serial) io.out(`  ${p.path}  ${p.usb ?? '-'}  ${p.manufacturer ?? ''}${p.guess ? `  → ${p.guess}` : ''}`)
      io.out(`HID devices (${hid.length}):`)
      for (const d of hid) io.out(`  ${d.usb}  ${d.product ?? ''} ${d.manufacturer ?? ''}  ${d.path ?? ''}${d.guess ? `  → ${d.guess}` : ''}`)
      if (serial.length + hid.length === 0) io.out('No devices found. USB serial ports appear as /dev/ttyUSB* or /dev/ttyACM*; ptys are not listed.')
    }
    return EXIT.ok
  },
}
