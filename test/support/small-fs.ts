import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { makeTempDir } from './temp-dir'

export interface SmallFs {
  /** The mount point: an empty tmpfs of the size asked for. */
  readonly path: string
  /** Writes a filler file until the filesystem is full (ENOSPC); returns its path. */
  fill(): string
  dispose(): void
}

/**
 * A real small filesystem (tmpfs) mounted on a temp dir, to meet real ENOSPC
 * and EROFS instead of faking them. Needs root with CAP_SYS_ADMIN: returns
 * the reason instead when mounting is not allowed, for the test to skip on.
 */
export function mountSmallFs(options: { sizeKiB: number; readOnly?: boolean }): SmallFs | { skip: string } {
  if (process.getuid?.() !== 0) return { skip: 'mounting a tmpfs needs root' }
  const dir = makeTempDir('huimin-smallfs-')
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${options.sizeKiB}k${options.readOnly ? ',ro' : ''}`, 'tmpfs', dir.path], { stdio: 'pipe' })
  } catch (e) {
    dir.remove()
    return { skip: `mount -t tmpfs not permitted here: ${(e as Error).message.split('\n')[0]}` }
  }
  return {
    path: dir.path,
    fill() {
      const filler = path.join(dir.path, 'filler')
      const fd = fs.openSync(filler, 'a')
      const chunk = Buffer.alloc(4096, 0x78)
      try {
        for (;;) fs.writeSync(fd, chunk)
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e
      } finally {
        fs.closeSync(fd)
      }
      return filler
    },
    dispose() {
      execFileSync('umount', [dir.path], { stdio: 'pipe' })
      dir.remove()
    },
  }
}
