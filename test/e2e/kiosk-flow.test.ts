import fs from 'node:fs'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { testCard } from '../../hardware/common/test-cards'
import { keccakHex } from '../../electron/common/ledger/abi-codec'
import { type ClaimEvidence, beneficiaryCommitment, evidenceHashOf } from '../../electron/common/ledger/commitments'
import { hexToBytes, utf8Bytes } from '../../electron/common/ledger/hex'
import { DEMO_REGIONAL_KEY } from '../../electron/node/config/config'
import { EVENT_TOPICS } from '../../electron/node/ledger/contract/events'
import { launchChromium } from '../support/browser'
import { faceCall } from '../support/face-call'
import { type HostProcess, projectRoot, startHost } from '../support/host-process'
import { KioskDriver } from '../support/kiosk-driver'
import { nodeRpc } from '../support/node-rpc'
import { descendantPids } from '../support/process-tree'

const artifacts = path.join(projectRoot, 'test-artifacts', 'kiosk')
const PERSONAL = ['李秀英', '410122195808150021', '李庄村', '张建国', '41012219560312003X']
/** From the claim touch to the receipt screen: a preflight call per entitlement and a durable write, on a machine another test may be loading. */
const CLAIM_MS = 30_000

describe('the beneficiary at the self-service kiosk', () => {
  let host: HostProcess
  let browser: Browser
  let d: KioskDriver
  let ledgerUrl: string
  const shot = (name: string) => d.kiosk.screenshot({ path: path.join(artifacts, `${name}.png`) })

  beforeAll(async () => {
    fs.mkdirSync(artifacts, { recursive: true })
    host = await startHost({ HUIMIN_IDLE_SECONDS: '20', HUIMIN_FINISH_SECONDS: '4' })
    ledgerUrl = (host.announcements.find((a) => a.event === 'ready')!.ledger as string[])[0]!
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await host?.stop()
  })
  beforeAll(async () => {
    d = await KioskDriver.open(browser, host)
    await d.kiosk.locator('main.kiosk[data-phase="attract"]').waitFor()
    await shot('01-attract')
  })
  afterEach(async () => {
    // Every test leaves the kiosk as it found it: no card, no faults, back at attract.
    await d.removeCard()
    await d.counterCall('devices.sim.printer', { paperOut: false, answering: true })
    await expect.poll(() => d.phase(), { timeout: 20_000 }).toBe('attract')
  })

  it('card → finger → entitlements → claim → receipt in two touches, found on the chain', async () => {
    await d.placeCard('li-xiuying')
    await expect.poll(() => d.phase(), { timeout: 20_000 }).toBe('entitlements')
    await expect(d.kiosk.getByTestId('kiosk-person').textContent()).resolves.toBe('李*英')
    expect(await d.kiosk.getByTestId('kiosk-entitlement').count()).toBe(2)
    await expect(d.kiosk.getByTestId('kiosk-total').textContent()).resolves.toBe('¥1,500.00')
    const bodyPx = await d.kiosk
      .locator('.program')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    expect(bodyPx).toBeGreaterThanOrEqual(32)
    await shot('02-entitlements')

    await d.kiosk.getByTestId('kiosk-claim-all').click() // touch 1
    await expect.poll(() => d.phase(), { timeout: CLAIM_MS }).toBe('receipt')
    await expect(d.kiosk.getByTestId('kiosk-accepted').textContent()).resolves.toContain('已受理')
    await expect.poll(() => d.kiosk.getByTestId('kiosk-print-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('printed')
    await expect.poll(async () => await d.kiosk.locator('[data-ledger="confirmed"]').count(), { timeout: 15_000 }).toBe(2)
    await shot('03-receipt')

    const claimNumbers = await d.kiosk.getByTestId('kiosk-claim-number').allTextContents()
    const payloads = await d.kiosk.getByTestId('kiosk-qr').evaluateAll((els) => els.map((e) => e.getAttribute('data-payload')!))
    expect(claimNumbers).toHaveLength(2)

    const receipt = await d.lastReceipt()
    const text = receipt.lines.join('\n')
    expect(text).toContain('李*英')
    expect(text).toContain('4101**********0021')
    expect(text).toContain('已上链')
    // Township and terminal by name (demo gazetteer, demo HUIMIN_TERMINAL_NAME), code and address beside them.
    expect(text).toMatch(/乡镇：\s*官渡镇 410122101\n终端：\s*官渡镇便民服务厅1号机\s+0x[0-9a-f]{8}/)
    expect(text).not.toContain('李秀英')
    expect(text).not.toContain('410122195808150021')
    expect(payloads).toContain(receipt.qrPayloads[0])
    fs.writeFileSync(path.join(artifacts, '04-paper-receipt.png'), Buffer.from(receipt.png.split(',')[1]!, 'base64'))

    // The QR names the transaction: it is on the chain, mined, successful, and sent by this kiosk's key.
    const txHash = `0x${receipt.qrPayloads[0]!.slice('HMTRACE:'.length).toLowerCase()}`
    const mined = await nodeRpc<{ status: string; blockNumber: string; from: string }>(ledgerUrl, 'eth_getTransactionReceipt', [txHash])
    expect(mined.status).toBe('0x1')
    const terminal = await d.staffCall<{ address: string }>('ledger.terminal')
    expect(mined.from.toLowerCase()).toBe(terminal.value!.address.toLowerCase())

    await d.tap(d.kiosk.getByTestId('kiosk-done')) // touch 2
    await expect.poll(() => d.phase()).toBe('finish')
    await shot('05-finish')
    await d.removeCard()
    await expect.poll(() => d.phase(), { timeout: 15_000 }).toBe('attract')

    // Nothing personal is left in the page, its store, or the main side's session.
    const html = await d.kiosk.content()
    for (const p of [...PERSONAL, '李*英', claimNumbers[0]!]) expect(html).not.toContain(p)
    const view = (await faceCall(d.kiosk, 'kiosk.view')).value
    expect(view).toMatchObject({ phase: 'attract', person: null, entitlements: [], claims: [] })

    // A second visit shows both as collected and nothing to claim.
    await d.placeCard('li-xiuying')
    await expect.poll(() => d.phase(), { timeout: 20_000 }).toBe('entitlements')
    await expect.poll(() => d.kiosk.locator('[data-state="paid"]').count()).toBe(2)
    expect(await d.kiosk.getByTestId('kiosk-claim').count()).toBe(0)
    await expect(d.kiosk.getByTestId('kiosk-none').isVisible()).resolves.toBe(true)
  })

  it('refuses a card whose ID number fails its check digit, with the reason', async () => {
    await d.placeCard('wang-badcheck')
    await expect.poll(() => d.phase(), { timeout: 20_000 }).toBe('card-refused')
    await expect(d.kiosk.getByTestId('kiosk-reason').textContent()).resolves.toBe('身份证号码校验不通过')
    await shot('06-card-refused')
  })

  it("refuses an expired card laid by hand from the counter's dev panel", async () => {
    await d.counter.getByTestId('dev-card-zhao-expired').click()
    await expect.poll(() => d.phase(), { timeout: 20_000 }).toBe('card-refused')
    await expect(d.kiosk.getByTestId('kiosk-reason').textContent()).resolves.toBe('身份证已过有效期')
  })

  it('after three fingers that do not match, sends the person to staff', async () => {
    await d.placeCard('ma-fuhai', 'ayiguli')
    await expect.poll(() => d.phase(), { timeout: 30_000 }).toBe('assist')
    await expect(d.kiosk.getByTestId('kiosk-reason').textContent()).resolves.toBe('指纹三次都没有对上')
    await shot('07-assist')
  })

  it('sends a card without fingerprint data to staff', async () => {
    await d.placeCard('liu-changshun', null)
    await expect.poll(() => d.phase(), { timeout: 20_000 }).toBe('assist')
    await expect(d.kiosk.getByTestId('kiosk-reason').textContent()).resolves.toBe('您的身份证里没有指纹信息')
  })

  it('pauses self-service when the printer is out of paper, before any claim starts', async () => {
    await d.counterCall('devices.sim.printer', { paperOut: true })
    await expect.poll(() => d.phase(), { timeout: 15_000 }).toBe('unavailable')
    await expect(d.kiosk.getByTestId('kiosk-reason').textContent()).resolves.toBe('回执打印机暂时不能使用')
    // "Receipt later" is a staff decision: nobody signed in, nothing changes.
    const refused = await d.counterCall('printer.receiptLater', { session: 'a'.repeat(64), allowed: true })
    expect(refused).toMatchObject({ ok: false, error: { code: 'COUNTER_NOT_SIGNED_IN' } })
    await d.placeCard('ma-fuhai')
    await expect.poll(() => d.cardOnReader(), { timeout: 10_000 }).toBe(true)
    expect(await d.phase()).toBe('unavailable')
    await shot('08-unavailable')
  })

  it('shows the same claim when the card is tapped again while it is in flight', async () => {
    await d.placeCard('chen-rare')
    await expect.poll(() => d.phase(), { timeout: 20_000 }).toBe('entitlements')
    await d.kiosk.getByTestId('kiosk-claim').first().click()
    await expect.poll(() => d.phase(), { timeout: CLAIM_MS }).toBe('receipt')
    const first = await d.kiosk.getByTestId('kiosk-claim-number').allTextContents()
    await d.removeCard()
    await expect.poll(() => d.phase(), { timeout: 10_000 }).toBe('finish')
    await d.placeCard('chen-rare')
    await expect.poll(() => d.phase(), { timeout: CLAIM_MS }).toBe('receipt')
    expect(await d.kiosk.getByTestId('kiosk-claim-number').allTextContents()).toEqual(first)
    await shot('11-second-tap')
    // Exactly one claim for that entitlement exists locally.
    const claims = await d.counterCall<{ claimNumber: string } | null>('ledger.claimStatus', { claimNumber: first[0] })
    expect(claims.value?.claimNumber).toBe(first[0])
  })

  it('warns when idle and goes back to the start, and ends the session when the card is removed', async () => {
    await d.placeCard('zhang-jianguo')
    await expect.poll(() => d.phase(), { timeout: 20_000 }).toBe('entitlements')
    await expect.poll(() => d.kiosk.getByTestId('kiosk-idle-warning').isVisible(), { timeout: 15_000 }).toBe(true)
    await shot('09-idle-warning')
    await expect.poll(() => d.phase(), { timeout: 20_000 }).toBe('attract')

    await d.removeCard()
    await expect.poll(() => d.cardOnReader(), { timeout: 10_000 }).toBe(false)
    await d.placeCard('zhang-jianguo')
    await expect.poll(() => d.phase(), { timeout: 20_000 }).toBe('entitlements')
    await d.removeCard()
    await expect.poll(() => d.phase(), { timeout: 10_000 }).toBe('attract')
    expect(await d.kiosk.content()).not.toContain('张*国')
  })

  it('accepts a claim while the ledger is down (待上链) and puts it on the ledger when it is back', async () => {
    const anvilPid = descendantPids(host.child.pid!).find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('anvil'))!
    await d.placeCard('ayiguli')
    await expect.poll(() => d.phase(), { timeout: 20_000 }).toBe('entitlements')
    process.kill(anvilPid, 'SIGSTOP')
    try {
      await d.kiosk.getByTestId('kiosk-claim').first().click()
      await expect.poll(() => d.phase(), { timeout: CLAIM_MS }).toBe('receipt')
      await expect(d.kiosk.getByTestId('kiosk-ledger-state').first().textContent()).resolves.toContain('待上链')
      await expect.poll(() => d.kiosk.getByTestId('kiosk-print-state').getAttribute('data-state'), { timeout: 20_000 }).toBe('printed')
      expect((await d.lastReceipt()).lines.join('\n')).toContain('待上链')
      await shot('10-queued')
    } finally {
      process.kill(anvilPid, 'SIGCONT')
    }
    await expect.poll(() => d.kiosk.locator('[data-ledger="confirmed"]').count(), { timeout: 60_000 }).toBe(1)
  })

  it('takes a complaint after the receipt: ticket number on screen and on paper, its hash filed on the chain', async () => {
    await d.placeCard('ma-fuhai')
    await expect.poll(() => d.phase(), { timeout: 20_000 }).toBe('entitlements')
    await d.kiosk.getByTestId('kiosk-claim').first().click()
    await expect.poll(() => d.phase(), { timeout: CLAIM_MS }).toBe('receipt')
    await expect.poll(() => d.kiosk.getByTestId('kiosk-print-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('printed')
    const claimNumber = (await d.kiosk.getByTestId('kiosk-claim-number').first().textContent())!

    await d.kiosk.getByTestId('kiosk-complain').click()
    await d.kiosk.getByTestId('kiosk-complain-NOT_RECEIVED').click()
    await d.kiosk.getByTestId('kiosk-complaint-done').waitFor({ timeout: 15_000 })
    const ticketNo = (await d.kiosk.getByTestId('kiosk-complaint-ticket').textContent())!
    expect(ticketNo).toMatch(/^T410122101-\d{8}-[0-9A-HJKMNP-TV-Z]{6}$/)
    await expect(d.kiosk.getByTestId('kiosk-complaint-done').textContent()).resolves.toContain('投诉已受理')
    expect(await d.kiosk.getByTestId('kiosk-complaint-done').getAttribute('data-printed')).toBe('true')
    await shot('12-complaint')

    const lines = (await d.lastReceipt()).lines
    const ticket = lines.join('\n')
    expect(ticket).toContain('投诉受理单')
    // The ticket number is quoted back by phone: it stands whole on one line of the paper.
    expect(lines.some((l) => l.trim() === ticketNo)).toBe(true)
    expect(ticket).toContain('钱没有收到')
    expect(lines.some((l) => l.trim() === claimNumber)).toBe(true)
    expect(ticket).toContain('马*海')
    expect(ticket).not.toContain('马福海')

    const logsOf = () =>
      nodeRpc<{ topics: string[]; data: string }[]>(ledgerUrl, 'eth_getLogs', [
        { fromBlock: '0x0', toBlock: 'latest', topics: [EVENT_TOPICS.ComplaintFiled, keccakHex(utf8Bytes(ticketNo))] },
      ])
    await expect.poll(async () => (await logsOf()).length, { timeout: 15_000, interval: 500 }).toBe(1)
    const [log] = await logsOf()
    expect(BigInt(log!.topics[2]!)).toBe(410122101n)
    expect(BigInt(log!.data.slice(0, 66))).toBe(2n) // NOT_RECEIVED, second category
  })

  it("keeps the beneficiary's session when a relative's card is refused: the reason in plain words, spoken, and a request for another relative", async () => {
    const readerNoticesRemoval = () => expect.poll(() => d.cardOnReader(), { timeout: 10_000 }).toBe(false)
    await d.placeCard('zhang-jianguo', null)
    await expect.poll(() => d.phase(), { timeout: 20_000 }).toBe('finger')
    await d.kiosk.getByTestId('kiosk-proxy').click()
    await expect.poll(() => d.phase()).toBe('proxy-card')
    await d.removeCard()
    await readerNoticesRemoval()

    for (const [card, reason, finger] of [
      ['wang-badcheck', '身份证号码校验不通过', 'wang-badcheck'],
      ['zhao-expired', '身份证已过有效期', 'zhao-expired'],
      ['liu-changshun', '您的身份证里没有指纹信息', null],
    ] as const) {
      const before = d.spoken.length
      await d.placeCard(card, finger)
      await expect.poll(() => d.kiosk.getByTestId('kiosk-reason').textContent(), { timeout: 10_000 }).toBe(reason)
      expect(await d.phase()).toBe('proxy-card')
      await expect(d.kiosk.getByTestId('kiosk-proxy-another').textContent()).resolves.toContain('请换一位亲属的身份证')
      await expect(d.kiosk.getByTestId('kiosk-proxy-card').textContent()).resolves.toContain('代 张*国 领取')
      await expect.poll(() => d.spoken.slice(before), { timeout: 15_000 }).toContain('audio/zh/kiosk.proxy.another.ogg')
      if (card === 'liu-changshun') await shot('15-proxy-refused')
      await d.removeCard()
      await readerNoticesRemoval()
      expect(await d.phase()).toBe('proxy-card')
    }
    // No code on screen, large type, and a way out within the screen.
    expect(await d.kiosk.locator('main.kiosk').textContent()).not.toMatch(/[A-Z]{2,}_[A-Z_]+/)
    expect(await d.kiosk.getByTestId('kiosk-reason').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(40)
    const exit = d.kiosk.getByTestId('kiosk-proxy-card').getByRole('button', { name: '退出' })
    const box = (await exit.boundingBox())!
    expect(box.y + box.height).toBeLessThanOrEqual(1080)

    // Another relative's good card carries on in the same session: her own finger is asked for.
    await d.placeCard('ayiguli', null)
    await expect.poll(() => d.phase(), { timeout: 20_000 }).toBe('finger')
    await expect(d.kiosk.getByTestId('kiosk-proxy-hello').textContent()).resolves.toContain('请按您自己的手指')
    expect(await d.kiosk.getByTestId('kiosk-reason').count()).toBe(0)
  })

  it('lets a relative collect for a bedridden beneficiary with both cards: only the proxy-allowed entitlement, both identities in the evidence', async () => {
    const readerNoticesRemoval = () => expect.poll(() => d.cardOnReader(), { timeout: 10_000 }).toBe(false)
    await d.placeCard('zhang-jianguo', null) // he cannot come to the pad himself
    await expect.poll(() => d.phase(), { timeout: 20_000 }).toBe('finger')
    await d.kiosk.getByTestId('kiosk-proxy').click()
    await expect.poll(() => d.phase()).toBe('proxy-card')
    await shot('13-proxy-card')

    // Taking his card away keeps the session; laying it again as the proxy is refused with a plain reason.
    await d.removeCard()
    await readerNoticesRemoval()
    expect(await d.phase()).toBe('proxy-card')
    await d.placeCard('zhang-jianguo', null)
    await expect.poll(() => d.kiosk.getByTestId('kiosk-reason').textContent(), { timeout: 10_000 }).toContain('本人的证件')
    await d.removeCard()
    await readerNoticesRemoval()
    expect(await d.phase()).toBe('proxy-card')

    // The relative's card and her own finger.
    await d.placeCard('ayiguli')
    await expect.poll(() => d.phase(), { timeout: 40_000 }).toBe('entitlements')
    await expect(d.kiosk.getByTestId('kiosk-person').textContent()).resolves.toBe('张*国')
    await expect(d.kiosk.getByTestId('kiosk-proxy-collector').textContent()).resolves.toContain('代领人')
    expect(await d.kiosk.getByTestId('kiosk-entitlement').count()).toBe(2)
    expect(await d.kiosk.getByTestId('kiosk-claim').count()).toBe(1)
    expect(await d.kiosk.getByTestId('kiosk-proxy-refused').count()).toBe(1)
    const claimable = d.kiosk.getByTestId('kiosk-entitlement').filter({ has: d.kiosk.getByTestId('kiosk-claim') })
    await expect(claimable.locator('.program').textContent()).resolves.toContain('养老补助')
    await shot('14-proxy-entitlements')

    await d.kiosk.getByTestId('kiosk-claim').click()
    await expect.poll(() => d.phase(), { timeout: CLAIM_MS }).toBe('receipt')
    await expect(d.kiosk.getByTestId('kiosk-accepted').textContent()).resolves.toContain('已受理')
    await expect.poll(() => d.kiosk.locator('[data-ledger="confirmed"]').count(), { timeout: 15_000 }).toBe(1)
    await expect.poll(() => d.kiosk.getByTestId('kiosk-print-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('printed')
    const claimNumber = (await d.kiosk.getByTestId('kiosk-claim-number').first().textContent())!
    const receipt = (await d.lastReceipt()).lines.join('\n')
    expect(receipt).toContain('张*国')
    expect(receipt).not.toContain('张建国')

    // The stored evidence names both people by commitment only, and its hash is the one sent on chain.
    const db = new Database(path.join(host.dataDir, 'huimin.sqlite'), { readonly: true })
    try {
      const row = db.prepare('SELECT evidence_json, evidence_hash, tx_hash FROM ledger_claims WHERE claim_number = ?').get(claimNumber) as {
        evidence_json: string
        evidence_hash: string
        tx_hash: string
      }
      const evidence = JSON.parse(row.evidence_json) as ClaimEvidence
      const key = hexToBytes(DEMO_REGIONAL_KEY)
      expect(evidence).toMatchObject({
        method: 'proxy+fingerprint',
        proxy: {
          beneficiary: beneficiaryCommitment(key, testCard('zhang-jianguo').idNumber),
          collector: beneficiaryCommitment(key, testCard('ayiguli').idNumber),
        },
      })
      expect(evidence.fingerprintScore).toBeGreaterThan(0)
      expect(row.evidence_json).not.toContain(testCard('ayiguli').idNumber)
      expect(row.evidence_hash).toBe(evidenceHashOf(evidence))
      const tx = await nodeRpc<{ input: string }>(ledgerUrl, 'eth_getTransactionByHash', [row.tx_hash])
      expect(tx.input.toLowerCase()).toContain(row.evidence_hash.slice(2).toLowerCase())
    } finally {
      db.close()
    }
  })

  it('shows a failed touch in large plain words with a spoken prompt, lets the person try again, and clears it when that succeeds', async () => {
    const notice = d.kiosk.getByTestId('kiosk-error')
    await d.placeCard('zhang-jianguo') // in person this time: his entitlement that a relative may not collect
    await expect.poll(() => d.phase(), { timeout: 20_000 }).toBe('entitlements')

    // The printer runs out of paper while his list is on screen: the claim is refused before it starts.
    await d.counterCall('devices.sim.printer', { paperOut: true })
    await d.kiosk.getByTestId('kiosk-claim').first().click()
    await notice.waitFor({ timeout: 10_000 })
    await expect(d.kiosk.getByTestId('kiosk-error-text').textContent()).resolves.toBe('回执打印机没有准备好，请到柜台办理')
    expect(await d.kiosk.getByTestId('kiosk-error-text').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(48)
    expect(await notice.textContent()).not.toMatch(/[A-Z]{2,}_[A-Z_]+/)
    await expect.poll(() => d.spoken, { timeout: 15_000 }).toContain('audio/zh/kiosk.reason.PRINTER_DOWN.ogg')
    expect(await d.phase()).toBe('entitlements')
    await shot('16-error-printer')

    // He walks away with his card: the failure goes with his session.
    await d.removeCard()
    await expect.poll(() => d.phase(), { timeout: 15_000 }).toBe('unavailable')
    expect(await notice.count()).toBe(0)
    await d.counterCall('devices.sim.printer', { paperOut: false })
    await expect.poll(() => d.phase(), { timeout: 15_000 }).toBe('attract')
    await d.placeCard('zhang-jianguo')
    await expect.poll(() => d.phase(), { timeout: 20_000 }).toBe('entitlements')
    expect(await notice.count()).toBe(0)
    await d.kiosk.getByTestId('kiosk-claim').first().click()
    await expect.poll(() => d.phase(), { timeout: CLAIM_MS }).toBe('receipt')
    await expect.poll(() => d.kiosk.getByTestId('kiosk-print-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('printed')

    // The complaint store refuses the row (a trigger put into the host's own SQLite file): nothing is recorded.
    const db = new Database(path.join(host.dataDir, 'huimin.sqlite'))
    try {
      db.exec(`CREATE TRIGGER e2e_refuse_complaint BEFORE INSERT ON complaints BEGIN SELECT RAISE(ABORT, 'complaint store refused'); END`)
      const before = d.spoken.length
      await d.kiosk.getByTestId('kiosk-complain').click()
      await d.kiosk.getByTestId('kiosk-complain-AMOUNT_WRONG').click()
      await notice.waitFor({ timeout: 10_000 })
      await expect(d.kiosk.getByTestId('kiosk-error-text').textContent()).resolves.toBe('投诉没有记下来，请再试一次或到柜台投诉')
      await expect(d.kiosk.getByTestId('kiosk-error-again').textContent()).resolves.toContain('再试一次')
      await expect(d.kiosk.getByTestId('kiosk-error-done').textContent()).resolves.toContain('完成')
      await expect.poll(() => d.spoken.slice(before), { timeout: 15_000 }).toContain('audio/zh/kiosk.error.spoken.ogg')
      expect(db.prepare('SELECT COUNT(*) AS n FROM complaints WHERE category = ?').get('AMOUNT_WRONG')).toEqual({ n: 0 })
      await shot('17-error-complaint')
      db.exec('DROP TRIGGER e2e_refuse_complaint')
    } finally {
      db.exec('DROP TRIGGER IF EXISTS e2e_refuse_complaint')
      db.close()
    }
    await d.kiosk.getByTestId('kiosk-error-again').click()
    await d.kiosk.getByTestId('kiosk-complaint-done').waitFor({ timeout: 15_000 })
    expect(await notice.count()).toBe(0)
    await expect(d.kiosk.getByTestId('kiosk-complaint-ticket').textContent()).resolves.toMatch(/^T410122101-\d{8}-[0-9A-HJKMNP-TV-Z]{6}$/)
  })
})
