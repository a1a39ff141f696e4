/**
 * The audit face as the real browser host serves it, once the lead has wired
 * AuditService into compose.ts and seeded demo activity (see the audit report):
 * the index follows the embedded node, and the screens show it.
 */
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser'
import { type HostProcess, projectRoot, startHost } from '../support/host-process'

describe('audit face on the browser host (embedded defaults)', () => {
  let host: HostProcess
  let browser: Browser

  beforeAll(async () => {
    host = await startHost()
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await host?.stop()
  })

  it('follows the embedded ledger and shows totals, recent payments and health', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    await page.goto(`${host.urls.audit}?screen=health`)
    await expect.poll(async () => Number((await page.getByTestId('ledger-height').textContent())?.trim()), { timeout: 15_000 }).toBeGreaterThan(0)
    await expect.poll(() => page.getByTestId('health-lag').textContent(), { timeout: 30_000 }).toMatch(/^\s*[0-3] 个区块\s*$/)
    await page.getByTestId('screen-recent').click()
    await expect.poll(() => page.getByTestId('recent-row').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    await page.getByTestId('screen-totals').click()
    await page.screenshot({ path: path.join(projectRoot, 'test-artifacts', 'audit', 'host-totals.png') })
    expect(errors).toEqual([])
    await page.close()
  })
})
