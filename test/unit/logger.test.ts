import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLogger } from '../../electron/node/log/logger'
import { mountSmallFs } from '../support/small-fs'

afterEach(() => vi.restoreAllMocks())

/** Captures what the logger writes to stderr. */
function stderrLines(): string[] {
  const lines: string[] = []
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk))
    return true
  })
  return lines
}

describe('logger on a full disk', () => {
  it('never throws when every write fails with ENOSPC (/dev/full), and says so once', () => {
    const stderr = stderrLines()
    const log = createLogger({ file: '/dev/full', level: 'debug', stderrLevel: 'error' })
    const child = log.child('claims')
    for (let i = 0; i < 20_000; i++) child.info('claim queued', { i, note: 'x'.repeat(100) })
    expect(log.fileProblem()).toBe('ENOSPC')
    const reports = stderr.map((l) => JSON.parse(l) as { scope: string; msg: string; code?: string })
    expect(reports).toEqual([expect.objectContaining({ scope: 'log', code: 'ENOSPC', msg: expect.stringContaining('write failed') })])
    log.dispose()
  })

  it('never throws for fields JSON cannot hold', () => {
    const stderr = stderrLines()
    const log = createLogger({ stderrLevel: 'info' })
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    expect(() => log.info('odd fields', { big: 10n })).not.toThrow()
    expect(() => log.info('odd fields', { cycle })).not.toThrow()
    expect(stderr.map((l) => JSON.parse(l) as { msg: string; fieldsError?: string })).toEqual([
      expect.objectContaining({ msg: 'odd fields', fieldsError: expect.any(String) }),
      expect.objectContaining({ msg: 'odd fields', fieldsError: expect.any(String) }),
    ])
  })

  it('keeps lines while a real filesystem is full and writes them, whole and in order, once space is freed', (ctx) => {
    const small = mountSmallFs({ sizeKiB: 64 })
    if ('skip' in small) return ctx.skip(small.skip)
    try {
      const stderr = stderrLines()
      const file = path.join(small.path, 'logs', 'huimin.log')
      const log = createLogger({ file, stderrLevel: 'error' })
      log.info('before', { n: -1 })
      const filler = small.fill()
      for (let n = 0; n < 200; n++) log.info('while full', { n })
      expect(log.fileProblem()).toBe('ENOSPC')
      fs.rmSync(filler)
      log.info('after', { n: 200 })
      expect(log.fileProblem()).toBeNull()
      log.dispose()

      const lines = fs
        .readFileSync(file, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { msg: string; n?: number; dropped?: number })
      expect(lines.filter((l) => l.n !== undefined).map((l) => l.n)).toEqual(Array.from({ length: 202 }, (_, i) => i - 1))
      expect(lines.find((l) => l.msg === 'log file writable again')).toMatchObject({ dropped: 0 })
      expect(stderr.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual([expect.stringContaining('write failed'), 'log file writable again'])
    } finally {
      small.dispose()
    }
  })
})
