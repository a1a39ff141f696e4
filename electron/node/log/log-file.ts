import fs from 'node:fs'

/** Lines kept in memory while the file cannot be written; lines past this are counted and dropped. */
export const MAX_PENDING_BYTES = 1 << 20

/** When the file is rotated: past `maxBytes` it becomes `<file>.1`, `.1` becomes `.2`, up to `keep` old files. */
export interface LogRotation {
  maxBytes: number
  keep: number
}

export const DEFAULT_ROTATION: LogRotation = { maxBytes: 5 << 20, keep: 3 }

/**
 * The log's file, appended to with plain writes, that never throws: a write
 * that fails (ENOSPC on a full disk, EIO, EBADF) keeps the line, and the ones
 * after it, in memory up to MAX_PENDING_BYTES, reports the failure once, and
 * retries on every later line. When a write goes through again the kept
 * lines are written in order, then one line saying how many were dropped.
 * A partial write carries on from the byte it stopped at, so no line is torn.
 * A line that would take a regular file past `rotation.maxBytes` goes to a
 * fresh file (LogRotation); a rotation that fails is reported and tried
 * again after another `maxBytes`.
 */
export class LogFile {
  private fd: number | null
  private readonly pending: Buffer[] = []
  private pendingBytes = 0
  private dropped = 0
  private failure: { code: string; since: number } | null = null
  /** Bytes in the file, or null for what is not a regular file (/dev/full), which is never rotated. */
  private size: number | null
  /** Whether the next pending bytes start a line: a file is only rotated between lines. */
  private atLineStart = true

  /**
   * Opens `file` for appending, private to this user (0600); that may throw
   * (a read-only data dir), nothing after it does. `report` receives one
   * finished JSON line about the file itself (to stderr).
   */
  constructor(
    private readonly file: string,
    private readonly rotation: LogRotation,
    private readonly report: (line: string) => void,
  ) {
    this.fd = openForAppend(file)
    const stat = fs.fstatSync(this.fd)
    this.size = stat.isFile() ? stat.size : null
  }

  /** The error code of the failing writes (e.g. ENOSPC), or null while lines reach the file. */
  get problem(): string | null {
    return this.failure?.code ?? null
  }

  append(line: string): void {
    if (this.fd === null) return
    const bytes = Buffer.from(line)
    if (this.pendingBytes + bytes.length > MAX_PENDING_BYTES) this.dropped++
    else {
      this.pending.push(bytes)
      this.pendingBytes += bytes.length
    }
    this.flush()
  }

  close(): void {
    if (this.fd === null) return
    this.flush()
    closeQuietly(this.fd)
    this.fd = null
  }

  private flush(): void {
    while (this.pending.length > 0) {
      const head = this.pending[0]!
      if (this.atLineStart && this.size !== null && this.size > 0 && this.size + head.length > this.rotation.maxBytes) this.rotate()
      let written: number
      try {
        written = fs.writeSync(this.fd!, head)
      } catch (e) {
        return this.failed(e)
      }
      this.pendingBytes -= written
      if (this.size !== null) this.size += written
      this.atLineStart = written === head.length
      if (written < head.length) this.pending[0] = head.subarray(written)
      else this.pending.shift()
    }
    if (this.failure) this.recovered()
  }

  /** Shifts the old files up (the oldest is replaced), moves this one to `.1` and opens a fresh one. */
  private rotate(): void {
    try {
      for (let n = this.rotation.keep - 1; n >= 1; n--) renameIfPresent(`${this.file}.${n}`, `${this.file}.${n + 1}`)
      fs.renameSync(this.file, `${this.file}.1`)
      const fd = openForAppend(this.file)
      closeQuietly(this.fd!)
      this.fd = fd
    } catch (e) {
      const code = String((e as NodeJS.ErrnoException).code ?? 'EIO')
      this.report(this.line('error', 'log file rotation failed; writing on in the same file', { code, error: (e as Error).message }))
    }
    this.size = 0
  }

  private failed(e: unknown): void {
    if (this.failure) return
    const code = String((e as NodeJS.ErrnoException).code ?? 'EIO')
    this.failure = { code, since: Date.now() }
    this.report(this.line('error', 'log file write failed; keeping lines in memory until it works again', { code, error: (e as Error).message }))
  }

  private recovered(): void {
    const { code, since } = this.failure!
    this.failure = null
    const line = this.line('warn', 'log file writable again', { code, failedForMs: Date.now() - since, dropped: this.dropped })
    this.dropped = 0
    this.report(line)
    this.append(line)
  }

  private line(level: 'warn' | 'error', msg: string, fields: Record<string, unknown>): string {
    return JSON.stringify({ t: new Date().toISOString(), level, scope: 'log', msg, file: this.file, ...fields }) + '\n'
  }
}

function openForAppend(file: string): number {
  return fs.openSync(file, 'a', 0o600)
}

function renameIfPresent(from: string, to: string): void {
  try {
    fs.renameSync(from, to)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd)
  } catch {
    // Nothing more can be done for a file that will not close.
  }
}
