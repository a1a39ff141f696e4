import type { WebPreferences } from 'electron'

/**
 * The Electron shell's security decisions as pure functions of strings and
 * flags, so plain-Node tests can hold them: this file imports nothing from
 * Electron at run time (the import above is a type and is erased).
 *
 * The app's own pages are served only over app://huimin/ (app-protocol.ts);
 * nothing is ever loaded from file://, so a file:// page is not the app.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'huimin'

/** A URL of the app's own renderer: app://huimin/…, no port, no user info. */
export function isAppUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === ''
}

/**
 * Whether an IPC call may be dispatched, given the sending frame's URL
 * (event.senderFrame.url) and whether that frame is the top frame of its
 * page: only the app's own page itself, never a subframe, about:blank, data:
 * or anything served from elsewhere.
 */
export function isTrustedSender(url: string, isMainFrame: boolean): boolean {
  return isMainFrame && isAppUrl(url)
}

/** Every window's web preferences: an isolated, sandboxed page with no Node and the same-origin policy on. */
export function faceWebPreferences(preload: string, devTools: boolean): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools,
  }
}
