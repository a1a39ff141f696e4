import type { CliCommand } from '../command'
import { fingerprintCommand } from './fingerprint'
import { idcardCommand } from './idcard'
import { listCommand } from './list'
import { printerCommand } from './printer'

/** Every `npm run device -- <name>` subcommand; add a line per command file (e.g. printer). */
export const commands: readonly CliCommand[] = [idcardCommand, fingerprintCommand, listCommand, printerCommand]
