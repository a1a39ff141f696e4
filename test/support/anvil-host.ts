/**
 * A minimal host for the embedded node, run as a child process by tests that
 * kill it: starts the node on the state file given as argv[2] (block time in
 * seconds as argv[3]), then prints one JSON line on stdout when it listens
 * ({"url","pid"}) and one per new durable head ({"durable":"12"}).
 */
import { startAnvil } from '../../electron/node/ledger/anvil-node'
import { createLogger } from '../../electron/node/log/logger'

const stateFile = process.argv[2]!
const blockTimeSec = Number(process.argv[3] ?? '1')
const say = (line: Record<string, unknown>) => process.stdout.write(JSON.stringify(line) + '\n')

const node = await startAnvil({ blockTimeSec, chainId: 31337, stateFile, log: createLogger({ level: 'warn' }, 'anvil-host') })
node.onDurableHead((head) => say({ durable: String(head) }))
say({ url: node.url, pid: node.pid, durable: node.durableHead() === null ? null : String(node.durableHead()) })
process.once('SIGTERM', () => void node.dispose().then(() => process.exit(0)))
