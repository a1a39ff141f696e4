import { DeviceError } from '../common/device-error'

/** Exit codes of `npm run device`: scripts and installers rely on them. */
export const EXIT = { ok: 0, failure: 1, usage: 2, noDevice: 3, noCardOrFinger: 4, protocol: 5 } as const

export interface CliIo {
  out(text: string): void
  err(text: string): void
}

/** One top-level subcommand (`idcard`, `fingerprint`, `list`, `printer`…); each lives in commands/<name>.ts. */
export interface CliCommand {
  name: string
  summary: string
  usage: string
  run(args: string[], io: CliIo): Promise<number>
}

export class UsageError extends Error {}

/** `--name value` / `--flag` parsing with known names only; positional words are returned in order. */
export function parseArgs(args: string[], known: { values: readonly string[]; flags?: readonly string[] }) {
  const values: Record<string, string> = {}
  const flags = new Set<string>()
  const words: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (!arg.startsWith('--')) {
      words.push(arg)
      continue
    }
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined]
    if (known.flags?.includes(name)) flags.add(name)
    else if (known.values.includes(name)) {
      const value = inline ?? args[++i]
      if (value === undefined) throw new UsageError(`--${name} needs a value`)
      values[name] = value
    } else throw new UsageError(`unknown option --${name}`)
  }
  return { values, flags, words }
}

export function intOption(values: Record<string, string>, name: string, fallback: number): number {
  const raw = values[name]
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer, got "${raw}"`)
  return n
}

/** Maps an error to an exit code and a one-line message. */
export function exitFor(error: unknown): { code: number; message: string } {
  if (error instanceof UsageError) return { code: EXIT.usage, message: error.message }
  if (error instanceof DeviceError) {
    const message = `${error.code}: ${error.message}`
    if (error.code === 'DEVICE_NO_CARD' || error.code === 'DEVICE_NO_FINGER' || error.code === 'FP_NO_FINGER') return { code: EXIT.noCardOrFinger, message }
    if (error.code === 'DEVICE_TIMEOUT' || error.code === 'DEVICE_GONE') return { code: EXIT.noDevice, message }
    return { code: EXIT.protocol, message }
  }
  const code = (error as { code?: unknown } | null)?.code
  const text = error instanceof Error ? error.message : String(error)
  if (code === 'ENOENT' || /No such file|cannot open|ENOENT/i.test(text)) return { code: EXIT.noDevice, message: `NO_DEVICE: ${text}` }
  return { code: EXIT.failure, message: text }
}
