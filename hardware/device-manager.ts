import { DeviceError } from './common/device-error'
import { silentLog, type DeviceLog } from './common/device-log'
import { formatDeviceSpec, type DeviceSpec } from './common/device-spec'
import type { DeviceRole, DeviceStatus } from './common/device-status'
import type { HidFraming } from './common/hid-framing'
import { Listeners } from './common/listeners'
import type { TestCard } from './common/test-cards'
import { identityDeviceTransport } from './device-transports'
import { FingerprintPad, type VerifyResult } from './fingerprint/fingerprint-pad'
import { IdCardReader, type CardEvent, type CardRead } from './idcard/idcard-reader'
import type { ManagedDevice } from './managed-device'
import type { SimControl } from './common/sim-control'
import type { simulatedIdentityDevices } from './sim/sim-devices'
import type { BackoffOptions } from './transport/reconnecting-transport'
import type { Transport } from './transport/transport'

export interface DeviceManagerOptions {
  idcard: DeviceSpec
  fingerprint: DeviceSpec
  /** Simulators pace their replies at real wire time: 115200 for the reader, 57600 for the pad (default true). */
  paceSimulators?: boolean
  /** Minimum match score (default 50; see FingerprintPad). */
  fingerprintThreshold?: number
  /** How long verifyFinger waits for a finger, ms (default 10 s). */
  captureTimeoutMs?: number
  /** Read polling interval of the ID-card reader, ms (default 250). */
  cardPollMs?: number
  hidFraming?: Partial<HidFraming>
  backoff?: BackoffOptions
  deck?: readonly TestCard[]
  today?: () => string
  log?: DeviceLog
}

/**
 * The one place the app asks for identity devices: builds them from the
 * configured specs (`sim` → simulators over in-memory links; `serial:` and
 * `hid:` → real transports that reopen with backoff), keeps one DeviceStatus
 * per role and relays changes, and offers readCard / card events /
 * verifyFinger. The printer role is an optional slot the printer module
 * fills with attachPrinter().
 */
export class DeviceManager {
  readonly idcard: IdCardReader
  readonly fingerprint: FingerprintPad
  /** Simulator controls when either device is `sim`, else null. */
  readonly sim: SimControl | null
  private readonly devices = new Map<DeviceRole, { device: ManagedDevice; unsubscribe: () => void; dispose: () => Promise<void> }>()
  private readonly statusListeners = new Listeners<[DeviceStatus]>()
  private readonly simDisposers: Array<() => void> = []
  private readonly simStart: Array<{ start(): Promise<void>; dispose(): void }>

  private constructor(options: DeviceManagerOptions, simulated: ReturnType<typeof simulatedIdentityDevices> | null) {
    const log = options.log ?? silentLog
    const transportFor = (spec: DeviceSpec, simHost: Transport | undefined): Transport =>
      spec.kind === 'sim' ? simHost! : identityDeviceTransport(spec, { backoff: options.backoff, hidFraming: options.hidFraming })

    this.idcard = new IdCardReader(transportFor(options.idcard, simulated?.idcard.host), {
      spec: formatDeviceSpec(options.idcard),
      pollMs: options.cardPollMs,
      today: options.today,
      log,
    })
    this.fingerprint = new FingerprintPad(transportFor(options.fingerprint, simulated?.fingerprint.host), {
      spec: formatDeviceSpec(options.fingerprint),
      threshold: options.fingerprintThreshold,
      captureTimeoutMs: options.captureTimeoutMs,
      log,
    })
    this.sim = simulated?.control ?? null
    this.simStart = simulated ? [simulated.idcard, simulated.fingerprint] : []
    this.hold('idcard', this.idcard, () => this.idcard.close())
    this.hold('fingerprint', this.fingerprint, () => this.fingerprint.close())
  }

  /** Builds and opens the identity devices. Absent real devices do not fail startup: they show offline and are retried. */
  static async create(options: DeviceManagerOptions): Promise<DeviceManager> {
    const pace = options.paceSimulators ?? true
    // The simulators and their fictitious cards are loaded only when a device is `sim`: a hall with real devices never imports them.
    const simulated =
      options.idcard.kind === 'sim' || options.fingerprint.kind === 'sim'
        ? (await import('./sim/sim-devices')).simulatedIdentityDevices({
            idcardBaud: pace ? 115200 : null,
            fingerprintBaud: pace ? 57600 : null,
            deck: options.deck,
          })
        : null
    const manager = new DeviceManager(options, simulated)
    for (const s of manager.simStart) {
      await s.start()
      manager.simDisposers.push(() => s.dispose())
    }
    await Promise.all([manager.idcard.open(), manager.fingerprint.open()])
    return manager
  }

  /** Plugs the receipt printer into the same status model; `dispose` defaults to device.close(). */
  attachPrinter(device: ManagedDevice, dispose?: () => Promise<void>): void {
    if (this.devices.has('printer')) throw new Error('a printer is already attached')
    this.hold('printer', device, dispose ?? (() => device.close()))
    this.statusListeners.emit(device.status)
  }

  statuses(): DeviceStatus[] {
    return [...this.devices.values()].map((d) => d.device.status)
  }

  /** Every state/reason change of any device. */
  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.statusListeners.add(listener)
  }

  onCard(listener: (event: CardEvent) => void): () => void {
    return this.idcard.onCard(listener)
  }

  /** The card on the reader, or the next one placed within `timeoutMs` (default 0: only a card already there). */
  readCard(timeoutMs = 0): Promise<CardRead> {
    if (this.idcard.status.state === 'offline') return Promise.reject(new DeviceError('DEVICE_GONE', 'the ID-card reader is offline'))
    return this.idcard.waitForCard(timeoutMs)
  }

  /** Captures a finger and matches it against a card's fingerprint block. */
  verifyFinger(cardFingerprint: Uint8Array | null): Promise<VerifyResult> {
    if (!cardFingerprint || cardFingerprint.length === 0) return Promise.reject(new DeviceError('CARD_NO_FINGERPRINT', 'the card carries no fingerprint'))
    return this.fingerprint.verify(cardFingerprint)
  }

  async dispose(): Promise<void> {
    for (const [, held] of [...this.devices].reverse()) {
      held.unsubscribe()
      await held.dispose().catch(() => {})
    }
    this.devices.clear()
    for (const d of this.simDisposers) d()
    this.statusListeners.clear()
  }

  private hold(role: DeviceRole, device: ManagedDevice, dispose: () => Promise<void>): void {
    this.devices.set(role, { device, dispose, unsubscribe: device.onStatus((s) => this.statusListeners.emit(s)) })
  }
}
