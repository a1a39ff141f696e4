import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { testCard } from '../../hardware/common/test-cards'
import { cardFingerprintBlock } from '../../hardware/sim/card-data'
import { FingerprintSimulator } from '../../hardware/sim/fingerprint-simulator'
import { IdCardSimulator } from '../../hardware/sim/idcard-simulator'
import { SerialTransport } from '../../hardware/transport/serial-transport'
import { createPtyPair } from '../support/pty-pair'
import { runCli } from '../support/run-cli'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

/** A pty pair with `device` on end A (simulator side); the CLI opens end B. */
async function onPty<S extends { dispose(): void }>(baudRate: number, make: ((t: SerialTransport) => S) | null) {
  const pair = await createPtyPair()
  cleanups.push(() => pair.dispose())
  const transport = new SerialTransport({ path: pair.a, baudRate })
  await transport.open()
  cleanups.push(() => transport.close())
  const sim = make?.(transport) ?? null
  if (sim) cleanups.push(() => sim.dispose())
  return { port: pair.b, sim, dir: pair.dir }
}

const cli = (args: string[]) => runCli('hardware/cli/main.ts', args)

describe('npm run device (CLI) against simulators on socat ptys', () => {
  it('idcard read prints the identity with the ID number masked, and in full with --reveal', async () => {
    const { port, sim } = await onPty(115200, (t) => new IdCardSimulator(t, { baudRate: 115200 }))
    sim!.placeCard('li-xiuying')
    const masked = await cli(['idcard', 'read', '--port', port, '--baud', '115200'])
    expect(masked.stderr).toBe('')
    expect(masked.code).toBe(0)
    const out = JSON.parse(masked.stdout)
    expect(out.identity).toMatchObject({ name: '李秀英', idNumber: '4101**********0021', photoLength: 1024, fingerprintLength: 1024, nation: '汉' })
    expect(out.problem).toBeNull()
    expect(masked.stdout).not.toContain('410122195808150021')
    const revealed = await cli(['idcard', 'read', '--port', port, '--reveal'])
    expect(JSON.parse(revealed.stdout).identity.idNumber).toBe('410122195808150021')
  })

  it('exit codes: 4 no card, 3 nothing answering, 3 no such port, 2 usage, 5 refused card', async () => {
    const { port, sim } = await onPty(115200, (t) => new IdCardSimulator(t))
    expect((await cli(['idcard', 'read', '--port', port, '--wait', '400'])).code).toBe(4)
    sim!.placeCard('wang-badcheck')
    const refused = await cli(['idcard', 'read', '--port', port])
    expect(refused.code).toBe(5)
    expect(JSON.parse(refused.stdout).problem).toBe('ID_CHECK_DIGIT')
    const silent = await onPty(115200, null)
    expect((await cli(['idcard', 'read', '--port', silent.port])).code).toBe(3)
    expect((await cli(['idcard', 'read', '--port', join(silent.dir, 'missing')])).code).toBe(3)
    expect((await cli(['idcard', 'read'])).code).toBe(2)
    expect((await cli(['idcard', 'read', '--port', port, '--bogus'])).code).toBe(2)
  })

  it('fingerprint verify prints the score; 4 when no finger comes', async () => {
    const { port, sim } = await onPty(57600, (t) => new FingerprintSimulator(t, { baudRate: 57600 }))
    const file = join(mkdtempSync(join(tmpdir(), 'tpl-')), 'card.fp')
    cleanups.push(() => rmSync(join(file, '..'), { recursive: true, force: true }))
    writeFileSync(file, cardFingerprintBlock(testCard('zhou-min')))
    sim!.setFinger('zhou-min')
    const ok = await cli(['fingerprint', 'verify', '--port', port, '--card-template', file])
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ matched: true, threshold: 50 })
    sim!.setFinger(null)
    expect((await cli(['fingerprint', 'verify', '--port', port, '--card-template', file, '--timeout', '400'])).code).toBe(4)
  })

  it('list runs and exits 0', async () => {
    const listed = await cli(['list', '--json'])
    expect(listed.code).toBe(0)
    expect(JSON.parse(listed.stdout)).toHaveProperty('hid')
  })
})
