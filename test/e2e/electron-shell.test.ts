import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { type ElectronApplication, type Page, _electron } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { electronBinary } from '../../scripts/electron-binary'
import { projectRoot } from '../support/host-process'
import { makeTempDir } from '../support/temp-dir'

/**
 * The same faces inside the real Electron shell, where its binary exists (it
 * cannot be downloaded on our CI machines, so there this file is skipped and
 * the browser host carries the end-to-end suite).
 */
const executable = electronBinary()

describe.skipIf(!executable)('Electron shell', () => {
  let app: ElectronApplication
  const data = makeTempDir('huimin-electron-')

  beforeAll(async () => {
    execFileSync(path.join(projectRoot, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: projectRoot, stdio: 'ignore' })
    app = await _electron.launch({ executablePath: executable!, args: [projectRoot], env: { ...process.env, HUIMIN_DATA_DIR: data.path } })
  })
  afterAll(async () => {
    await app?.close()
    data.remove()
  })

  const windowFor = async (face: string): Promise<Page> => {
    await expect.poll(() => app.windows().length, { timeout: 60_000 }).toBeGreaterThanOrEqual(3)
    const win = app.windows().find((w) => w.url().includes(`face=${face}`))
    if (!win) throw new Error(`no ${face} window`)
    return win
  }

  it('opens the kiosk attract screen with no Node in the page and a locked-down bridge', async () => {
    const kiosk = await windowFor('kiosk')
    await kiosk.getByTestId('kiosk-attract').waitFor()
    expect(await kiosk.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    const refused = await kiosk.evaluate(() => (window as unknown as { huimin: Record<string, (i: object) => Promise<unknown>> }).huimin['system.config']!({}))
    expect(refused).toMatchObject({ ok: false, error: { code: 'CALL_FORBIDDEN' } })
  })

  it('does not let a page navigate the app away', async () => {
    const audit = await windowFor('audit')
    const before = audit.url()
    await audit.evaluate(() => {
      location.href = 'https://example.org/'
    })
    await new Promise((r) => setTimeout(r, 500))
    expect(audit.url()).toBe(before)
  })
})
