import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser'
import { faceCall } from '../support/face-call'
import { type HostProcess, projectRoot, startHost } from '../support/host-process'
import { nodeRpc } from '../support/node-rpc'
import { descendantPids, isAlive } from '../support/process-tree'

const artifacts = path.join(projectRoot, 'test-artifacts', 'foundation')

describe('browser host: three faces on embedded defaults', () => {
  let host: HostProcess
  let browser: Browser

  beforeAll(async () => {
    fs.mkdirSync(artifacts, { recursive: true })
    host = await startHost()
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await host?.stop()
  })

  const open = async (face: 'kiosk' | 'counter' | 'audit'): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    const response = await page.goto(host.urls[face])
    expect(response?.status()).toBe(200)
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'")
    ;(page as Page & { errors: string[] }).errors = errors
    return page
  }

  it('announces its readiness stages in order', () => {
    expect(host.stages).toEqual(['db', 'ledger', 'devices', 'ready'])
  })

  it('shows the kiosk attract screen', async () => {
    const page = await open('kiosk')
    await expect.poll(() => page.getByTestId('kiosk-attract').textContent()).toBe('请刷身份证')
    const fontSize = await page.getByTestId('kiosk-attract').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    expect(fontSize).toBeGreaterThanOrEqual(32)
    await page.screenshot({ path: path.join(artifacts, 'kiosk.png') })
    expect((page as Page & { errors: string[] }).errors).toEqual([])
    await page.close()
  })

  it('shows the counter sign-in screen', async () => {
    const page = await open('counter')
    await expect.poll(() => page.getByTestId('counter-signin').textContent()).toBe('工作人员登录')
    await expect.poll(() => page.getByTestId('counter-device-idcard').isVisible()).toBe(true)
    // The installer's settings and the self-test buttons are for signed-in staff only.
    expect(await page.getByTestId('counter-config').count()).toBe(0)
    expect(await page.getByTestId('counter-selftest-idcard').count()).toBe(0)
    await page.screenshot({ path: path.join(artifacts, 'counter.png') })
    await page.close()
  })

  it('shows a live block height read from the real anvil node on the audit display', async () => {
    const page = await open('audit')
    const heightOnScreen = async () => Number((await page.getByTestId('ledger-height').textContent())?.trim())
    await expect.poll(heightOnScreen, { timeout: 15_000 }).toBeGreaterThan(0)
    const first = await heightOnScreen()
    // The node mines a block every second; the screen follows without a reload.
    await expect.poll(heightOnScreen, { timeout: 15_000 }).toBeGreaterThan(first)

    const ready = host.announcements.find((a) => a.event === 'ready')!
    const ledgerUrl = (ready.ledger as string[])[0]!
    const nodeHeight = Number.parseInt(await nodeRpc<string>(ledgerUrl, 'eth_blockNumber'), 16)
    expect(Math.abs(nodeHeight - (await heightOnScreen()))).toBeLessThanOrEqual(3)
    // The start-up line names the contract: anyone's client finds it on that ledger.
    expect((await nodeRpc<string>(ledgerUrl, 'eth_getCode', [ready.contract, 'latest'])).length).toBeGreaterThan(1000)
    expect(ready.chainId).toBe(31337)
    await page.screenshot({ path: path.join(artifacts, 'audit.png') })
    await page.close()
  })

  it('refuses a counter call made from the kiosk face, and bad input', async () => {
    const page = await open('kiosk')
    const call = (name: string, body: unknown) => faceCall(page, name, body)
    expect(await call('system.config', {})).toMatchObject({ ok: false, error: { code: 'CALL_FORBIDDEN' } })
    expect(await call('system.info', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'CALL_BAD_INPUT' } })
    expect(await call('no.such.call', {})).toMatchObject({ ok: false, error: { code: 'CALL_UNKNOWN' } })
    expect(await call('system.info', {})).toMatchObject({ ok: true, value: { face: 'kiosk', shell: 'browser-host' } })
    await page.close()
  })

  it('refuses calls without a face token and requests for other hosts', async () => {
    const noToken = await fetch(`http://127.0.0.1:${host.port}/api/call/system.info`, { method: 'POST', body: '{}' })
    expect(noToken.status).toBe(401)
    const traversal = await fetch(`http://127.0.0.1:${host.port}/kiosk/..%2f..%2fpackage.json`)
    expect(traversal.status).toBe(404)
  })
})

describe('browser host lifecycle', () => {
  it('stops cleanly on SIGTERM and leaves no child process behind', async () => {
    const host = await startHost()
    const children = descendantPids(host.child.pid!)
    expect(children.length).toBeGreaterThan(0) // at least the anvil node
    const code = await host.stop()
    expect(code).toBe(0)
    for (const pid of children) expect(isAlive(pid), `pid ${pid} still alive`).toBe(false)
  })

  it('keeps the chain across a restart on the same data dir', async () => {
    const first = await startHost()
    const dataDir = first.dataDir
    const heightOf = async (h: HostProcess) =>
      Number.parseInt(await nodeRpc<string>((h.announcements.find((a) => a.event === 'ready')!.ledger as string[])[0]!, 'eth_blockNumber'), 16)
    // A few blocks past the seed, so the restart has a height of its own to keep.
    await expect.poll(() => heightOf(first), { timeout: 20_000 }).toBeGreaterThan(4)
    const before = await heightOf(first)
    first.child.kill('SIGTERM')
    await new Promise((r) => first.child.once('exit', r))
    const second = await startHost({}, { dataDir })
    try {
      expect(await heightOf(second)).toBeGreaterThanOrEqual(before)
    } finally {
      await second.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('stops start-up with one clear line naming a bad setting', async () => {
    await expect(startHost({ HUIMIN_PRINTER: 'serial:/dev/ttyUSB0@12345' })).rejects.toThrow(/Invalid setting HUIMIN_PRINTER: serial baud rate/)
  })
})
