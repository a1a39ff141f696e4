import type { DeviceRole, DeviceState, DeviceStatus } from './common/device-status'
import { Listeners } from './common/listeners'

/**
 * What the device manager holds per role. The ID-card reader, the fingerprint
 * pad and the receipt printer all fit it (the role is `status.role`).
 */
export interface ManagedDevice {
  readonly status: DeviceStatus
  onStatus(listener: (status: DeviceStatus) => void): () => void
  open(): Promise<void>
  close(): Promise<void>
}

/**
 * One device's DeviceStatus: emits when state or reason changes, and carries
 * counters (read by the staff device screen, not emitted on every tick).
 */
export class StatusTracker {
  private current: DeviceStatus
  private readonly changes = new Listeners<[DeviceStatus]>()

  constructor(role: DeviceRole, spec: string, counterNames: readonly string[]) {
    this.current = { role, spec, state: 'offline', reason: 'NOT_OPEN', since: Date.now(), counters: Object.fromEntries(counterNames.map((n) => [n, 0])) }
  }

  get status(): DeviceStatus {
    return { ...this.current, counters: { ...this.current.counters } }
  }

  get state(): DeviceState {
    return this.current.state
  }

  set(state: DeviceState, reason: string | null = null): void {
    if (this.current.state === state && this.current.reason === reason) return
    this.current = { ...this.current, state, reason, since: Date.now() }
    this.changes.emit(this.status)
  }

  count(name: string, by = 1): void {
    this.current.counters[name] = (this.current.counters[name] ?? 0) + by
  }

  /** Sets counters to absolute values (e.g. a decoder's own tallies). */
  setCounters(values: Record<string, number>): void {
    Object.assign(this.current.counters, values)
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.changes.add(listener)
  }
}
