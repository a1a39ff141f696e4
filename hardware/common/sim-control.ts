/** Simulator controls shared by the device manager, the IPC contract and the dev panel (pure types). */
export type SimFault = 'none' | 'timeout' | 'garbage' | 'checksum' | 'wet' | 'unplug'

export interface SimState {
  cardKey: string | null
  fingerKey: string | null
  faults: { idcard: SimFault; fingerprint: SimFault }
}

/** What a person (dev panel) or a test can do to the simulated identity devices. */
export interface SimControl {
  placeCard(cardKey: string): void
  removeCard(): void
  setFinger(cardKey: string | null): void
  setFault(role: 'idcard' | 'fingerprint', fault: SimFault): Promise<void>
  state(): SimState
}
