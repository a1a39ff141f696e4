/**
 * The audit face as the real browser host serves it (compose.ts wiring,
 * embedded anvil, demo seed): the index follows the embedded node, the demo
 * mode's neighbouring-township activity arrives in the background after
 * 'ready', and a receipt printed by the real kiosk flow, scanned into the
 * display as HID keystrokes, shows its trail verified on the ledger.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KioskClaim, KioskView } from '../../electron/common/contract/kiosk'
import { launchChromium } from '../support/browser'
import { faceCall } from '../support/face-call'
import { type HostProcess, projectRoot, startHost } from '../support/host-process'
import { KioskDriver } from '../support/kiosk-driver'
import { makeTempDir } from '../support/temp-dir'

const artifacts = path.join(projectRoot, 'test-artifacts', 'audit')

/** An element's text or null; bounded so a missing element cannot stall an expect.poll attempt for 30 s. */
const text = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .first()
    .textContent({ timeout: 500 })
    .catch(() => null)

const callAs = faceCall

describe('audit face on the browser host (embedded defaults)', () => {
  let dir: ReturnType<typeof makeTempDir>
  let host: HostProcess
  let browser: Browser
  const errors: string[] = []

  beforeAll(async () => {
    fs.mkdirSync(artifacts, { recursive: true })
    dir = makeTempDir('huimin-audit-host-')
    host = await startHost({}, { dataDir: dir.path })
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await host?.stop()
    dir?.remove()
  })

  const logLines = (containing: string) =>
    fs
      .readFileSync(path.join(dir.path, 'logs', 'huimin.log'), 'utf8')
      .split('\n')
      .filter((l) => l.includes(containing))
      .map((l) => JSON.parse(l).msg as string)

  const openAudit = async (screen: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    await page.goto(`${host.urls.audit}?screen=${screen}`)
    await expect.poll(async () => Number((await text(page, 'ledger-height'))?.trim()), { timeout: 15_000 }).toBeGreaterThan(0)
    return page
  }

  it('announces ready without waiting for the demo activity, which then fills the index', async () => {
    expect(host.stages).toEqual(['db', 'ledger', 'devices', 'ready'])
    const page = await openAudit('health')
    // The seed alone is 3 programmes, 4 fundings and 11 entitlements (~20 events); the activity adds hundreds.
    await expect
      .poll(async () => (await callAs<{ events: number }>(page, 'audit.health')).value?.events ?? 0, { timeout: 60_000, interval: 500 })
      .toBeGreaterThan(300)
    await expect.poll(() => text(page, 'health-lag'), { timeout: 30_000 }).toMatch(/^\s*[0-3] 个区块\s*$/)
    await expect.poll(() => logLines('demo activity'), { timeout: 60_000, interval: 500 }).toEqual(['demo activity generated'])
    await page.getByTestId('screen-recent').click()
    await expect.poll(() => page.getByTestId('recent-row').count(), { timeout: 15_000 }).toBe(10)
    await page.getByTestId('screen-totals').click()
    await page.screenshot({ path: path.join(artifacts, 'host-totals.png') })
    await page.getByTestId('screen-flow').click()
    await expect.poll(() => page.locator('[data-testid="audit-sankey"] canvas').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    await page.waitForTimeout(500)
    await page.screenshot({ path: path.join(artifacts, 'host-flow.png') })
    await page.close()
  })

  it('traces the QR of a receipt printed by the real kiosk flow, scanned as keystrokes, verified on the ledger', async () => {
    const d = await KioskDriver.open(browser, host)
    await d.placeCard('li-xiuying')
    const viewIn = async (phase: string) => {
      let view: KioskView | undefined
      await expect.poll(async () => (view = (await callAs<KioskView>(d.kiosk, 'kiosk.view')).value)?.phase, { timeout: 20_000, interval: 250 }).toBe(phase)
      return view!
    }
    const shown = await viewIn('entitlements')
    const claimable = shown.entitlements.filter((e) => e.claimable).map((e) => e.entitlementId)
    expect(claimable.length).toBeGreaterThan(0)
    const claimed = await callAs<KioskClaim[]>(d.kiosk, 'kiosk.claim', { entitlementIds: claimable })
    expect(claimed.ok).toBe(true)
    // Printed, and the claim confirmed on the ledger.
    await expect.poll(async () => (await callAs<KioskView>(d.kiosk, 'kiosk.view')).value?.receipt?.state, { timeout: 20_000, interval: 250 }).toBe('printed')
    await expect
      .poll(async () => (await callAs<KioskView>(d.kiosk, 'kiosk.view')).value?.claims.every((c) => c.ledgerState === 'confirmed'), {
        timeout: 30_000,
        interval: 250,
      })
      .toBe(true)
    const receipt = await d.lastReceipt()
    const payload = receipt.qrPayloads[0]!
    expect(payload.length).toBeGreaterThan(8)

    const page = await openAudit('totals')
    // The index has caught up with the claim's block once the lookup finds it.
    await expect
      .poll(async () => (await callAs<{ found: boolean }>(page, 'audit.trace', { query: payload })).value?.found, { timeout: 20_000, interval: 250 })
      .toBe(true)
    // Every entitlement on her receipt lies in the village her card names (官渡镇李庄村), as the demo data must.
    for (const qr of receipt.qrPayloads)
      await expect
        .poll(
          async () => (await callAs<{ entitlement: { village: number; villageName?: string } | null }>(page, 'audit.trace', { query: qr })).value?.entitlement,
          {
            timeout: 20_000,
            interval: 250,
          },
        )
        .toMatchObject({ village: 410122101201, villageName: '李庄村' })
    await page.keyboard.type(payload, { delay: 2 })
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('main').getAttribute('data-screen'), { timeout: 10_000 }).toBe('trace')
    expect(await page.getByTestId('trace-input').inputValue()).toBe(payload)
    await expect.poll(() => text(page, 'trace-verdict'), { timeout: 15_000 }).toContain('已在账本核验')
    const steps = await page.getByTestId('trace-step').allTextContents()
    expect(steps.length).toBeGreaterThanOrEqual(2) // approval and disbursement; settlement comes later from the bank
    expect(await text(page, 'audit-trace')).toContain('李*英')
    await page.screenshot({ path: path.join(artifacts, 'host-trace-kiosk-receipt.png') })
    await page.close()
    await d.removeCard()
    await d.close()
    expect(errors).toEqual([])
  })

  it('generates the activity once per contract: a restart on the same data dir does not add it again', async () => {
    const contract = () => host.announcements.find((a) => a.event === 'stage' && a.stage === 'ledger')?.contract
    const before = contract()
    await host.stop()
    host = await startHost({}, { dataDir: dir.path })
    expect(contract()).toBe(before)
    const page = await openAudit('health')
    const health = () => callAs<{ events: number; indexedBlock: number }>(page, 'audit.health').then((r) => r.value!)
    const at = await health()
    // Two more blocks indexed: any activity the restart had sent would be in them.
    await expect.poll(async () => (await health()).indexedBlock, { timeout: 20_000 }).toBeGreaterThan(at.indexedBlock + 2)
    expect((await health()).events).toBe(at.events)
    expect(logLines('demo activity')).toEqual(['demo activity generated'])
    await page.close()
  })
})
