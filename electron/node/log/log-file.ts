import fs from 'node:fs'

/** Lines kept in memory while the file cannot be written; lines past this are counted and dropped. */
export const MAX_PENDING_BYTES = 1 << 20

/**
 * The log's file, appended to with plain writes, that never throws: a write
 * that fails (ENOSPC on a full disk, EIO, EBADF) keeps the line, and the ones
 * after it, in memory up to MAX_PENDING_BYTES, reports the failure once, and
 * retries on every later line. When a write goes through again the kept
 * lines are written in order, then one line saying how many were dropped.
 * A partial write carries on from the byte it stopped at, so no line is torn.
 */
export class LogFile {
  private readonly pending: Buffer[] = []
  private pendingBytes = 0
  private dropped = 0
  private failure: { code: string; since: number } | null = null

  /** `report` receives one finished JSON line about the file itself (to stderr). */
  constructor(
    private fd: number | null,
    private readonly file: string,
    private readonly report: (line: string) => void,
  ) {}

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
    try {
      fs.closeSync(this.fd)
    } catch {
      // Nothing more can be done for a file that will not close.
    }
    this.fd = null
  }

  private flush(): void {
    while (this.pending.length > 0) {
      const head = this.pending[0]!
      let written: number
      try {
        written = fs.writeSync(this.fd!, head)
      } catch (e) {
        return this.failed(e)
      }
      this.pendingBytes -= written
      if (written < head.length) this.pending[0] = head.subarray(written)
      else this.pending.shift()
    }
    if (this.failure) this.recovered()
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
