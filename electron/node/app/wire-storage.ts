import type { StorageStatus } from '../../common/contract/devices'
import type { Handler } from '../ipc/dispatcher'
import type { EventBus } from '../ipc/event-bus'
import type { RootLogger } from '../log/logger'
import { StorageMonitor } from '../storage/storage-monitor'
import type { DisposeScope } from './dispose-scope'

/**
 * The data disk on the counter's device screen: `devices.storage` reads it now,
 * the event follows its changes, and each change of state is logged once.
 */
export function wireStorage(
  dataDir: string,
  intervalMs: number,
  log: RootLogger,
  bus: EventBus,
  scope: DisposeScope,
): { 'devices.storage': Handler<'devices.storage'> } {
  let logged: StorageStatus['state'] = 'ok'
  const logState = (status: StorageStatus) => {
    if (status.state === logged) return
    log.warn('data disk state changed', { from: logged, to: status.state, freeBytes: status.freeBytes, logProblem: status.logProblem })
    logged = status.state
  }
  const monitor = new StorageMonitor({
    dataDir,
    intervalMs,
    logProblem: () => log.fileProblem(),
    onChange: (status) => {
      logState(status)
      bus.emit('devices.storage', status)
    },
  })
  scope.add(() => monitor.dispose())
  logState(monitor.current())
  return { 'devices.storage': () => monitor.current() }
}
