import { Listeners } from '../common/listeners'
import type { Transport } from './transport'

/**
 * One end of an in-memory wire. Bytes written on one end arrive at the other
 * end's onData (asynchronously, like a real port) while both ends are open and
 * the link is plugged; bytes sent to a closed end are lost, as on a wire.
 */
export class MemoryTransport implements Transport {
  private open_ = false
  private peer: MemoryTransport | null = null
  readonly dataListeners = new Listeners<[Uint8Array]>()
  private readonly disconnectListeners = new Listeners<[Error | null]>()

  constructor(
    readonly description: string,
    private readonly link: MemoryLink,
  ) {}

  /** @internal wiring done by MemoryLink */
  connect(peer: MemoryTransport): void {
    this.peer = peer
  }

  get isOpen(): boolean {
    return this.open_
  }

  async open(): Promise<void> {
    if (!this.link.plugged) throw Object.assign(new Error(`${this.description}: no such device (unplugged)`), { code: 'ENOENT' })
    if (this.open_) throw new Error(`${this.description} is already open`)
    this.open_ = true
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.open_) throw Object.assign(new Error(`${this.description} is not open`), { code: 'EIO' })
    const copy = data.slice()
    const peer = this.peer
    await new Promise<void>((resolve) => setImmediate(resolve))
    if (peer?.open_ && this.link.plugged) peer.dataListeners.emit(copy)
  }

  async close(): Promise<void> {
    this.open_ = false
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.add(listener)
  }

  onDisconnect(listener: (error: Error | null) => void): () => void {
    return this.disconnectListeners.add(listener)
  }

  /** @internal called by MemoryLink.unplug() */
  drop(error: Error): void {
    if (!this.open_) return
    this.open_ = false
    this.disconnectListeners.emit(error)
  }
}

/** A connected pair of MemoryTransports, with a plug you can pull. */
export class MemoryLink {
  plugged = true
  readonly host: MemoryTransport
  readonly device: MemoryTransport

  constructor(name = 'memory') {
    this.host = new MemoryTransport(`${name}:host`, this)
    this.device = new MemoryTransport(`${name}:device`, this)
    this.host.connect(this.device)
    this.device.connect(this.host)
  }

  /** Both ends see onDisconnect; open() fails until replug(). */
  unplug(): void {
    if (!this.plugged) return
    this.plugged = false
    const error = Object.assign(new Error('device unplugged'), { disconnected: true })
    this.host.drop(error)
    this.device.drop(error)
  }

  replug(): void {
    this.plugged = true
  }
}
