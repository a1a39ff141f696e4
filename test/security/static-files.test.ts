/**
 * The static-file server of the browser host, which Electron's app://
 * protocol shares (resolveUnder), against the real host: nothing outside
 * the renderer or resources folder is served, by `..`, encoded separators,
 * NUL, or a symlink inside the folder that points out of it. Before the
 * realpath check a symlink to a file outside was served: 200 with its bytes.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { makeRendererDir } from '../support/fixture-renderer'
import { type HostProcess, startHost } from '../support/host-process'
import { rawRequest } from '../support/raw-http'
import { makeTempDir } from '../support/temp-dir'

const SECRET = 'not for the page'
let host: HostProcess
let renderer: ReturnType<typeof makeRendererDir>
let outside: ReturnType<typeof makeTempDir>

beforeAll(async () => {
  renderer = makeRendererDir()
  outside = makeTempDir('huimin-outside-')
  fs.writeFileSync(path.join(outside.path, 'secret.txt'), SECRET)
  fs.symlinkSync(path.join(outside.path, 'secret.txt'), path.join(renderer.path, 'leak.txt'))
  fs.symlinkSync(outside.path, path.join(renderer.path, 'escape'))
  fs.symlinkSync('app.js', path.join(renderer.path, 'assets', 'alias.js'))
  host = await startHost({ HUIMIN_RENDERER_DIR: renderer.path })
})
afterAll(async () => {
  await host?.stop()
  renderer?.remove()
  outside?.remove()
})

const get = (p: string) => rawRequest(host.port, { path: p })

it('serves a symlink that stays inside the folder', async () => {
  const answer = await get('/assets/alias.js')
  expect(answer.status).toBe(200)
  expect(answer.body).toContain('huimin')
})

it.each(['/leak.txt', '/counter/leak.txt', '/escape/secret.txt', '/kiosk/escape/secret.txt'])(
  'refuses %s, a symlink out of the folder, with 404',
  async (p) => {
    const answer = await get(p)
    expect(answer.status).toBe(404)
    expect(answer.body).not.toContain(SECRET)
  },
)

it.each([
  '/../package.json',
  '/%2e%2e/package.json',
  '/assets/..%2f..%2fpackage.json',
  '/resources/..%2fpackage.json',
  '/resources/%2e%2e%2fpackage.json',
  '/assets\\..\\..\\package.json',
  '/assets/..%5c..%5cpackage.json',
  '/assets/app.js%00.png',
  '/%E0%A4%A',
  '/resources/',
])('refuses %s with 404', async (p) => {
  const answer = await get(p)
  expect(answer.status).toBe(404)
  expect(answer.body).not.toContain('"name": "huimin-kiosk"')
})
