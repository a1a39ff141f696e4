import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../support/host-process'
import { makeTempDir } from '../support/temp-dir'

/**
 * The layering rule, held by a test: pure code (electron/common, hardware/common)
 * and the renderer import nothing from Node or Electron, and nothing from the
 * Node-only folders. A reader knows from a file's folder what it may touch.
 */
const PURE_ROOTS = ['electron/common', 'hardware/common', 'renderer/src']
const NODE_BUILTINS = new Set(['fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'stream', 'url', 'util', 'events', 'buffer', 'worker_threads', 'module', 'readline', 'zlib', 'tty', 'dgram', 'dns', 'process', 'timers'])
const NODE_ONLY_NATIVE = new Set(['electron', 'better-sqlite3', 'serialport', 'node-hid', '@serialport/bindings-cpp'])

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...sourceFiles(full))
    else if (/\.(ts|vue)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) out.push(full)
  }
  return out
}

const IMPORT = /(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8')
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]!).filter(Boolean)
}

export function layeringViolations(file: string): string[] {
  const problems: string[] = []
  for (const spec of importsOf(file)) {
    const bare = spec.startsWith('node:') ? spec.slice(5) : spec
    if (spec.startsWith('node:') || NODE_BUILTINS.has(bare)) problems.push(`${spec} (Node built-in)`)
    else if (NODE_ONLY_NATIVE.has(spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/'))) problems.push(`${spec} (Node/Electron only)`)
    else if (spec.startsWith('.')) {
      const target = path.relative(projectRoot, path.resolve(path.dirname(file), spec))
      if (!PURE_ROOTS.some((root) => target === root || target.startsWith(root + path.sep))) problems.push(`${spec} (reaches ${target}, outside the pure layers)`)
    }
  }
  return problems
}

describe('layering', () => {
  it('keeps the renderer and pure code free of Node, Electron and Node-only folders', () => {
    const violations: string[] = []
    for (const root of PURE_ROOTS)
      for (const file of sourceFiles(path.join(projectRoot, root)))
        for (const v of layeringViolations(file)) violations.push(`${path.relative(projectRoot, file)}: ${v}`)
    expect(violations).toEqual([])
  })

  it('catches a violation when there is one', () => {
    const dir = makeTempDir('huimin-layering-')
    const probe = path.join(dir.path, 'probe.ts')
    fs.writeFileSync(probe, "import fs from 'node:fs'\nimport Database from 'better-sqlite3'\nimport { x } from '../node/config/config'\nexport const y = [fs, x, Database]\n")
    try {
      expect(layeringViolations(probe)).toHaveLength(3)
    } finally {
      dir.remove()
    }
  })
})
