import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOW_BELOW_BYTES } from '../../electron/node/storage/disk-space'
import { launchChromium } from '../support/browser'
import { type HostProcess, projectRoot, startHost } from '../support/host-process'
import { type SmallFs, mountSmallFs } from '../support/small-fs'

const artifacts = path.join(projectRoot, 'test-artifacts', 'counter')
const MiB = 1024 * 1024
const asRoot = process.getuid?.() === 0

/**
 * The counter's device screen shows the data disk, live: the browser host runs
 * with its data dir on a real tmpfs a little over the "low" line, the test
 * fills and frees that disk, and Chromium shows each state as the host's
 * monitor reads it (no sign-in: the device table is on the sign-in screen).
 */
describe.skipIf(!asRoot)('counter device screen: the data disk', () => {
  let disk: SmallFs
  let host: HostProcess
  let browser: Browser
  let page: Page

  const row = () => page.getByTestId('counter-device-storage')
  const stateShown = () => row().getAttribute('data-state')
  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true })

  beforeAll(async () => {
    fs.mkdirSync(artifacts, { recursive: true })
    const mounted = mountSmallFs({ sizeKiB: (LOW_BELOW_BYTES + 64 * MiB) / 1024 })
    if ('skip' in mounted) throw new Error(mounted.skip)
    disk = mounted
    host = await startHost({ HUIMIN_STORAGE_CHECK_SECONDS: '1' }, { dataDir: disk.path })
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    await page.goto(host.urls.counter)
    await row().waitFor()
  })

  afterAll(async () => {
    await browser?.close()
    await host?.stop()
    disk?.dispose()
  })

  it('shows 正常, then 空间不足 and 空间已满 as the disk fills, and 正常 again once it is freed; the host stays up', async () => {
    expect(await stateShown()).toBe('ok')
    expect(await row().textContent()).toContain(disk.path)
    expect(await row().locator('.state').textContent()).toBe('正常')

    // Leave 32 MiB under the low line: the kind of space a PDF export folder eats.
    const exports = path.join(disk.path, 'exports-filler')
    const { bavail, bsize } = fs.statfsSync(disk.path)
    fs.writeFileSync(exports, Buffer.alloc(bavail * bsize - LOW_BELOW_BYTES + 32 * MiB))
    await expect.poll(stateShown, { timeout: 30_000 }).toBe('low')
    expect(await row().locator('.state').textContent()).toBe('空间不足')
    expect(await row().textContent()).toContain('请尽快清理磁盘空间')
    await shot('storage-low')

    const filler = disk.fill()
    await expect.poll(stateShown, { timeout: 30_000 }).toBe('full')
    expect(await row().locator('.state').textContent()).toBe('空间已满')
    expect(await row().textContent()).toContain('领取记录和日志无法保存，请立即清理磁盘空间')
    await shot('storage-full')
    // A fresh page reads the same state through devices.storage.
    await page.reload()
    await expect.poll(stateShown, { timeout: 10_000 }).toBe('full')

    fs.rmSync(filler)
    fs.rmSync(exports)
    await expect.poll(stateShown, { timeout: 30_000 }).toBe('ok')
    expect(await row().textContent()).not.toContain('清理磁盘空间')
    expect(host.child.exitCode).toBeNull()
  })
})
