/**
 * A byte pipe to a device, whatever carries it: a serial port, HID reports, a
 * TCP socket, a printer device file, or an in-memory pair for simulators.
 * Codecs and drivers sit on top of this and never know which one it is.
 */
export interface Transport {
  /** Human-readable, for logs and the device list: "serial:/dev/ttyUSB0@115200". */
  readonly description: string
  readonly isOpen: boolean
  open(): Promise<void>
  /** Resolves once the bytes have been handed to the OS (drained), rejects if the device is gone. */
  write(data: Uint8Array): Promise<void>
  close(): Promise<void>
  /** Bytes from the device, in arrival order, in whatever chunks they came. Returns the unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void
  /** The link closed without close() being called (unplugged, port vanished, socket reset). */
  onDisconnect(listener: (error: Error | null) => void): () => void
}
