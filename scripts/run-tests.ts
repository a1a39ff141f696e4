/**
 * `npm test` after the prerequisites and the renderer build: the static
 * checks (format, lint, typecheck) and the vitest suite at the same time.
 * Most of the suite waits on one-second blocks, ptys and Chromium, so the
 * checks use cores the suite leaves idle; run one after the other they
 * added three minutes. The checks' output is held and printed once they end,
 * so it does not interleave with the suite's; either failing fails the run.
 */
import { spawn } from 'node:child_process'

function run(command: string, args: string[], capture: boolean): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'] })
    let output = ''
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()))
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }))
  })
}

const started = Date.now()
const checks = run('npm', ['run', '--silent', 'check'], true).then((r) => {
  process.stdout.write(
    `\n── static checks (format, lint, typecheck): ${r.code === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s\n${r.output}\n`,
  )
  return r.code
})
const suite = run('npx', ['vitest', 'run'], false).then((r) => r.code)
const [checksCode, suiteCode] = await Promise.all([checks, suite])
if (checksCode !== 0) process.stderr.write('static checks failed: see their output above\n')
process.exit(checksCode !== 0 ? checksCode : suiteCode)
