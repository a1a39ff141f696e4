import { SerialTransport } from '../../hardware/transport/serial-transport'
import type { PtyPair } from './pty-pair'

/**
 * Runs a simulator on end A of a pty pair over real serialport, so the code
 * under test opens end B like a real device. After an unplug (pair.kill() +
 * pair.restart()) call replug() to put a fresh simulator on the new pty.
 */
export async function simOnPty<S extends { dispose(): void }>(pair: PtyPair, baudRate: number, make: (transport: SerialTransport) => S) {
  let transport = new SerialTransport({ path: pair.a, baudRate })
  await transport.open()
  const holder = { sim: make(transport) }
  return {
    get sim(): S {
      return holder.sim
    },
    async replug(configure?: (sim: S) => void): Promise<void> {
      holder.sim.dispose()
      await transport.close()
      transport = new SerialTransport({ path: pair.a, baudRate })
      await transport.open()
      holder.sim = make(transport)
      configure?.(holder.sim)
    },
    async dispose(): Promise<void> {
      holder.sim.dispose()
      await transport.close()
    },
  }
}
