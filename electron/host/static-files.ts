import fs from 'node:fs'
import path from 'node:path'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
}

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * Resolves a URL path under a root folder, refusing anything that would
 * escape it (`..`, encoded separators, absolute paths, NUL). Returns null when
 * the path is not a file under the root.
 */
export function resolveUnder(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const resolvedRoot = path.resolve(root)
  const candidate = path.resolve(resolvedRoot, '.' + path.posix.normalize('/' + decoded))
  const relative = path.relative(resolvedRoot, candidate)
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null
  try {
    if (!fs.statSync(candidate).isFile()) return null
  } catch {
    return null
  }
  return candidate
}
