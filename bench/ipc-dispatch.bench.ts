import { type Handlers, createDispatcher, noStaff } from '../electron/node/ipc/dispatcher'
import { createLogger } from '../electron/node/log/logger'
import { type Benchmark, opsPerSecond } from './harness'

/** What the contract gate (lookup, face check, schema validation, wrapping) costs per call, against calling the handler directly. */
export const benchmark: Benchmark = {
  name: 'ipc dispatch',
  async run(report) {
    const handler = () => ({ ok: 1 })
    const handlers = { 'system.info': handler } as unknown as Handlers
    const dispatch = createDispatcher(handlers, createLogger({ level: 'error' }), noStaff)
    const direct = await opsPerSecond(() => handler())
    const gated = await opsPerSecond(() => dispatch('kiosk', 'system.info', {}))
    report({ name: 'dispatch system.info (validated)', value: gated, unit: 'calls/s', peer: 'direct handler call', peerValue: direct })
  },
}
