import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser'
import { type HostProcess, startHost } from '../support/host-process'

const TOKEN = 'hall-7f3a9c2e5b1d4086a7e2c9f0b3d5e8a1'

/**
 * The counter page in Chromium when the host was started with
 * HUIMIN_COUNTER_TOKEN: the page carries no token, so it asks for one
 * before the counter starts; a wrong one is refused in plain words.
 */
describe('counter bound to a token given at start', () => {
  let host: HostProcess
  let browser: Browser

  beforeAll(async () => {
    host = await startHost({ HUIMIN_COUNTER_TOKEN: TOKEN })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await host?.stop()
  })

  it('asks for the token, refuses a wrong one, and opens the counter with the right one', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(host.urls.counter)
    await expect.poll(() => page.getByTestId('face-token-title').textContent()).toBe('请输入柜台访问令牌')
    expect(await page.getByTestId('counter-signin').count()).toBe(0)

    await page.getByTestId('face-token').fill(TOKEN.replace(/.$/, '0'))
    await page.getByTestId('face-token-submit').click()
    await expect.poll(() => page.getByTestId('face-token-error').textContent()).toContain('令牌不正确')

    await page.getByTestId('face-token').fill(TOKEN)
    await page.getByTestId('face-token-submit').click()
    await expect.poll(() => page.getByTestId('counter-signin').textContent()).toBe('工作人员登录')
    // The counter's own calls carry the token entered: the data disk's row (devices.storage, counter only) has loaded.
    await expect.poll(() => page.getByTestId('counter-device-storage').isVisible()).toBe(true)
    expect(errors).toEqual([])
    await page.close()
  })
})
