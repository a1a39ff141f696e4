import type { SimPanelView } from '../../common/contract/devices'
import { AppError } from '../../common/result'
import type { DeviceManager } from '../../../hardware/device-manager'
import type { TestCard } from '../../../hardware/common/test-cards'
import type { Handler } from '../ipc/dispatcher'
import type { EventBus } from '../ipc/event-bus'

export interface DeviceHandlerDeps {
  devices: DeviceManager
  /** Simulator controls are refused outside demo mode even when a device is `sim`. */
  demo: boolean
  /** The demo cards the panel lays on the simulated reader; loaded by the composition root in demo mode only. */
  demoCards: readonly TestCard[]
}

type DeviceHandlers = {
  'devices.status': Handler<'devices.status'>
  'devices.sim.state': Handler<'devices.sim.state'>
  'devices.sim.placeCard': Handler<'devices.sim.placeCard'>
  'devices.sim.removeCard': Handler<'devices.sim.removeCard'>
  'devices.sim.setFinger': Handler<'devices.sim.setFinger'>
  'devices.sim.setFault': Handler<'devices.sim.setFault'>
}

export function createDeviceHandlers(deps: DeviceHandlerDeps): DeviceHandlers {
  const sim = () => {
    if (!deps.demo || !deps.devices.sim) throw new AppError('DEVICE_SIM_ONLY', 'simulator controls exist only in demo mode with simulated devices')
    return deps.devices.sim
  }
  const known = (key: string) => {
    if (!deps.demoCards.some((c) => c.key === key)) throw new AppError('CALL_BAD_INPUT', `no demo card "${key}"`)
    return key
  }
  const view = (): SimPanelView => ({
    cards: deps.demoCards.map((c) => ({ key: c.key, label: c.label, hasFingerprint: c.hasFingerprint })),
    state: sim().state(),
  })
  return {
    'devices.status': () => deps.devices.statuses(),
    'devices.sim.state': () => view(),
    'devices.sim.placeCard': ({ cardKey }) => {
      sim().placeCard(known(cardKey))
      return view()
    },
    'devices.sim.removeCard': () => {
      sim().removeCard()
      return view()
    },
    'devices.sim.setFinger': ({ cardKey }) => {
      sim().setFinger(cardKey === null ? null : known(cardKey))
      return view()
    },
    'devices.sim.setFault': async ({ role, fault }) => {
      if (role === 'idcard' && fault === 'wet') throw new AppError('CALL_BAD_INPUT', '"wet" is a fingerprint fault')
      await sim().setFault(role, fault)
      return view()
    },
  }
}

/** Relays every device status change to the faces as the 'devices.status' event; returns the unsubscribe function. */
export function relayDeviceStatus(devices: DeviceManager, bus: EventBus): () => void {
  return devices.onStatus((status) => bus.emit('devices.status', status))
}
