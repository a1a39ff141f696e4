import net from 'node:net'
import { Listeners } from '../common/listeners'
import type { Transport } from './transport'

export interface TcpTransportOptions {
  host: string
  /** 9100 for raw network receipt printers. */
  port: number
  /** Give up connecting after this long (default 3000 ms). */
  connectTimeoutMs?: number
}

/**
 * A Transport over a raw TCP socket (network receipt printers listen on port
 * 9100). Nagle is off so short status requests leave at once; write() resolves
 * when the kernel has taken the bytes. A reset or a close by the far end is
 * reported once via onDisconnect.
 */
export class TcpTransport implements Transport {
  readonly description: string
  private socket: net.Socket | null = null
  private closing = false
  private readonly dataListeners = new Listeners<[Uint8Array]>()
  private readonly disconnectListeners = new Listeners<[Error | null]>()

  constructor(private readonly options: TcpTransportOptions) {
    if (!options.host) throw new TypeError('TcpTransport: host is required')
    if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535)
      throw new TypeError(`TcpTransport: port must be 1..65535, got ${options.port}`)
    this.description = `tcp:${options.host}:${options.port}`
  }

  get isOpen(): boolean {
    return this.socket !== null && !this.socket.destroyed && this.socket.readyState === 'open'
  }

  async open(): Promise<void> {
    if (this.socket) throw new Error(`${this.description} is already open`)
    const socket = net.connect({ host: this.options.host, port: this.options.port, noDelay: true })
    const timeoutMs = this.options.connectTimeoutMs ?? 3000
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy()
        reject(Object.assign(new Error(`${this.description}: connect timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' }))
      }, timeoutMs)
      socket.once('connect', () => {
        clearTimeout(timer)
        resolve()
      })
      socket.once('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
    })
    this.closing = false
    this.socket = socket
    socket.on('data', (chunk: Buffer) => this.dataListeners.emit(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)))
    socket.on('error', () => {}) // reported through 'close' and write()
    socket.on('close', (hadError) => this.lost(socket, hadError ? new Error(`${this.description}: connection reset`) : null))
  }

  async write(data: Uint8Array): Promise<void> {
    const socket = this.socket
    if (!socket || !this.isOpen) throw Object.assign(new Error(`${this.description} is not open`), { code: 'EPIPE' })
    await new Promise<void>((resolve, reject) => socket.write(data, (err) => (err ? reject(err) : resolve())))
  }

  async close(): Promise<void> {
    const socket = this.socket
    if (!socket) return
    this.closing = true
    this.socket = null
    await new Promise<void>((resolve) => {
      if (socket.destroyed) return resolve()
      socket.once('close', () => resolve())
      socket.end()
      setTimeout(() => socket.destroy(), 500).unref()
    })
    socket.removeAllListeners()
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.add(listener)
  }

  onDisconnect(listener: (error: Error | null) => void): () => void {
    return this.disconnectListeners.add(listener)
  }

  private lost(socket: net.Socket, error: Error | null): void {
    if (this.closing || this.socket !== socket) return
    this.socket = null
    this.disconnectListeners.emit(error ?? new Error(`${this.description}: closed by the printer`))
  }
}
