import type { Face, HuiminApi } from '../../../electron/common/contract'
import { FACES } from '../../../electron/common/contract'
import { createHttpBridge } from './http-bridge'

function metaContent(name: string): string | null {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? null
}

/** The face this page shows: from the host's meta tag, or the Electron window's `?face=` query. */
export function currentFace(): Face {
  const wanted = metaContent('huimin-face') ?? new URLSearchParams(location.search).get('face')
  return FACES.find((f) => f === wanted) ?? 'kiosk'
}

let faceToken = metaContent('huimin-token')

/**
 * Whether this page must be given its face token: a browser-host page served
 * without one (the counter when HUIMIN_COUNTER_TOKEN is set). Electron's
 * windows are bound to their face and never need one.
 */
export const faceTokenNeeded = !window.huimin && faceToken === null

/** The token the operator entered, used by every later call and the event stream. */
export function setFaceToken(token: string): void {
  faceToken = token
}

/** The one API object the renderer uses: Electron's preload bridge, or the browser host's HTTP bridge. */
export const api: HuiminApi = window.huimin ?? createHttpBridge(() => faceToken ?? '')
