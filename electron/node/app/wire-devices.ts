import { DeviceManager } from '../../../hardware/device-manager'
import { openPrinter } from '../../../hardware/printer/open-printer'
import type { PrinterSimulator } from '../../../hardware/sim/printer/printer-simulator'
import type { SimPrinterFaults } from '../../common/contract/devices'
import { AppError } from '../../common/result'
import type { AppConfig } from '../config/config'
import type { EventBus } from '../ipc/event-bus'
import type { Handler } from '../ipc/dispatcher'
import type { Logger } from '../log/logger'
import { ReceiptJobService } from '../printing/receipt-job-service'
import { relayDeviceStatus } from './device-handlers'
import type { DisposeScope } from './dispose-scope'

export interface DeviceParts {
  devices: DeviceManager
  receipts: ReceiptJobService
  printerSimulator: PrinterSimulator | null
}

/**
 * The devices: ID-card reader and fingerprint pad in the device manager, the
 * receipt printer in its printer slot, and the receipt job service on top.
 * Missing real devices do not stop start-up: they show offline and are retried.
 */
export async function wireDevices(
  config: AppConfig,
  log: Logger,
  bus: EventBus,
  scope: DisposeScope,
  placeName: (code: string) => string | null,
): Promise<DeviceParts> {
  const devices = await DeviceManager.create({ idcard: config.devices.idcard, fingerprint: config.devices.fingerprint, log: log.child('devices') })
  scope.add(() => devices.dispose())
  scope.add(relayDeviceStatus(devices, bus))
  const opened = await openPrinter(config.devices.printer)
  devices.attachPrinter(opened.printer, () => opened.dispose())
  scope.add(opened.printer.onStatus((status) => bus.emit('printer.status', status)))
  const receipts = new ReceiptJobService({ printer: opened.printer, paper: config.printerPaper, nativeQr: true, placeName, log: log.child('printer') })
  return { devices, receipts, printerSimulator: opened.simulator }
}

/** Staff's self-test button per device; each test goes through the device's own driver so it never interleaves with its work. */
export function createSelfTestHandler(devices: DeviceManager, receipts: ReceiptJobService): { 'devices.selfTest': Handler<'devices.selfTest'> } {
  return {
    'devices.selfTest': async ({ role }) => {
      if (role === 'idcard') return devices.idcard.selfTest()
      if (role === 'fingerprint') {
        await devices.fingerprint.check()
        return devices.fingerprint.status
      }
      return (await receipts.readiness()).status
    },
  }
}

/** The dev panel's control of the simulated printer (demo mode only). */
export function createSimPrinterHandler(
  simulator: PrinterSimulator | null,
  demo: boolean,
  refresh: () => Promise<unknown>,
): { 'devices.sim.printer': Handler<'devices.sim.printer'> } {
  return {
    'devices.sim.printer': async (input): Promise<SimPrinterFaults> => {
      if (!demo || !simulator) throw new AppError('DEVICE_SIM_ONLY', 'simulator controls exist only in demo mode with a simulated printer')
      const { answering, ...faults } = input
      simulator.faults = { ...simulator.faults, ...faults }
      if (answering !== undefined) simulator.answering = answering
      await refresh()
      return { ...simulator.faults, answering: simulator.answering }
    },
  }
}
