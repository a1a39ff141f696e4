import { afterEach, describe, expect, it } from 'vitest'
import { DEVICE_ERROR_CODES } from '../../../hardware/common/device-error'
import { FP_CONFIRMATION_CODES } from '../../../hardware/common/ef01-codes'
import { IDENTITY_PROBLEMS } from '../../../hardware/common/identity'
import { SAM_STATUS_CODES } from '../../../hardware/common/sam-status'
import { DeviceManager } from '../../../hardware/device-manager'
import { TEST_CARDS } from '../../../hardware/common/test-cards'
import { callNames, calls, events } from '../../common/contract'
import { duplicateMessageKeys, messages } from '../../common/i18n'
import { EventBus } from '../ipc/event-bus'
import { PrinterSimulator } from '../../../hardware/sim/printer/printer-simulator'
import { createDeviceHandlers, relayDeviceStatus } from './device-handlers'
import { createSimPrinterHandler } from './wire-devices'

let manager: DeviceManager | null = null
afterEach(async () => {
  await manager?.dispose()
  manager = null
})

const ctx = { face: 'counter' as const, staff: null }

describe('device handlers', () => {
  it('drive the simulators in demo mode and relay status events to every face', async () => {
    manager = await DeviceManager.create({ idcard: { kind: 'sim' }, fingerprint: { kind: 'sim' }, paceSimulators: false })
    const handlers = createDeviceHandlers({ devices: manager, demo: true, demoCards: TEST_CARDS })
    const bus = new EventBus()
    const seen: unknown[] = []
    bus.subscribe('kiosk', (name, payload) => seen.push([name, payload]))
    const stop = relayDeviceStatus(manager, bus)
    const placed = await handlers['devices.sim.placeCard']({ cardKey: 'li-xiuying' }, ctx)
    expect(placed.state.cardKey).toBe('li-xiuying')
    expect(placed.cards.length).toBeGreaterThan(5)
    expect((await handlers['devices.sim.setFinger']({ cardKey: null }, ctx)).state.fingerKey).toBeNull()
    await handlers['devices.sim.setFault']({ role: 'idcard', fault: 'unplug' }, ctx)
    expect(seen).toContainEqual(['devices.status', expect.objectContaining({ role: 'idcard', state: 'offline', reason: 'PORT_GONE' })])
    expect((await handlers['devices.status']({}, ctx)).map((s) => s.role)).toEqual(['idcard', 'fingerprint'])
    await expect(async () => handlers['devices.sim.placeCard']({ cardKey: 'nobody' }, ctx)).rejects.toMatchObject({ code: 'CALL_BAD_INPUT' })
    stop()
  })

  it('refuse every simulator control outside demo mode, even with simulated devices (they need no staff session)', async () => {
    manager = await DeviceManager.create({ idcard: { kind: 'sim' }, fingerprint: { kind: 'sim' }, paceSimulators: false })
    const handlers = createDeviceHandlers({ devices: manager, demo: false, demoCards: TEST_CARDS })
    const simulatedPrinter = new PrinterSimulator()
    const printer = createSimPrinterHandler(simulatedPrinter, false, async () => null)
    const attempts: [string, () => unknown][] = [
      ['devices.sim.state', () => handlers['devices.sim.state']({}, ctx)],
      ['devices.sim.placeCard', () => handlers['devices.sim.placeCard']({ cardKey: 'zhou-min' }, ctx)],
      ['devices.sim.removeCard', () => handlers['devices.sim.removeCard']({}, ctx)],
      ['devices.sim.setFinger', () => handlers['devices.sim.setFinger']({ cardKey: null }, ctx)],
      ['devices.sim.setFault', () => handlers['devices.sim.setFault']({ role: 'idcard', fault: 'unplug' }, ctx)],
      ['devices.sim.printer', () => printer['devices.sim.printer']({ paperOut: true }, ctx)],
    ]
    // Every session-less simulator call of the contract is tried here.
    expect(attempts.map(([name]) => name).sort()).toEqual(callNames.filter((n) => n.startsWith('devices.sim.')).sort())
    for (const [name, attempt] of attempts) await expect(async () => attempt(), name).rejects.toMatchObject({ code: 'DEVICE_SIM_ONLY' })
    expect(manager.sim!.state()).toMatchObject({ cardKey: null, faults: { idcard: 'none' } })
    expect(simulatedPrinter.faults.paperOut).toBe(false)
  })

  it('contract: sim calls are counter-only with strict inputs; status goes to all faces', () => {
    expect(calls['devices.sim.placeCard'].faces).toEqual(['counter'])
    expect(calls['devices.status'].faces).toHaveLength(3)
    expect(events['devices.status'].faces).toHaveLength(3)
    expect(calls['devices.sim.setFault'].input.safeParse({ role: 'idcard', fault: 'melt' }).success).toBe(false)
    expect(calls['devices.sim.placeCard'].input.safeParse({ cardKey: '../x' }).success).toBe(false)
  })
})

describe('device i18n', () => {
  it('translates every device error code and status reason, zh and en, with no duplicate keys', () => {
    const codes = [...DEVICE_ERROR_CODES, ...SAM_STATUS_CODES, ...FP_CONFIRMATION_CODES, ...IDENTITY_PROBLEMS]
    const table = messages as Record<string, { zh: string; en: string }>
    for (const code of codes) expect(table[`error.${code}`], code).toMatchObject({ zh: expect.any(String), en: expect.any(String) })
    for (const reason of ['NOT_OPEN', 'NO_DEVICE', 'PORT_GONE', 'READING', 'CAPTURING']) expect(table[`devices.reason.${reason}`], reason).toBeDefined()
    expect(duplicateMessageKeys()).toEqual([])
  })
})
