import fs from 'node:fs'
import path from 'node:path'
import { DEFAULT_ROTATION, LogFile, type LogRotation } from './log-file'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export type LogFields = Record<string, unknown>

/**
 * Structured logger: one JSON object per line, in English. Callers must never
 * pass personal data (names, ID numbers, fingerprints); use masked or hashed
 * forms. Writes to a file in the data dir, rotated by size (5 MiB, 3 old
 * files kept), and, at warn and above, to stderr.
 * Logging never throws: a file that cannot be written (a full disk) is
 * reported once and caught up when it can be written again (LogFile).
 */
export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
  child(scope: string): Logger
  dispose(): void
}

export interface LoggerOptions {
  file?: string
  level?: LogLevel
  stderrLevel?: LogLevel
  rotation?: LogRotation
}

/** The root logger also tells whether its file is being written. */
export interface RootLogger extends Logger {
  /** The error code of failing log-file writes (e.g. ENOSPC), or null while they succeed. */
  fileProblem(): string | null
}

/** Opening the file may throw (a read-only data dir); writing to it never does. */
export function createLogger(options: LoggerOptions = {}, scope = 'app'): RootLogger {
  const level = LEVELS[options.level ?? 'info']
  const stderrLevel = LEVELS[options.stderrLevel ?? 'warn']
  const toStderr = (line: string) => void process.stderr.write(line)
  let file: LogFile | null = null
  if (options.file) {
    fs.mkdirSync(path.dirname(options.file), { recursive: true })
    file = new LogFile(options.file, options.rotation ?? DEFAULT_ROTATION, toStderr)
  }

  const make = (name: string): Logger => {
    const write = (lvl: LogLevel, msg: string, fields?: LogFields) => {
      const n = LEVELS[lvl]
      if (n < level && n < stderrLevel) return
      const line = formatLine({ t: new Date().toISOString(), level: lvl, scope: name, msg }, fields)
      if (n >= level) file?.append(line)
      if (n >= stderrLevel) toStderr(line)
    }
    return {
      debug: (m, f) => write('debug', m, f),
      info: (m, f) => write('info', m, f),
      warn: (m, f) => write('warn', m, f),
      error: (m, f) => write('error', m, f),
      child: (sub) => make(`${name}.${sub}`),
      dispose: () => file?.close(),
    }
  }
  return { ...make(scope), fileProblem: () => file?.problem ?? null }
}

/** One JSON line; fields that cannot be serialised (a BigInt, a cycle) are replaced by the reason, never thrown. */
function formatLine(head: LogFields, fields?: LogFields): string {
  try {
    return JSON.stringify({ ...head, ...fields, ...errorFields(fields) }) + '\n'
  } catch (e) {
    return JSON.stringify({ ...head, fieldsError: (e as Error).message }) + '\n'
  }
}

/** Errors do not survive JSON.stringify; keep their message and code. */
function errorFields(fields?: LogFields): LogFields {
  const out: LogFields = {}
  if (!fields) return out
  for (const [k, v] of Object.entries(fields)) if (v instanceof Error) out[k] = { message: v.message, code: (v as { code?: unknown }).code }
  return out
}
