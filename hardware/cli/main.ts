/**
 * Installer CLI: `npm run device -- <command> …`. Exit codes: 0 ok, 2 usage,
 * 3 no device, 4 no card / no finger, 5 protocol error (see command.ts).
 * Prints no personal data beyond what the command is for; ID numbers masked by default.
 */
import { EXIT, exitFor, type CliIo } from './command'
import { commands } from './commands/index'

const io: CliIo = { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n') }

function help(): string {
  return [
    'Usage: npm run device -- <command> [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`),
    '',
    'Run a command with --help for its options.',
  ].join('\n')
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  const command = commands.find((c) => c.name === name)
  if (!command) {
    io.err(help())
    return name === undefined || name === '--help' ? EXIT.ok : EXIT.usage
  }
  if (rest.includes('--help')) {
    io.out(command.usage)
    return EXIT.ok
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    const { code, message } = exitFor(error)
    io.err(message)
    return code
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    io.err(String(error))
    process.exit(EXIT.failure)
  },
)
