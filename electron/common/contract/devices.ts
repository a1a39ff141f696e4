import { z } from 'zod'
import type { DeviceStatus } from '../../../hardware/common/device-status'
import type { SimFault, SimState } from '../../../hardware/common/sim-control'
import { ALL_FACES, ANY_STAFF, call, event, withSession } from './define'

/** Faults the dev panel can inject into the simulated identity devices. */
export const SIM_FAULTS = ['none', 'timeout', 'garbage', 'checksum', 'wet', 'unplug'] as const satisfies readonly SimFault[]

/** What the counter's dev panel shows and changes (demo mode with simulated devices only). */
export interface SimPanelView {
  /** The demo deck: stable keys and labels, no personal data beyond the fictitious names' labels. */
  cards: Array<{ key: string; label: string; hasFingerprint: boolean }>
  state: SimState
}

/**
 * The disk holding the data dir (SQLite store, logs), for the counter's device
 * screen: 'full' when writes (claims, logs) fail or are about to, 'low' as a warning.
 */
export const storageStatusSchema = z.object({
  dataDir: z.string(),
  /** Bytes the app may still write there. */
  freeBytes: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
  state: z.enum(['ok', 'low', 'full']),
  /** The error code of failing log-file writes (e.g. ENOSPC), or null while the log is written. */
  logProblem: z.string().nullable(),
  /** Milliseconds since epoch of the reading. */
  checkedAt: z.number().int(),
})
export type StorageStatus = z.infer<typeof storageStatusSchema>

const noInput = z.object({}).strict()
const cardKey = z.string().regex(/^[a-z0-9-]{1,40}$/)

/**
 * No staff session: the sign-in screen shows the devices and the data disk (a
 * full disk is why a sign-in fails, and the 'devices.storage' event brings the
 * same to the counter face anyway), and the dev panel lays the staff card on
 * the reader to sign in. The simulator calls are refused (DEVICE_SIM_ONLY) outside
 * demo mode with simulated devices.
 */
export const devicesCalls = {
  /** Every device's status (ID-card reader, fingerprint pad, printer when attached). */
  'devices.status': call<DeviceStatus[]>()({ faces: ALL_FACES, staff: 'none', input: noInput }),
  /** Free space on the data dir's disk, read now. */
  'devices.storage': call<StorageStatus>()({ faces: ['counter'], staff: 'none', input: noInput }),
  'devices.sim.state': call<SimPanelView>()({ faces: ['counter'], staff: 'none', input: noInput }),
  'devices.sim.placeCard': call<SimPanelView>()({ faces: ['counter'], staff: 'none', input: z.object({ cardKey }).strict() }),
  'devices.sim.removeCard': call<SimPanelView>()({ faces: ['counter'], staff: 'none', input: noInput }),
  'devices.sim.setFinger': call<SimPanelView>()({ faces: ['counter'], staff: 'none', input: z.object({ cardKey: cardKey.nullable() }).strict() }),
  'devices.sim.setFault': call<SimPanelView>()({
    faces: ['counter'],
    staff: 'none',
    input: z.object({ role: z.enum(['idcard', 'fingerprint']), fault: z.enum(SIM_FAULTS) }).strict(),
  }),
}

/** Conditions the simulated receipt printer can be put in (demo mode only). */
export interface SimPrinterFaults {
  paperOut: boolean
  paperNearEnd: boolean
  coverOpen: boolean
  cutterError: boolean
  /** false: the printer stops answering status requests. */
  answering: boolean
}

export const deviceSelfTestCalls = {
  /**
   * Staff's self-test of one device: the reader's SAM check, the pad's handshake, the printer's status.
   * For signed-in staff: sign-in does not need it, the reader re-runs its start-up check on every poll
   * after a failure and the pad on its heartbeat, so a self-test only makes that happen now.
   */
  'devices.selfTest': call<DeviceStatus>()({
    faces: ['counter'],
    staff: ANY_STAFF,
    input: withSession({ role: z.enum(['idcard', 'fingerprint', 'printer']) }),
  }),
}

export const simPrinterCalls = {
  'devices.sim.printer': call<SimPrinterFaults>()({
    faces: ['counter'],
    staff: 'none',
    input: z
      .object({ paperOut: z.boolean(), paperNearEnd: z.boolean(), coverOpen: z.boolean(), cutterError: z.boolean(), answering: z.boolean() })
      .partial()
      .strict(),
  }),
}

export const devicesEvents = {
  /** One device's status changed (state or reason). */
  'devices.status': event<DeviceStatus>(ALL_FACES),
  /** The data disk's state, log problem or free space (by 1 MiB or more) changed. */
  'devices.storage': event<StorageStatus>(['counter'], { latest: true }),
}
