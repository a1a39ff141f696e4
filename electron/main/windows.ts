import path from 'node:path'
import { BrowserWindow, type WebContents, app, screen, session } from 'electron'
import type { Face } from '../common/contract'
import { APP_HOST, APP_SCHEME, faceWebPreferences, isAppUrl } from './guards'

export interface FaceWindowOptions {
  preload: string
  /** Production kiosk: fullscreen, kiosk mode, no menu. */
  lockedDown: boolean
}

/** Which face each window's web contents is bound to: the main side's answer to "who is calling". */
export const faceByWebContents = new Map<number, Face>()

export function createFaceWindow(face: Face, options: FaceWindowOptions): BrowserWindow {
  const displays = screen.getAllDisplays()
  const external = displays.find((d) => d.id !== screen.getPrimaryDisplay().id)
  const bounds = face === 'audit' && external ? external.bounds : undefined
  const win = new BrowserWindow({
    ...(bounds ?? { width: 1280, height: 900 }),
    show: false,
    autoHideMenuBar: true,
    fullscreen: options.lockedDown && (face === 'kiosk' || (face === 'audit' && !!external)),
    kiosk: options.lockedDown && face === 'kiosk',
    title: 'Huimin Kiosk',
    webPreferences: faceWebPreferences(options.preload, !app.isPackaged),
  })
  const id = win.webContents.id
  faceByWebContents.set(id, face)
  win.on('closed', () => faceByWebContents.delete(id))
  win.once('ready-to-show', () => win.show())
  void win.loadURL(`${APP_SCHEME}://${APP_HOST}/index.html?face=${face}`)
  return win
}

/** Denies everything a page could use to leave the app or reach the machine. */
export function lockDownContents(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault()
    })
    // will-navigate sees only the top frame; this one sees subframes too.
    contents.on('will-frame-navigate', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault()
    })
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
}

export const preloadPath = (mainDir: string) => path.join(mainDir, '..', 'preload', 'index.cjs')
