import path from 'node:path'
import { describe, expect, it } from 'vitest'
import config from '../../electron.vite.config'
import { WORKER_SOURCES } from '../../electron/node/workers/spawn-worker'

describe('worker threads in the Electron bundle', () => {
  it('builds every worker the app spawns as its own entry, from the same source file', () => {
    const input = (config as { main: { build: { rollupOptions: { input: Record<string, string> } } } }).main.build.rollupOptions.input
    const workerDir = path.resolve('electron/node/workers')
    for (const [name, source] of Object.entries(WORKER_SOURCES)) {
      expect(input[name], `electron.vite.config.ts has no entry "${name}"`).toBeDefined()
      expect(path.resolve(input[name]!)).toBe(path.resolve(workerDir, source))
    }
  })
})
