import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { composeApp } from '../node/app/compose'
import { ConfigError, loadConfig } from '../node/config/config'
import { startHostServer } from './host-server'

/**
 * Entry point of the plain-Node browser host. Prints one JSON line per
 * readiness stage on stdout ({"event":"stage",...} and finally
 * {"event":"ready","urls":{...}}) so tests and scripts can wait for them.
 */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

async function main(): Promise<void> {
  // Before anything is created: the data dir's files are for this user only (0700 dirs, 0600 files).
  process.umask(0o077)
  let config
  try {
    config = loadConfig(process.env)
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`huimin: ${e.message}\n`)
      process.exit(2)
    }
    throw e
  }
  const announce = (line: Record<string, unknown>) => process.stdout.write(JSON.stringify(line) + '\n')
  const app = await composeApp(config, { shell: 'browser-host', onStage: (stage, detail) => announce({ event: 'stage', stage, ...detail }) })
  const server = await startHostServer(app, {
    rendererDir: process.env.HUIMIN_RENDERER_DIR ?? path.join(projectRoot, 'out', 'renderer'),
    resourcesDir: path.join(projectRoot, 'resources'),
    port: config.host.port,
    counterToken: config.host.counterToken,
  })

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info('stopping', { signal })
    await server.dispose()
    await app.dispose()
    announce({ event: 'stopped' })
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
  announce({
    event: 'ready',
    port: server.port,
    urls: server.urls,
    dataDir: config.dataDir,
    ledger: app.rpc.endpoints.map((e) => e.url),
    contract: app.contract,
    chainId: app.config.ledger.chainId,
  })
}

main().catch((e) => {
  process.stderr.write(`huimin: failed to start: ${(e as Error).message}\n`)
  process.exit(1)
})
