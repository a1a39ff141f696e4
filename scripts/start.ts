import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { electronBinary } from './electron-binary'

/**
 * `npm start`: runs the app on its embedded defaults. Inside Electron when its
 * binary is on this machine; otherwise, said in one line, as the browser host
 * serving the three faces on 127.0.0.1.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name)

function run(command: string, args: string[]): void {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

const electron = process.env.HUIMIN_FORCE_BROWSER_HOST === '1' ? null : electronBinary()
if (electron) {
  run(bin('electron-vite'), ['build'])
  const child = spawn(electron, [root], { cwd: root, stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.log('Electron binary is not available on this machine; running the browser host on 127.0.0.1 instead.')
  run(bin('vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'])
  const host = spawn(bin('tsx'), ['electron/host/main.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
  readline.createInterface({ input: host.stdout }).on('line', (line) => {
    let message: { event?: string; stage?: string; urls?: Record<string, string>; dataDir?: string; ledger?: string[]; contract?: string; chainId?: number }
    try {
      message = JSON.parse(line) as typeof message
    } catch {
      console.log(line)
      return
    }
    if (message.event === 'stage') console.log(`… ${message.stage}`)
    if (message.event === 'ready' && message.urls) {
      console.log(`惠民终端 Huimin Kiosk is ready (data in ${message.dataDir}):`)
      console.log(`  自助终端 kiosk:   ${message.urls.kiosk}`)
      console.log(`  柜台 counter:     ${message.urls.counter}`)
      console.log(`  公示屏 audit:     ${message.urls.audit}`)
      // The point of a public ledger: anyone can read it with their own Ethereum client.
      console.log(`  账本 ledger RPC:  ${(message.ledger ?? []).join(', ')} (chain id ${message.chainId})`)
      console.log(`  合约 contract:    ${message.contract}`)
      console.log('Press Ctrl+C to stop.')
    }
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => host.kill(signal))
  host.on('exit', (code) => process.exit(code ?? 0))
}
