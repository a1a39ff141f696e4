import { FaceClient } from '../test/support/face-client'
import { startHost } from '../test/support/host-process'
import type { Benchmark } from './harness'

const BURST = 200

/**
 * How the kiosk answers while 200 staff sign-ins arrive at once (the guessing
 * burst the lockout must absorb), against the real browser host: kiosk.view
 * latency during the burst, against the same call on an idle host.
 */
export const benchmark: Benchmark = {
  name: 'kiosk during a sign-in burst',
  async run(report) {
    const host = await startHost()
    try {
      const { counter, kiosk } = await FaceClient.openAll(host.urls)
      const timedViews = async (keepGoing: () => boolean, atLeast: number): Promise<number[]> => {
        const ms: number[] = []
        while (keepGoing() || ms.length < atLeast) {
          const t = performance.now()
          if (!(await kiosk.call('kiosk.view')).ok) throw new Error('kiosk.view failed')
          ms.push(performance.now() - t)
        }
        return ms
      }
      let n = 0
      const idle = await timedViews(() => ++n < 300, 300)

      if (!(await counter.call('devices.sim.placeCard', { cardKey: 'zhou-min' })).ok) throw new Error('could not lay the staff card')
      let bursting = true
      const during = timedViews(() => bursting, 20)
      const started = performance.now()
      await Promise.all(Array.from({ length: BURST }, (_, i) => counter.call('counter.signIn', { pin: String(200_000 + i) })))
      const burstMs = performance.now() - started
      bursting = false
      const busy = await during

      report({
        name: `kiosk.view p99 during ${BURST} parallel sign-ins`,
        value: p(busy, 0.99),
        unit: 'ms',
        peer: 'kiosk.view p99 on an idle host',
        peerValue: p(idle, 0.99),
        target: '< 50 ms',
        note: `${busy.length} views; the burst took ${burstMs.toFixed(0)} ms`,
      })
      report({ name: 'kiosk.view p50 during the burst', value: p(busy, 0.5), unit: 'ms', peer: 'idle p50', peerValue: p(idle, 0.5) })
    } finally {
      await host.stop()
    }
  },
}

function p(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}
