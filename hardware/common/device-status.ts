/** One status model for every device the app drives. */
export type DeviceRole = 'idcard' | 'fingerprint' | 'printer'

export type DeviceState = 'online' | 'offline' | 'busy' | 'error' | 'attention'

export interface DeviceStatus {
  role: DeviceRole
  /** The configured spec, e.g. "sim" or "serial:/dev/ttyUSB0@115200". */
  spec: string
  state: DeviceState
  /** A stable reason code when not simply online, e.g. "PAPER_OUT", "PORT_GONE", "SAM_FAULT"; translated by the UI. */
  reason: string | null
  /** Milliseconds since epoch when the state last changed. */
  since: number
  /** Counters for the staff device screen. */
  counters: Record<string, number>
}
