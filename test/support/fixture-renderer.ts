import fs from 'node:fs'
import path from 'node:path'
import { makeTempDir } from './temp-dir'

/**
 * A stand-in for the built renderer (HUIMIN_RENDERER_DIR): the page the host
 * puts each face's meta tags in, and one asset. For tests of the host itself,
 * which need no Vue build. `remove()` deletes it.
 */
export function makeRendererDir(): { path: string; remove(): void } {
  const dir = makeTempDir('huimin-renderer-')
  fs.writeFileSync(path.join(dir.path, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"></head><body><div id="app"></div></body></html>\n')
  fs.mkdirSync(path.join(dir.path, 'assets'))
  fs.writeFileSync(path.join(dir.path, 'assets', 'app.js'), 'console.log("huimin")\n')
  return dir
}
