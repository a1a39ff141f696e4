/**
 * The audit display's six screens in Debian Chromium at 1920×1080, served by
 * the real browser host over a real AuditService following a real anvil
 * with generated relief activity. Screenshots go to test-artifacts/audit/.
 * (Composes its own app: it does not depend on compose.ts wiring.) Places
 * are named by the demo gazetteer, all but one village, which falls back to
 * its code; no screen shows a named place by its bare code.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { SCREEN_CYCLE_MS, SELF_CHECK_SHOWN_MS, TOUCH_HOLD_MS } from '../../electron/common/audit/display-timing'
import { translate } from '../../electron/common/i18n'
import { placeLabel } from '../../electron/common/audit/place-label'
import type { PlaceNames } from '../../electron/common/contract'
import { claimTracePayload } from '../../electron/common/receipt/claim-receipt'
import { startHostServer, type HostServer } from '../../electron/host/host-server'
import { createAuditHandlers } from '../../electron/node/app/audit-handlers'
import type { App } from '../../electron/node/app/compose'
import { AuditService } from '../../electron/node/audit/audit-service'
import { type ActivityEntitlement, generateActivity, seededRandom } from '../../electron/node/audit/demo-activity'
import { loadPlaceNames } from '../../electron/node/audit/place-names/load-place-names'
import { type Db, openDatabase } from '../../electron/node/db/database'
import { type Handlers, createDispatcher, noStaff } from '../../electron/node/ipc/dispatcher'
import { EventBus } from '../../electron/node/ipc/event-bus'
import { HeadMonitor } from '../../electron/node/ledger/head-monitor'
import { createLogger } from '../../electron/node/log/logger'
import { type ReliefChain, chainTime, startReliefChain } from '../integration/audit-chain'
import { launchChromium } from '../support/browser'
import { projectRoot } from '../support/host-process'
import { makeTempDir } from '../support/temp-dir'

const artifacts = path.join(projectRoot, 'test-artifacts', 'audit')

/**
 * An element's text, or null when it is not there (yet). Bounded: Playwright
 * would otherwise wait 30 s for a missing element inside every expect.poll
 * attempt, and vitest lets an attempt overrun the poll's own timeout.
 */
const text = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .first()
    .textContent({ timeout: 500 })
    .catch(() => null)

/** 12-digit runs in the page's text, leaving out the small secondary codes shown after a place's name. */
const bareVillageCodes = (page: Page) =>
  page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement
    for (const code of copy.querySelectorAll('[data-testid="place-code"]')) code.remove()
    return (copy.textContent ?? '').match(/(?<!\d)\d{12}(?!\d)/g) ?? []
  })

