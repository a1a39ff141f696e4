import { formatDeviceSpec } from '../../../hardware/common/device-spec'
import type { Handler } from '../ipc/dispatcher'
import type { AppConfig } from '../config/config'
import type { HeadMonitor } from '../ledger/head-monitor'

export interface SystemDeps {
  config: AppConfig
  version: string
  shell: 'electron' | 'browser-host'
  isReady: () => boolean
  ledgerEndpoints: () => string[]
  headMonitor: HeadMonitor
}

export function createSystemHandlers(deps: SystemDeps): {
  'system.info': Handler<'system.info'>
  'system.config': Handler<'system.config'>
  'ledger.head': Handler<'ledger.head'>
} {
  return {
    'system.info': (_input, ctx) => ({
      appName: 'huimin-kiosk',
      version: deps.version,
      face: ctx.face,
      demo: deps.config.demo,
      shell: deps.shell,
      ready: deps.isReady(),
    }),
    'system.config': () => ({
      dataDir: deps.config.dataDir,
      ledgerEndpoints: deps.ledgerEndpoints(),
      embeddedLedger: deps.config.ledger.endpoints.length === 0,
      devices: {
        idcard: formatDeviceSpec(deps.config.devices.idcard),
        fingerprint: formatDeviceSpec(deps.config.devices.fingerprint),
        printer: formatDeviceSpec(deps.config.devices.printer),
      },
      township: deps.config.township,
    }),
    'ledger.head': async () => {
      await deps.headMonitor.poll()
      return deps.headMonitor.current
    },
  }
}
