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
 * escape it: `..`, encoded separators, absolute paths, NUL, and symlinks
 * (the file's real path must lie under the root's real path). Returns the
 * file's real path, or null when it is not a file under the root.
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
  if (!isInside(resolvedRoot, candidate)) return null
  try {
    const real = fs.realpathSync(candidate)
    if (!isInside(fs.realpathSync(resolvedRoot), real) || !fs.statSync(real).isFile()) return null
    return real
  } catch {
    return null
  }
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file)
  return relative !== '..' && !relative.startsWith('..' + path.sep) && !path.isAbsolute(relative)
}