describe('audit display screens', () => {
  let chain: ReliefChain
  let dir: ReturnType<typeof makeTempDir>
  let db: Db
  let audit: AuditService
  let head: HeadMonitor
  let server: HostServer
  let browser: Browser
  let app: App
  let activity: ActivityEntitlement[]
  /** The one village left without a name. */
  let unnamedVillage: number
  const errors: string[] = []
  const namedCodes = () => new Set((db.prepare('SELECT code FROM place_names').pluck().all() as number[]).map(String))
  /** What a place looks like on screen (its text): its label when named, else its township's name (if known) and its code. */
  const shown = (v: { village: number } & PlaceNames) => placeLabel(v) ?? `${v.townshipName ?? ''}村 ${v.village}`
  const expectNoBareNamedCodes = async (page: Page) => {
    const named = namedCodes()
    expect((await bareVillageCodes(page)).filter((c) => named.has(c))).toEqual([])
  }

  beforeAll(async () => {
    fs.mkdirSync(artifacts, { recursive: true })
    dir = makeTempDir('huimin-audit-e2e-')
    db = openDatabase(path.join(dir.path, 'huimin.sqlite'))
    chain = await startReliefChain({ blockTimeSec: 0 })
    activity = await generateActivity({
      callsOf: chain.callsOf,
      operator: chain.operator,
      terminals: chain.terminals,
      entitlements: 240,
      now: await chainTime(chain.rpc),
      random: seededRandom(2026),
      endingShare: 0.3,
    })
    const log = createLogger({ level: 'error' })
    expect(loadPlaceNames({ db, demo: true, file: null, log }).demo).toBeGreaterThan(0)
    const bus = new EventBus()
    audit = new AuditService({
      db,
      rpc: chain.rpc,
      contract: chain.contract,
      startBlock: chain.deployBlock,
      log,
      emit: (n, p) => bus.emit(n as 'audit.updated', p as never),
      anomalies: { unclaimedMin: 2 },
    })
    await audit.syncNow()
    audit.start()
    // Not the village of the payment traced or the person checked below: those screens show names; the totals and recent screens show both.
    const shownElsewhere = [activity.find((e) => e.state === 'settled' && e.disburseTx)!.village, activity.find((e) => e.state === 'paid')!.village]
    unnamedVillage = audit.queries
      .totals()
      .villages.filter((v) => !shownElsewhere.includes(v.village))
      .at(-1)!.village
    db.prepare('DELETE FROM place_names WHERE code = ?').run(unnamedVillage)
    head = new HeadMonitor(chain.rpc, 1000, (h) => bus.emit('ledger.head', h), log)
    head.start()
    const handlers = { ...createAuditHandlers(audit), 'ledger.head': async () => (await head.poll(), head.current) } as unknown as Handlers
    app = { log, bus, dispatch: createDispatcher(handlers, log, noStaff) } as unknown as App
    server = await startHostServer(app, { rendererDir: path.join(projectRoot, 'out', 'renderer'), resourcesDir: path.join(projectRoot, 'resources'), port: 0 })
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
    await head?.dispose()
    await audit?.dispose()
    db?.close()
    await chain?.dispose()
    dir?.remove()
  })

  // Pages are closed even when a test fails, so a failed test leaves nothing running into the next one.
  const pages: Page[] = []
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close().catch(() => {})
  })

  /** `prepare` runs before the page loads (to take over its clock, say). */
  const open = async (screen: string, prepare?: (page: Page) => Promise<void>): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    pages.push(page)
    await prepare?.(page)
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    await page.goto(`${server.urls.audit}?screen=${screen}`)
    await expect.poll(async () => Number((await text(page, 'ledger-height'))?.trim()), { timeout: 15_000 }).toBeGreaterThan(0)
    return page
  }

  it('shows totals per programme with progress bars, equal to the index', async () => {
    const page = await open('totals')
    const totals = audit.queries.totals()
    await expect.poll(() => page.getByTestId('audit-totals').locator('.program').count(), { timeout: 10_000 }).toBe(totals.programs.length)
    const paidText = await page.getByTestId('total-paid').textContent()
    expect(paidText).toContain((totals.sum.paid / 1_000_000).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }))
    // Villages by name (官渡镇 · 李庄村) with the code small after it; the unnamed one by its township's name, and its code labelled.
    const rows = page.getByTestId('audit-totals').locator('.village')
    expect(await rows.count()).toBe(totals.villages.length)
    for (const [i, v] of totals.villages.entries()) {
      const row = rows.nth(i)
      if (v.village === unnamedVillage) {
        expect(v.villageName).toBeUndefined()
        expect(v.townshipName).toMatch(/[镇乡]$/)
        expect(await row.getByTestId('place-name').textContent()).toBe(v.townshipName)
        expect(await row.getByTestId('place-code').textContent()).toBe(`村 ${v.village}`)
      } else {
        expect(v.villageName).toMatch(/村$/)
        expect(await row.getByTestId('place-name').textContent()).toBe(placeLabel(v))
        expect(await row.getByTestId('place-code').textContent()).toBe(String(v.village))
      }
    }
    await expectNoBareNamedCodes(page)
    await page.screenshot({ path: path.join(artifacts, 'totals.png') })
    await page.close()
  })

  it('draws the fund-flow Sankey on a canvas under the CSP', async () => {
    const page = await open('flow')
    await expect.poll(() => page.locator('[data-testid="audit-sankey"] canvas').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    // Drawn on a canvas: the labels come from the nodes' names.
    const places = audit.queries.flows().nodes.filter((n) => n.kind === 'township' || (n.kind === 'village' && n.name))
    expect(places.length).toBeGreaterThan(3)
    for (const n of places) expect(n.placeName ?? null, n.id).toEqual(n.code === unnamedVillage ? null : expect.stringMatching(/[镇乡村]$/))
    await page.waitForTimeout(500)
    await page.screenshot({ path: path.join(artifacts, 'flow.png') })
    await page.close()
  })

  it('lists the latest disbursements, newest first, with masked names only', async () => {
    const page = await open('recent')
    const recent = audit.queries.recent(10)
    await expect.poll(() => page.getByTestId('recent-row').count(), { timeout: 10_000 }).toBe(recent.length)
    const first = await page.getByTestId('recent-row').first().textContent()
    expect(first).toContain(recent[0]!.maskedName)
    expect(first).toContain(recent[0]!.txShort)
    expect(recent[0]!.maskedName).toContain('*')
    const rows = await page.getByTestId('recent-row').allTextContents()
    recent.forEach((r, i) => expect(rows[i]).toContain(shown(r)))
    expect(recent.some((r) => r.villageName)).toBe(true)
    await expectNoBareNamedCodes(page)
    await page.screenshot({ path: path.join(artifacts, 'recent.png') })
    await page.close()
  })

  it('traces a receipt scanned as HID keystrokes and verifies it on the ledger', async () => {
    const paid = activity.find((e) => e.state === 'settled' && e.disburseTx)!
    const payload = claimTracePayload({
      claimNo: paid.claimNumber!,
      program: '',
      amountFen: paid.amount,
      name: '',
      idNumber: '',
      township: String(paid.township),
      terminalId: 'T1',
      confirmedAt: Date.now(),
      txHash: paid.disburseTx,
      ledger: { state: 'confirmed', blockNumber: 1 },
    })
    const page = await open('totals')
    await page.keyboard.type(payload, { delay: 2 })
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('main').getAttribute('data-screen'), { timeout: 10_000 }).toBe('trace')
    expect(await page.getByTestId('trace-input').inputValue()).toBe(payload)
    await expect.poll(() => text(page, 'trace-verdict'), { timeout: 15_000 }).toContain('已在账本核验')
    expect(await page.getByTestId('trace-step').count()).toBe(3)
    const traced = audit.queries.trace(paid.claimNumber!).entitlement!
    expect(traced.villageName).toBeDefined()
    expect(await page.getByTestId('audit-trace').locator('.who').textContent()).toContain(shown(traced))
    await expectNoBareNamedCodes(page)
    await page.screenshot({ path: path.join(artifacts, 'trace.png') })

    // Typed claim number, then one that does not exist.
    await page.getByTestId('trace-input').fill(paid.claimNumber!.toLowerCase())
    await page.getByTestId('trace-submit').click()
    await expect.poll(() => text(page, 'trace-verdict'), { timeout: 15_000 }).toContain('已在账本核验')
    await page.getByTestId('trace-input').fill('410122101-20260101-ZZZZZZZZ')
    await page.getByTestId('trace-submit').click()
    await expect.poll(() => text(page, 'trace-notfound'), { timeout: 10_000 }).toContain('未找到')
    await page.close()
  })

  it('shows a beneficiary’s own entries when the kiosk checks their commitment', async () => {
    const page = await open('selfCheck')
    const person = activity.find((e) => e.state === 'paid')!
    // Sent again on each attempt: the page's event stream may still be connecting when the first one goes out.
    const tap = async () => {
      const r = await app.dispatch('kiosk', 'audit.selfCheck', { commitment: person.commitment })
      expect(r.ok).toBe(true)
      return page.getByTestId('self-entry').count()
    }
    await expect.poll(tap, { timeout: 10_000, interval: 500 }).toBe(1)
    expect(await page.getByTestId('self-entry').textContent()).toContain(person.maskedName)
    const mine = audit.queries.selfCheck(person.commitment)[0]!
    expect(mine.villageName).toBeDefined()
    expect(await page.getByTestId('self-entry').textContent()).toContain(shown(mine))
    await expectNoBareNamedCodes(page)
    await page.screenshot({ path: path.join(artifacts, 'selfcheck.png') })
    await page.close()
  })

  it('forgets a beneficiary’s entries once they have been shown, so the wall does not keep them', async () => {
    const page = await open('selfCheck', (p) => p.clock.install())
    const person = activity.find((e) => e.state === 'settled')!
    const entries = audit.queries.selfCheck(person.commitment).length
    expect(entries).toBeGreaterThan(0)
    const tap = async () => {
      const r = await app.dispatch('kiosk', 'audit.selfCheck', { commitment: person.commitment })
      expect(r.ok).toBe(true)
      return page.getByTestId('self-entry').count()
    }
    await expect.poll(tap, { timeout: 10_000, interval: 500 }).toBe(entries)
    await page.clock.runFor(SELF_CHECK_SHOWN_MS - 1000)
    expect(await page.getByTestId('self-entry').count()).toBe(entries)
    await page.clock.runFor(2000)
    await expect.poll(() => page.getByTestId('self-entry').count(), { timeout: 5000 }).toBe(0)
    // Back to asking for a card, on the same screen.
    expect(await text(page, 'audit-selfcheck')).toContain('请在终端刷身份证')
    expect(await page.locator('main').getAttribute('data-screen')).toBe('selfCheck')
    await page.close()
  })

  it('clears a traced payment when the display moves on by itself, and turns the flags along the bottom', async () => {
    // Not pinned to a screen: it cycles as on the wall. Its clock is the test's, run forward below.
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    pages.push(page)
    await page.clock.install()
    await page.goto(server.urls.audit)
    await expect.poll(async () => Number((await text(page, 'ledger-height'))?.trim()), { timeout: 15_000 }).toBeGreaterThan(0)

    // Every flag gets its turn, two at a time.
    const flags = audit.anomalies().map((f) => translate(f.messageKey, 'zh', f.params))
    expect(flags.length).toBeGreaterThan(2)
    const pagesOfFlags = Math.ceil(flags.length / 2)
    await expect.poll(() => text(page, 'audit-flag-page'), { timeout: 10_000 }).toBe(`1/${pagesOfFlags}`)
    const seen: string[] = []
    for (let turn = 0; turn < pagesOfFlags; turn++) {
      expect(await text(page, 'audit-flag-page')).toBe(`${turn + 1}/${pagesOfFlags}`)
      seen.push(...(await page.getByTestId('audit-flag').allTextContents()).map((f) => f.replace(/^⚠\s*/, '')))
      await page.clock.runFor(SCREEN_CYCLE_MS)
    }
    expect(seen).toEqual(flags)

    // A scanned receipt's trail is shown, held while someone may be reading it, then gone once the display moves on.
    const paid = activity.find((e) => e.state === 'settled' && e.disburseTx)!
    await page.keyboard.type(paid.claimNumber!, { delay: 2 })
    await page.keyboard.press('Enter')
    await expect.poll(() => text(page, 'trace-verdict'), { timeout: 15_000 }).toContain('已在账本核验')
    await page.clock.runFor(TOUCH_HOLD_MS + SCREEN_CYCLE_MS)
    await expect.poll(() => page.locator('main').getAttribute('data-screen'), { timeout: 5000 }).not.toBe('trace')
    await page.getByTestId('screen-trace').click()
    expect(await page.getByTestId('trace-input').inputValue()).toBe('')
    expect(await page.getByTestId('trace-step').count()).toBe(0)
    await page.close()
  })

  it('shows ledger health with zero lag once caught up, and the flags', async () => {
    const page = await open('health')
    await expect.poll(() => text(page, 'health-lag'), { timeout: 15_000 }).toContain('0 个区块')
    expect(await page.getByTestId('health-hash').textContent()).toMatch(/^0x[0-9a-f]{64}$/)
    // The contract in full, and as a QR code, for anyone to check with their own client.
    expect((await page.getByTestId('health-contract').textContent())?.toLowerCase()).toBe(chain.contract.toLowerCase())
    expect(await page.getByTestId('health-contract-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/)
    // Each node numbered, with its state (the hall's screen does not show the nodes' addresses).
    const nodes = await page.getByTestId('health-node').allTextContents()
    expect(nodes.length).toBeGreaterThan(0)
    nodes.forEach((n, i) => expect(n).toMatch(new RegExp(`^\\s*节点 ${i + 1}\\s+在线`)))
    // The flags along the bottom name their places too.
    const flags = audit.anomalies().slice(0, 2)
    expect(flags.some((f) => f.params.place)).toBe(true)
    for (const f of flags) await expect.poll(() => text(page, 'audit-anomalies'), { timeout: 10_000 }).toContain(String(f.params.place ?? f.params.village))
    await expectNoBareNamedCodes(page)
    await page.screenshot({ path: path.join(artifacts, 'health.png') })
    await page.getByTestId('lang-toggle').click()
    await page.getByTestId('screen-totals').click()
    await page.screenshot({ path: path.join(artifacts, 'totals-en.png') })
    await page.close()
    expect(errors).toEqual([])
  })
})
