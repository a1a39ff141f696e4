/**
 * The Electron shell's guards, without Electron (its binary cannot be
 * downloaded here, and require('electron') under plain Node throws): the
 * pure decisions in electron/main/guards.ts, and the wiring in
 * electron/main read as text. Before the fix an IPC call was dispatched for
 * any frame of a bound window (a subframe, about:blank, data:, another
 * origin it had been navigated to), app.enableSandbox() was never called and
 * subframe navigations were not checked.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { faceWebPreferences, isAppUrl, isTrustedSender } from '../../electron/main/guards'
import { projectRoot } from '../support/host-process'

describe('isTrustedSender', () => {
  it.each(['app://huimin/index.html?face=kiosk', 'app://huimin/index.html?face=counter#/staff', 'app://huimin/'])(
    'dispatches a call from the app page %s in the top frame',
    (url) => {
      expect(isTrustedSender(url, true)).toBe(true)
    },
  )

  it.each([
    ['another origin', 'http://evil.example/'],
    ['another origin over https', 'https://evil.example/index.html'],
    ['about:blank', 'about:blank'],
    ['a data: URL', 'data:text/html,<script>huimin.call()</script>'],
    ['a blob: URL', 'blob:app://huimin/5f0c0e3e-0000-4000-8000-000000000000'],
    // The app never loads from file://; a local HTML file in a window is not the app.
    ['a file: URL', 'file:///opt/huimin-kiosk/resources/app.asar/out/renderer/index.html'],
    ['the app scheme on another host', 'app://evil/index.html'],
    ['the app host with user info', 'app://x@huimin/index.html'],
    ['the app host with a port', 'app://huimin:8080/index.html'],
    ['a look-alike host', 'app://huimin.evil.example/index.html'],
    ['an empty URL (a destroyed or navigating frame)', ''],
    ['not a URL', 'huimin'],
  ])('refuses %s: %s', (_what, url) => {
    expect(isTrustedSender(url, true)).toBe(false)
  })

  it('refuses a subframe, even one showing the app page', () => {
    expect(isTrustedSender('app://huimin/index.html?face=kiosk', false)).toBe(false)
    expect(isTrustedSender('http://evil.example/', false)).toBe(false)
  })

  it('lets windows navigate only within the app', () => {
    expect(isAppUrl('app://huimin/index.html?face=audit')).toBe(true)
    for (const url of ['https://example.org/', 'file:///etc/passwd', 'about:blank', 'javascript:alert(1)', 'app://other/'])
      expect(isAppUrl(url), url).toBe(false)
  })
})

describe('window web preferences', () => {
  it('isolate and sandbox the page, with no Node and the same-origin policy on', () => {
    for (const devTools of [true, false]) {
      const prefs = faceWebPreferences('/app/out/preload/index.cjs', devTools)
      expect(prefs).toMatchObject({
        preload: '/app/out/preload/index.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        devTools,
      })
      expect(prefs).toMatchObject({ nodeIntegrationInSubFrames: false, nodeIntegrationInWorker: false, allowRunningInsecureContent: false, webviewTag: false })
    }
  })
})

describe('electron/main wiring', () => {
  const mainDir = path.join(projectRoot, 'electron', 'main')
  // Comments stripped, so a line that only mentions a call does not count as making it.
  const source = (file: string) =>
    fs
      .readFileSync(path.join(mainDir, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:])\/\/.*$/gm, '$1')
  const files = fs.readdirSync(mainDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))

  it('enables the sandbox for every renderer before the app is ready', () => {
    const index = source('index.ts')
    const sandbox = index.indexOf('app.enableSandbox()')
    expect(sandbox).toBeGreaterThan(-1)
    expect(sandbox).toBeLessThan(index.search(/app\s*\.whenReady\(/))
  })

  it('checks the sender frame of every IPC call before dispatching it', () => {
    let handlers = 0
    for (const file of files) {
      const text = source(file)
      for (const m of text.matchAll(/ipcMain\.(handle|handleOnce|on|once)\(/g)) {
        handlers++
        const body = text.slice(m.index)
        const guard = body.search(/isTrustedSender\(\s*frame\.url,\s*frame\.parent === null\s*\)/)
        const dispatch = body.indexOf('services.dispatch(')
        expect(guard, `${file}: ipcMain.${m[1]} without isTrustedSender`).toBeGreaterThan(-1)
        expect(guard, `${file}: isTrustedSender after the dispatch`).toBeLessThan(dispatch)
        expect(body.slice(0, guard)).toMatch(/const frame = event\.senderFrame/)
      }
    }
    expect(handlers).toBeGreaterThan(0)
  })

  it('builds every BrowserWindow with faceWebPreferences', () => {
    let windows = 0
    for (const file of files) {
      const text = source(file)
      for (const m of text.matchAll(/new BrowserWindow\(/g)) {
        windows++
        const options = text.slice(m.index, text.indexOf('\n  })', m.index))
        expect(options, file).toMatch(/webPreferences: faceWebPreferences\(/)
      }
    }
    expect(windows).toBeGreaterThan(0)
  })

  it('denies new windows and navigation of any frame off the app', () => {
    const windows = source('windows.ts')
    expect(windows).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/)
    expect(windows).toMatch(/'will-navigate', \(event, url\) => \{\s*if \(!isAppUrl\(url\)\) event\.preventDefault\(\)/)
    expect(windows).toMatch(/'will-frame-navigate', \(event\) => \{\s*if \(!isAppUrl\(event\.url\)\) event\.preventDefault\(\)/)
    expect(windows).toMatch(/'will-redirect', \(event, url\) => \{\s*if \(!isAppUrl\(url\)\) event\.preventDefault\(\)/)
    expect(windows).toMatch(/'will-attach-webview', \(event\) => event\.preventDefault\(\)/)
  })
})
