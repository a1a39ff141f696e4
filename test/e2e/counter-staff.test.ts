import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { idCheckDigit } from '../../hardware/common/id-number'
import { testCard } from '../../hardware/common/test-cards'
import { translate } from '../../electron/common/i18n'
import { launchChromium } from '../support/browser'
import { faceCall } from '../support/face-call'
import { type HostProcess, projectRoot, startHost } from '../support/host-process'

const artifacts = path.join(projectRoot, 'test-artifacts', 'counter')
const HEADER = '姓名,身份证号,村,项目,金额,起始日期,截止日期,代领'
const madeUpId = (seq: number) => {
  const first17 = `41012219700101${String(seq).padStart(3, '0')}`
  return first17 + idCheckDigit(first17)
}

/**
 * The staff counter in Chromium against the browser host on embedded
 * defaults (simulated devices, local anvil, demo staff with PIN 123456).
 * Needs the counter services wired in compose.ts.
 */
describe('staff counter', () => {
  let host: HostProcess
  let browser: Browser
  let page: Page

  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true })
  /** A call made from the page with its own face token (the dev panel's simulator controls). */
  const call = (name: string, body: unknown) => faceCall(page, name, body)
  const cardReads = async () =>
    ((await call('devices.status', {})) as { value: { role: string; counters: Record<string, number> }[] }).value.find((s) => s.role === 'idcard')!.counters
      .reads ?? 0
  /** Lays a card on the reader and waits until the reader has read it, as staff wait for the beep. */
  let onReader: string | null = null
  const place = async (cardKey: string) => {
    if (cardKey === onReader) return
    onReader = cardKey
    const before = await cardReads()
    expect(await call('devices.sim.placeCard', { cardKey })).toMatchObject({ ok: true })
    await expect.poll(cardReads, { timeout: 10_000 }).toBeGreaterThan(before)
  }
  /** The token of the last sign-in, for calls the face offers no button for. */
  let session = ''
  /** Signs in as a person would: card, PIN, press, and wait for the answer before anything else. Returns the error code, if any. */
  const signIn = async (cardKey: string, pin = '123456') => {
    await place(cardKey)
    await page.getByTestId('counter-pin').fill(pin)
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/call/counter.signIn'))
    await page.getByTestId('counter-signin-submit').click()
    const r = (await (await answered).json()) as { ok: boolean; value?: { token: string }; error?: { code: string } }
    if (r.value) session = r.value.token
    return r.error?.code ?? null
  }
  const upload = async (name: string, text: string) =>
    page.getByTestId('counter-import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') })

  beforeAll(async () => {
    fs.mkdirSync(artifacts, { recursive: true })
    host = await startHost()
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    await page.goto(host.urls.counter)
    await page.getByTestId('counter-signin').filter({ hasText: '工作人员登录' }).waitFor()
  })

  afterAll(async () => {
    await browser?.close()
    await host?.stop()
  })

  it('refuses a wrong PIN and locks a card after five', async () => {
    expect(await signIn('zhou-min', '000000')).toBe('COUNTER_WRONG_PIN')
    await expect.poll(() => page.getByTestId('counter-error').textContent()).toBe('密码错误')
    await shot('signin-wrong-pin')
    const answers: (string | null)[] = []
    for (let i = 0; i < 5; i++) answers.push(await signIn('sun-tech', '999999'))
    // The fifth wrong PIN locks the card and says so.
    expect(answers).toEqual([...Array(4).fill('COUNTER_WRONG_PIN'), 'COUNTER_LOCKED'])
    await expect.poll(() => page.getByTestId('counter-error').textContent()).toContain('锁定 15 分钟')
    // While locked, even the right PIN is refused.
    expect(await signIn('sun-tech')).toBe('COUNTER_LOCKED')
    await expect.poll(() => page.getByTestId('counter-error').textContent()).toContain('锁定 15 分钟')
    expect(await page.getByTestId('counter-whoami').count()).toBe(0)
    await shot('signin-locked')
  })

  it('reports each seeded error of a CSV with its row number, and nothing is written', async () => {
    expect(await signIn('zhou-min')).toBeNull()
    await expect.poll(() => page.getByTestId('counter-whoami').textContent()).toContain('S0001')
    await page.getByTestId('counter-tab-import').click()
    // The screen names the columns a list needs, the optional one marked, over an example row.
    const columns = page.getByTestId('counter-import-columns')
    expect((await columns.locator('th').allTextContents()).map((t) => t.trim())).toEqual(HEADER.split(',').map((h) => (h === '代领' ? '代领（可选）' : h)))
    expect(await columns.locator('td').first().textContent()).toBe('王秀兰')
    // The GB18030 template downloads under its own name, headers first.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('counter-import-template-csv-gb18030').click()])
    expect(download.suggestedFilename()).toBe('补贴名单模板-GB18030.csv')
    const saved = fs.readFileSync(await download.path())
    expect(iconv.decode(saved, 'gb18030').split('\r\n')[0]).toBe(HEADER)
    const rows = [
      HEADER,
      `甲某某,${madeUpId(11)},李庄村,1,100,2025-01-01,2099-12-31,否`,
      '王大力,410122194901010011,王庄村,1,100,2025-01-01,2099-12-31,否',
      `乙某某,${madeUpId(13)},没有这个村,1,100,2025-01-01,2099-12-31,否`,
      `丙某某,${madeUpId(15)},马家村,1,0,2025-01-01,2099-12-31,否`,
      `丁某某,${madeUpId(17)},马家村,1,100,2025-12-31,2025-01-01,否`,
      `甲某某,${madeUpId(11)},李庄村,1,100,2025-03-01,2099-12-31,否`,
    ]
    await upload('errors.csv', rows.join('\n'))
    await expect.poll(() => page.getByTestId('counter-import-issue').count()).toBe(5)
    const issues = await page
      .getByTestId('counter-import-issue')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-row')}:${e.getAttribute('data-code')}`))
    expect(issues).toEqual(['3:ID_CHECK_DIGIT', '4:VILLAGE_UNKNOWN', '5:AMOUNT_NOT_POSITIVE', '6:DATE_ORDER', '7:DUPLICATE_IN_FILE'])
    expect(await page.getByTestId('counter-import-prepare').count()).toBe(0)
    await shot('import-report')
  })

  it('maker–checker: the clerk cannot approve their own list; a supervisor puts it on chain', async () => {
    const c = testCard('liu-changshun')
    await upload(
      'clean.csv',
      [HEADER, `${c.name},${c.idNumber},刘集村,1,88.00,2025-06-01,2099-12-31,否`, `甲某某,${madeUpId(21)},李庄村,1,66.50,2025-06-01,2099-12-31,是`].join('\n'),
    )
    await page.getByTestId('counter-import-prepare').click()
    await expect.poll(() => page.getByTestId('counter-import-prepared').isVisible()).toBe(true)
    await page.getByTestId('counter-tab-batches').click()
    // A clerk is a maker only: no approve button, and the screen says who approves (the role the contract names;
    // the same-person rule for supervisors is covered in test/integration/counter-services.test.ts).
    const prepared = page.locator('[data-testid="counter-batch"][data-state="prepared"]').first()
    await expect.poll(() => prepared.getByTestId('counter-batch-who').textContent()).toBe('此项需审核岗办理')
    expect(await prepared.getByTestId('counter-batch-approve').count()).toBe(0)
    await shot('maker-checker-refused')
    await page.getByTestId('counter-signout').click()

    expect(await signIn('wu-qiang')).toBeNull()
    await page.getByTestId('counter-tab-batches').click()
    await page.getByTestId('counter-batch-approve').first().click()
    await expect
      .poll(async () => page.locator('[data-testid="counter-batch"][data-state="approved"] [data-testid="counter-batch-ledger"]').first().textContent(), {
        timeout: 30_000,
      })
      .toContain('已上链 2')
    await shot('batch-approved')

    // The entitlement's state is read from the contract itself.
    await page.getByTestId('counter-tab-lookup').click()
    await place('liu-changshun')
    await page.getByTestId('counter-lookup-card').click()
    await expect.poll(() => page.locator('[data-testid="counter-entitlement"][data-state="approved"]').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    // The approved list named his village: it is shown, and nothing is asked again.
    expect(await page.getByTestId('counter-village').textContent()).toBe('刘集村')
    expect(await page.getByTestId('counter-village').getAttribute('data-from')).toBe('enrolment')
    expect(await page.getByTestId('counter-enrol').count()).toBe(0)
    expect(await page.getByTestId('counter-person').textContent()).toContain('刘*顺')
  })

  it('an assisted claim co-signed by the supervisor: its row follows the ledger without a new lookup, then a reprint', async () => {
    const choose = page.getByTestId('counter-entitlement-choose').first()
    const entitlementId = (await choose.getAttribute('value'))!
    const row = page.locator(`[data-testid="counter-entitlement"][data-entitlement="${entitlementId}"]`)
    expect(await row.getByTestId('counter-entitlement-state').textContent()).toBe('可领取')
    await choose.check()
    await page.getByTestId('counter-assist-reason').selectOption('NO_FINGERPRINT')
    await place('wu-qiang')
    await page.getByTestId('counter-assist-pin').fill('123456')
    const lookups: string[] = []
    const noteLookup = (r: { url(): string }) => {
      if (r.url().endsWith('/api/call/counter.lookup')) lookups.push(r.url())
    }
    page.on('request', noteLookup)
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/call/counter.assist'))
    await page.getByTestId('counter-assist-submit').click()
    expect(await (await answered).json()).toMatchObject({ ok: true })
    // At once: accepted and waiting for its block, no longer claimable.
    await expect.poll(() => row.getByTestId('counter-entitlement-state').textContent(), { timeout: 2_000 }).toMatch(/^已受理 · 待上链$|^已上链 · 区块 \d+$/)
    expect(await row.getByTestId('counter-entitlement-choose').count()).toBe(0)
    await shot('assisted-claim')
    // Then the block comes: the ledger's claim event moves the row, with no lookup in between.
    await expect.poll(() => row.getAttribute('data-claim'), { timeout: 30_000 }).toBe('confirmed')
    expect(await row.getByTestId('counter-entitlement-state').textContent()).toMatch(/^已上链 · 区块 \d+$/)
    await expect.poll(() => page.locator('[data-testid="counter-claim"][data-state="confirmed"]').count()).toBe(1)
    page.off('request', noteLookup)
    expect(lookups).toEqual([])
    await shot('assisted-claim-confirmed')
    await page.getByTestId('counter-reprint').first().click()
    await expect.poll(() => page.getByTestId('counter-notice').textContent()).toContain('已补打')
    await shot('reprint')
  })

  it('asks for a village only when the counter does not know it, with what it knows filled in', async () => {
    const lookupCard = async (cardKey: string) => {
      await place(cardKey)
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/call/counter.lookup'))
      await page.getByTestId('counter-lookup-card').click()
      expect(await (await answered).json()).toMatchObject({ ok: true })
    }
    // Never enrolled, but the card's address names a village of this township: straight to the entitlements.
    await lookupCard('li-xiuying')
    await expect.poll(() => page.getByTestId('counter-village').textContent()).toBe('李庄村（据身份证地址）')
    expect(await page.getByTestId('counter-village').getAttribute('data-from')).toBe('card')
    expect(await page.getByTestId('counter-enrol').count()).toBe(0)
    expect(await page.getByTestId('counter-person').textContent()).toContain('李*英')
    // Nothing was stored by looking her up: enrolling stays the clerk's choice.
    expect(await page.getByTestId('counter-enrol-edit').textContent()).toBe('登记')
    await shot('lookup-village-from-card')

    // A card whose address is in no village of the township: the form opens, the name from the card is known (masked), only the village is asked.
    await lookupCard('zhou-min')
    await expect.poll(() => page.getByTestId('counter-enrol').isVisible()).toBe(true)
    expect(await page.getByTestId('counter-enrol-name-known').textContent()).toBe('姓名：周*')
    expect(await page.getByTestId('counter-enrol-name').count()).toBe(0)
    expect(await page.getByTestId('counter-enrol-village').inputValue()).toBe('')
    await shot('enrol-village-unknown')
    await page.getByTestId('counter-enrol-village').fill('赵村')
    await page.getByTestId('counter-enrol-save').click()
    await expect.poll(() => page.getByTestId('counter-enrol').count()).toBe(0)
    expect(await page.getByTestId('counter-village').getAttribute('data-from')).toBe('enrolment')
    expect(await page.getByTestId('counter-person').textContent()).toContain('周* · 4101**********011X · 赵村')
    // The clerk may still open it to add a phone: the known village is filled in, the phone shows only masked afterwards.
    expect(await page.getByTestId('counter-enrol-edit').textContent()).toBe('修改登记')
    await page.getByTestId('counter-enrol-edit').click()
    expect(await page.getByTestId('counter-enrol-village').inputValue()).toBe('赵村')
    await page.getByTestId('counter-enrol-phone').fill('13912345678')
    await page.getByTestId('counter-enrol-save').click()
    await expect.poll(() => page.getByTestId('counter-person').textContent()).toContain('139****5678')
    expect(await page.getByTestId('counter-enrol').count()).toBe(0)

    // A typed ID number of someone the counter has never seen: name and village are both asked.
    await page.getByTestId('counter-lookup-id').fill(madeUpId(41))
    await page.getByTestId('counter-lookup-id').press('Enter')
    await expect.poll(() => page.getByTestId('counter-enrol-name').isVisible()).toBe(true)
    await page.getByTestId('counter-enrol-name').fill('戊某某')
    await page.getByTestId('counter-enrol-village').fill('马家村')
    await page.getByTestId('counter-enrol-save').click()
    await expect.poll(() => page.getByTestId('counter-enrol').count()).toBe(0)
    expect(await page.getByTestId('counter-person').textContent()).toContain('戊*某')
    // Personal data stays masked on screen.
    const screen = (await page.getByTestId('counter-lookup').textContent())!
    expect(screen).not.toMatch(/李秀英|周敏|戊某某|13912345678|410122195808150021/)
  })

  it('flags a list whose windows are nearly over and still unclaimed: staff see it with what to check', async () => {
    // A clerk imports five entitlements in one village whose window is 90% gone; a supervisor puts them on chain.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
    await page.getByTestId('counter-signout').click()
    expect(await signIn('zhou-min')).toBeNull()
    await page.getByTestId('counter-tab-import').click()
    const late = [31, 33, 35, 37, 39].map((seq, i) => `${'戊己庚辛壬'[i]}某某,${madeUpId(seq)},李庄村,1,50.00,${day(-9)},${day(1)},否`)
    await upload('late.csv', [HEADER, ...late].join('\n'))
    await page.getByTestId('counter-import-prepare').click()
    await expect.poll(() => page.getByTestId('counter-import-prepared').isVisible()).toBe(true)
    await page.getByTestId('counter-signout').click()
    expect(await signIn('wu-qiang')).toBeNull()
    await page.getByTestId('counter-tab-batches').click()
    await page.locator('[data-testid="counter-batch"][data-state="prepared"] [data-testid="counter-batch-approve"]').first().click()
    await expect
      .poll(async () => page.locator('[data-testid="counter-batch"][data-state="approved"] [data-testid="counter-batch-ledger"]').first().textContent(), {
        timeout: 30_000,
      })
      .toContain('已上链 5')

    // Once indexed, the flag is on the staff screen with what to check, as on the hall's screen.
    await page.getByTestId('counter-tab-flags').click()
    const flag = page.locator('[data-testid="counter-flag"][data-kind="unclaimed"]').filter({ hasText: '李庄村' })
    await expect.poll(() => flag.count(), { timeout: 30_000 }).toBe(1)
    expect(await flag.textContent()).toContain('5 笔补贴有效期已过 80% 仍未领取')
    expect(await flag.textContent()).toContain(translate('counter.flags.check.unclaimed', 'zh'))
    // Opened, it lists the five, masked, soonest ending first.
    await flag.getByTestId('counter-flag-list').click()
    await expect.poll(() => page.getByTestId('counter-flag-entry').count(), { timeout: 10_000 }).toBe(5)
    const names = await page.getByTestId('counter-flag-entry').locator('.name').allTextContents()
    expect(names.sort()).toEqual(['戊*某', '己*某', '庚*某', '辛*某', '壬*某'].sort())
    for (const e of await page.getByTestId('counter-flag-entry').allTextContents()) expect(e).toMatch(/¥50\.00\d{4}-\d{2}-\d{2} 截止$/)
    // Every flag the hall's screen has, in the same order.
    type Flags = { value: { kind: string; messageKey: string; params: Record<string, string | number> }[] }
    const flags = ((await call('audit.anomalies', {})) as Flags).value
    await expect.poll(() => page.getByTestId('counter-flag').count(), { timeout: 10_000 }).toBe(flags.length)
    const rows = await page.getByTestId('counter-flag').all()
    for (const [i, f] of flags.entries()) {
      expect(await rows[i]!.getAttribute('data-kind')).toBe(f.kind)
      expect(await rows[i]!.textContent()).toContain(translate(f.messageKey, 'zh', f.params))
    }
    await shot('flags')
  })

  it('closes the day: printed, PDF exported, anchored on chain; a second close is refused', async () => {
    await page.getByTestId('counter-tab-dayClose').click()
    await expect.poll(() => page.getByTestId('counter-dayclose-total').isVisible()).toBe(true)
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/call/counter.dayClose'), { timeout: 30_000 })
    await page.getByTestId('counter-dayclose-submit').click()
    expect(await (await answered).json()).toMatchObject({ ok: true })
    await expect.poll(() => page.getByTestId('counter-dayclose-closed').isVisible(), { timeout: 30_000 }).toBe(true)
    await expect
      .poll(
        async () => {
          await page.getByTestId('counter-tab-queue').click()
          await page.getByTestId('counter-tab-dayClose').click()
          return page.getByTestId('counter-dayclose-closed').getAttribute('data-anchor')
        },
        { timeout: 30_000 },
      )
      .toBe('confirmed')
    await shot('day-close')
    const businessDate = await page.getByTestId('counter-dayclose-date').inputValue()
    expect(await call('counter.dayClose', { session, businessDate })).toMatchObject({ ok: false, error: { code: 'COUNTER_DAY_CLOSED' } })
    const pdfs = fs.readdirSync(path.join(host.dataDir, 'exports')).filter((f) => f.endsWith('.pdf'))
    expect(pdfs).toHaveLength(1)
    const jobs = (await call('printer.jobs', { session })) as { ok: boolean; value: { kind: string; state: string }[] }
    expect(jobs.value.map((j) => j.kind)).toEqual(expect.arrayContaining(['reprint', 'dayClose']))

    // The queue shows the anchored close; the terminals screen shows both kiosk and counter station registered.
    await page.getByTestId('counter-tab-queue').click()
    await expect.poll(() => page.locator('[data-testid="counter-queue-tx"][data-kind="close-day"]').getAttribute('data-state')).toBe('confirmed')
    await shot('queue')
    await page.getByTestId('counter-tab-terminals').click()
    await expect.poll(() => page.locator('[data-testid="counter-terminal"][data-registered="true"]').count()).toBe(2)
    await shot('terminals')
  })
})
