import net from 'node:net'
import type { Transport } from '../../transport/transport'
import type { PrinterSimulator } from './printer-simulator'

/**
 * Puts a simulator on the device end of a transport (a pty via SerialTransport,
 * a MemoryLink's device end): bytes in are fed to it, status answers go back.
 * Returns the detach function.
 */
export function attachToTransport(sim: PrinterSimulator, transport: Transport): () => void {
  return transport.onData((chunk) => {
    const answers = sim.receive(chunk)
    if (answers.length) void transport.write(answers).catch(() => {})
  })
}

export interface PrinterTcpServer {
  readonly host: string
  readonly port: number
  /** Closes the listener and every open connection. */
  close(): Promise<void>
}

/** A network receipt printer: the simulator behind a TCP listener (127.0.0.1, free port by default). */
export async function startPrinterTcpServer(sim: PrinterSimulator, options: { host?: string; port?: number } = {}): Promise<PrinterTcpServer> {
  const host = options.host ?? '127.0.0.1'
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => {
      const answers = sim.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length))
      if (answers.length && !socket.destroyed) socket.write(answers)
    })
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const port = (server.address() as net.AddressInfo).port
  return {
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
