import HID from 'node-hid'
import { checkHidFraming, decodeReport, DEFAULT_HID_FRAMING, encodeReports, type HidFraming } from '../common/hid-framing'
import { Listeners } from '../common/listeners'
import type { Transport } from './transport'

/** The part of node-hid's HIDAsync this transport uses; tests supply an in-memory report device. */
export interface HidDevice {
  write(report: Buffer): Promise<number>
  on(event: 'data', listener: (report: Buffer) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  removeAllListeners(): unknown
  close(): Promise<void>
}

export interface HidTransportOptions {
  vendorId: number
  productId: number
  /** Report framing; no public spec exists for HID-mode readers, so it is configuration (see hid-framing.ts). */
  framing?: Partial<HidFraming>
  /** Opens the device (default: node-hid HIDAsync by VID/PID). */
  openDevice?: (vendorId: number, productId: number) => Promise<HidDevice>
}

const openNodeHid = (vid: number, pid: number): Promise<HidDevice> => HID.HIDAsync.open(vid, pid) as Promise<unknown> as Promise<HidDevice>

/**
 * A Transport over USB HID reports. Writes are split into fixed-size output
 * reports; input reports are unwrapped and passed on as a byte stream. A read
 * error from node-hid (device unplugged) is reported via onDisconnect.
 */
export class HidTransport implements Transport {
  readonly description: string
  private device: HidDevice | null = null
  private closing = false
  private readonly framing: HidFraming
  private readonly dataListeners = new Listeners<[Uint8Array]>()
  private readonly disconnectListeners = new Listeners<[Error | null]>()

  constructor(private readonly options: HidTransportOptions) {
    this.framing = { ...DEFAULT_HID_FRAMING, ...options.framing }
    checkHidFraming(this.framing)
    const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0')
    this.description = `hid:${hex(options.vendorId)}:${hex(options.productId)}`
  }

  get isOpen(): boolean {
    return this.device !== null
  }

  async open(): Promise<void> {
    if (this.device) throw new Error(`${this.description} is already open`)
    const device = await (this.options.openDevice ?? openNodeHid)(this.options.vendorId, this.options.productId)
    this.closing = false
    this.device = device
    device.on('data', (report) => {
      const bytes = decodeReport(new Uint8Array(report.buffer, report.byteOffset, report.length), this.framing)
      if (bytes.length) this.dataListeners.emit(bytes)
    })
    device.on('error', (error) => this.lost(device, error))
  }

  async write(data: Uint8Array): Promise<void> {
    const device = this.device
    if (!device) throw new Error(`${this.description} is not open`)
    try {
      for (const report of encodeReports(data, this.framing)) await device.write(Buffer.from(report))
    } catch (error) {
      this.lost(device, error as Error)
      throw error
    }
  }

  async close(): Promise<void> {
    const device = this.device
    if (!device) return
    this.closing = true
    this.device = null
    device.removeAllListeners()
    await device.close().catch(() => {})
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.add(listener)
  }

  onDisconnect(listener: (error: Error | null) => void): () => void {
    return this.disconnectListeners.add(listener)
  }

  private lost(device: HidDevice, error: Error): void {
    if (this.closing || this.device !== device) return
    this.device = null
    device.removeAllListeners()
    void device.close().catch(() => {})
    this.disconnectListeners.emit(error)
  }
}

/** HID devices the OS shows (for `device list`). */
export async function listHidDevices(): Promise<HID.Device[]> {
  return HID.devicesAsync()
}
