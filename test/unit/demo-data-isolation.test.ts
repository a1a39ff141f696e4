import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../support/host-process'

const DEMO_MODULES = ['electron/node/ledger/demo-seed.ts', 'hardware/common/test-cards.ts', 'hardware/sim/sim-devices.ts']

/** Files reached from `entry` through static value imports (`import type` and `await import()` left out). */
function staticImportGraph(entry: string): Set<string> {
  const seen = new Set<string>()
  const queue = [path.join(projectRoot, entry)]
  while (queue.length > 0) {
    const file = queue.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    const source = fs.readFileSync(file, 'utf8')
    for (const m of source.matchAll(/^(?:import|export)\s+(?!type\b)[^'"]*?from\s+'(\.[^']+)'|^import\s+'(\.[^']+)'/gm)) {
      const target = path.resolve(path.dirname(file), m[1] ?? m[2]!)
      const resolved = [`${target}.ts`, path.join(target, 'index.ts'), target].find((c) => fs.existsSync(c) && fs.statSync(c).isFile())
      if (resolved?.endsWith('.ts')) queue.push(resolved)
    }
  }
  return new Set([...seen].map((f) => path.relative(projectRoot, f)))
}

describe('demo data', () => {
  it.each(['electron/host/main.ts', 'electron/main/index.ts'])('is not imported statically by %s: a production start never loads it', (entry) => {
    const graph = staticImportGraph(entry)
    expect(graph.size).toBeGreaterThan(50)
    expect(graph).toContain('electron/node/app/compose.ts')
    expect(DEMO_MODULES.filter((m) => graph.has(m))).toEqual([])
  })

  it('would be found if a production file imported it', () => {
    expect(staticImportGraph('electron/node/ledger/demo-seed.ts')).toContain('hardware/common/test-cards.ts')
  })
})
