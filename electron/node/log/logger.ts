import fs from 'node:fs'
import path from 'node:path'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export type LogFields = Record<string, unknown>

/**
 * Structured logger: one JSON object per line, in English. Callers must never
 * pass personal data (names, ID numbers, fingerprints); use masked or hashed
 * forms. Writes to a file in the data dir and, at warn and above, to stderr.
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
}

export function createLogger(options: LoggerOptions = {}, scope = 'app'): Logger {
  const level = LEVELS[options.level ?? 'info']
  const stderrLevel = LEVELS[options.stderrLevel ?? 'warn']
  let fd: number | null = null
  if (options.file) {
    fs.mkdirSync(path.dirname(options.file), { recursive: true })
    fd = fs.openSync(options.file, 'a')
  }
  const sink = { fd }

  const make = (name: string): Logger => {
    const write = (lvl: LogLevel, msg: string, fields?: LogFields) => {
      const n = LEVELS[lvl]
      if (n < level && n < stderrLevel) return
      const line = JSON.stringify({ t: new Date().toISOString(), level: lvl, scope: name, msg, ...fields, ...errorFields(fields) }) + '\n'
      if (n >= level && sink.fd !== null) fs.writeSync(sink.fd, line)
      if (n >= stderrLevel) process.stderr.write(line)
    }
    return {
      debug: (m, f) => write('debug', m, f),
      info: (m, f) => write('info', m, f),
      warn: (m, f) => write('warn', m, f),
      error: (m, f) => write('error', m, f),
      child: (sub) => make(`${name}.${sub}`),
      dispose: () => {
        if (sink.fd !== null) fs.closeSync(sink.fd)
        sink.fd = null
      },
    }
  }
  return make(scope)
}

/** Errors do not survive JSON.stringify; keep their message and code. */
function errorFields(fields?: LogFields): LogFields {
  const out: LogFields = {}
  if (!fields) return out
  for (const [k, v] of Object.entries(fields))
    if (v instanceof Error) out[k] = { message: v.message, code: (v as { code?: unknown }).code }
  return out
}
