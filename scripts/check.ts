/**
 * `npm run check`: the formatter check, the lint and the type checks at once,
 * each with its output kept whole and printed when it ends; fails if any
 * fails. They only read files, so running them side by side is safe, and on
 * two cores it takes about the time of the longest (the type-aware lint)
 * instead of the sum. The tests start only after this has passed.
 *
 *   tsx scripts/check.ts
 */
import { spawn } from 'node:child_process'

const CHECKS = ['format:check', 'lint', 'typecheck'] as const

interface Outcome {
  name: string
  code: number | null
  output: string
  seconds: number
}

function run(name: string): Promise<Outcome> {
  const started = performance.now()
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr.on('data', (c: Buffer) => (output += c.toString()))
    child.on('close', (code) => resolve({ name, code, output, seconds: (performance.now() - started) / 1000 }))
  })
}

const outcomes = await Promise.all(CHECKS.map((name) => run(name)))
for (const o of outcomes) {
  const verdict = o.code === 0 ? 'passed' : `FAILED (exit ${o.code})`
  process.stdout.write(`\n▶ npm run ${o.name}: ${verdict} in ${o.seconds.toFixed(0)} s\n${o.output}`)
}
process.exit(outcomes.every((o) => o.code === 0) ? 0 : 1)
