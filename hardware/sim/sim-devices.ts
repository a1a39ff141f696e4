import type { SimControl, SimFault } from '../common/sim-control'
import type { TestCard } from '../common/test-cards'
import { MemoryLink } from '../transport/memory-transport'
import { ReconnectingTransport } from '../transport/reconnecting-transport'
import { IdCardSimulator } from './idcard-simulator'
import { FingerprintSimulator } from './fingerprint-simulator'

/** One simulated device: the simulator on the device end of an in-memory link, the host end kept open by a ReconnectingTransport. */
export class SimDevice<S extends IdCardSimulator | FingerprintSimulator> {
  readonly link: MemoryLink
  readonly host: ReconnectingTransport
  fault: SimFault = 'none'
  private started: S | null = null

  constructor(
    name: string,
    private readonly simulator: (transport: MemoryLink['device']) => S,
  ) {
    this.link = new MemoryLink(name)
    this.host = new ReconnectingTransport(() => this.link.host, `sim:${name}`, { initialMs: 100, maxMs: 1000 })
  }

  get sim(): S {
    if (!this.started) throw new Error('simulator not started')
    return this.started
  }

  async start(): Promise<void> {
    await this.link.device.open()
    this.started = this.simulator(this.link.device)
  }

  async setFault(fault: SimFault): Promise<void> {
    this.fault = fault
    if (fault === 'unplug') return this.link.unplug()
    if (!this.link.plugged) {
      this.link.replug()
      await this.link.device.open()
    }
    const sim = this.sim
    if (sim instanceof FingerprintSimulator) sim.setFault(fault)
    else if (fault !== 'wet') sim.setFault(fault)
  }

  dispose(): void {
    this.started?.dispose()
    void this.link.device.close()
  }
}

export function simulatedIdentityDevices(options: { idcardBaud: number | null; fingerprintBaud: number | null; deck?: readonly TestCard[] }) {
  const idcard = new SimDevice('idcard', (t) => new IdCardSimulator(t, { baudRate: options.idcardBaud, deck: options.deck }))
  const fingerprint = new SimDevice('fingerprint', (t) => new FingerprintSimulator(t, { baudRate: options.fingerprintBaud, deck: options.deck }))
  const control: SimControl = {
    placeCard: (key) => idcard.sim.placeCard(key),
    removeCard: () => idcard.sim.removeCard(),
    setFinger: (key) => fingerprint.sim.setFinger(key),
    setFault: async (role, fault) => {
      if (role === 'idcard' && fault === 'wet') throw new RangeError('"wet" is a fingerprint fault')
      await (role === 'idcard' ? idcard : fingerprint).setFault(fault)
    },
    state: () => ({
      cardKey: idcard.sim.cardKey,
      fingerKey: fingerprint.sim.fingerKey,
      faults: { idcard: idcard.fault, fingerprint: fingerprint.fault },
    }),
  }
  return { idcard, fingerprint, control }
}
