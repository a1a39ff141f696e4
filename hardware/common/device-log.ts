/** The slice of the app logger drivers use (structurally the same as electron/node/log Logger). Never pass personal data. */
export interface DeviceLog {
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
}

export const silentLog: DeviceLog = { info() {}, warn() {} }
