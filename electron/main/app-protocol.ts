import fs from 'node:fs'
import { net, protocol } from 'electron'
import { pathToFileURL } from 'node:url'
import { SECURITY_HEADERS } from '../host/security'
import { mimeType, resolveUnder } from '../host/static-files'
import { APP_HOST, APP_SCHEME } from './guards'

/** Must run before app 'ready': the app:// scheme behaves like a secure, standard origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])
}

/** Serves the built renderer and resources over app://huimin/ (APP_SCHEME, APP_HOST), with a path-traversal check and the CSP. */
export function serveAppProtocol(rendererDir: string, resourcesDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 })
    const [root, rel] = url.pathname.startsWith('/resources/')
      ? [resourcesDir, url.pathname.slice('/resources/'.length)]
      : [rendererDir, url.pathname.slice(1) || 'index.html']
    const file = resolveUnder(root, rel)
    if (!file) return new Response('Not found', { status: 404 })
    const upstream = await net.fetch(pathToFileURL(file).toString())
    return new Response(upstream.body, { headers: { ...SECURITY_HEADERS, 'content-type': mimeType(file), 'content-length': String(fs.statSync(file).size) } })
  })
}
