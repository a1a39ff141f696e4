import { startAnvil } from '../electron/node/ledger/anvil-node'
import { startHost } from '../test/support/host-process'
import { makeTempDir } from '../test/support/temp-dir'
import type { Benchmark } from './harness'

/**
 * From `npm run host` to the three faces ready: on a fresh data dir (cold:
 * deploy and seed the demo ledger, create keys) and again on the same data
 * dir (warm), each against anvil's own start to its first answer, measured in
 * the same run. The browser host runs under tsx, so each start also pays
 * TypeScript loading; the packaged app does not.
 */
export const benchmark: Benchmark = {
  name: 'start-up',
  async run(report) {
    let anvil: { dispose(): Promise<unknown> } | null = null
    const anvilMs = await timed(async () => (anvil = await startAnvil({ chainId: 31337, blockTimeSec: 1 })))
    await anvil!.dispose()
    const temp = makeTempDir('huimin-bench-start-')
    try {
      const readyIn = async () => {
        let stop: () => Promise<unknown> = async () => undefined
        const ms = await timed(async () => {
          const host = await startHost({}, { dataDir: temp.path })
          stop = () => host.stop()
        })
        await stop()
        return ms
      }
      const cold = await readyIn()
      const warm = await readyIn()
      report({ name: 'cold start to ready (fresh data dir)', value: cold, unit: 'ms', peer: "anvil's own start", peerValue: anvilMs })
      report({ name: 'warm start to ready (same data dir)', value: warm, unit: 'ms', peer: "anvil's own start", peerValue: anvilMs, target: '< 1500 ms' })
    } finally {
      temp.remove()
    }
  },
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}
