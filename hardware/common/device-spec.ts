/**
 * Where a device is, as written in configuration:
 *   sim                      built-in simulator (embedded default)
 *   serial:/dev/ttyUSB0@115200
 *   hid:1A86:E010            USB HID by vendor and product id (hex)
 *   tcp:192.0.2.10:9100      raw TCP (network receipt printers)
 *   lp:/dev/usb/lp0          USB printer class device file
 */
export type DeviceSpec =
  | { kind: 'sim' }
  | { kind: 'serial'; path: string; baudRate: number }
  | { kind: 'hid'; vendorId: number; productId: number }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'lp'; path: string }

export type DeviceKind = DeviceSpec['kind']

const STANDARD_BAUDS = new Set([9600, 19200, 38400, 57600, 115200, 230400, 250000, 460800, 921600])

export class DeviceSpecError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DeviceSpecError'
  }
}

/** Parses a device spec; `defaultBaud` applies when `serial:PATH` has no `@BAUD`. */
export function parseDeviceSpec(text: string, defaultBaud = 115200): DeviceSpec {
  const spec = text.trim()
  if (spec === 'sim') return { kind: 'sim' }
  const colon = spec.indexOf(':')
  if (colon < 0) throw new DeviceSpecError(`"${spec}" is not a device spec (expected sim, serial:PATH@BAUD, hid:VID:PID, tcp:HOST:PORT or lp:PATH)`)
  const kind = spec.slice(0, colon)
  const rest = spec.slice(colon + 1)
  switch (kind) {
    case 'serial': {
      const at = rest.lastIndexOf('@')
      const path = at < 0 ? rest : rest.slice(0, at)
      const baudRate = at < 0 ? defaultBaud : Number(rest.slice(at + 1))
      if (!path) throw new DeviceSpecError('serial spec needs a port path, e.g. serial:/dev/ttyUSB0@115200')
      if (!Number.isInteger(baudRate) || !STANDARD_BAUDS.has(baudRate))
        throw new DeviceSpecError(`serial baud rate "${rest.slice(at + 1)}" is not one of ${[...STANDARD_BAUDS].join(', ')}`)
      return { kind: 'serial', path, baudRate }
    }
    case 'hid': {
      const m = /^([0-9a-fA-F]{1,4}):([0-9a-fA-F]{1,4})$/.exec(rest)
      if (!m) throw new DeviceSpecError(`hid spec "${rest}" must be VID:PID in hex, e.g. hid:0400:C35A`)
      return { kind: 'hid', vendorId: parseInt(m[1]!, 16), productId: parseInt(m[2]!, 16) }
    }
    case 'tcp': {
      const idx = rest.lastIndexOf(':')
      const host = idx < 0 ? rest : rest.slice(0, idx)
      const port = idx < 0 ? 9100 : Number(rest.slice(idx + 1))
      if (!host) throw new DeviceSpecError('tcp spec needs a host, e.g. tcp:192.0.2.10:9100')
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DeviceSpecError(`tcp port "${rest.slice(idx + 1)}" is not 1-65535`)
      return { kind: 'tcp', host, port }
    }
    case 'lp':
      if (!rest.startsWith('/')) throw new DeviceSpecError(`lp spec needs an absolute device path, e.g. lp:/dev/usb/lp0`)
      return { kind: 'lp', path: rest }
    default:
      throw new DeviceSpecError(`unknown device kind "${kind}" (expected sim, serial, hid, tcp or lp)`)
  }
}

export function formatDeviceSpec(spec: DeviceSpec): string {
  switch (spec.kind) {
    case 'sim':
      return 'sim'
    case 'serial':
      return `serial:${spec.path}@${spec.baudRate}`
    case 'hid':
      return `hid:${hex4(spec.vendorId)}:${hex4(spec.productId)}`
    case 'tcp':
      return `tcp:${spec.host}:${spec.port}`
    case 'lp':
      return `lp:${spec.path}`
  }
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0')
