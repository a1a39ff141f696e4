import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runPrinterCommand } from '../../hardware/cli/commands/printer'
import { TEST_PAGE_QR } from '../../hardware/printer/test-page'
import { attachToTransport, startPrinterTcpServer } from '../../hardware/sim/printer/attach'
import { PrinterSimulator } from '../../hardware/sim/printer/printer-simulator'
import { SerialTransport } from '../../hardware/transport/serial-transport'
import { type PtyPair, createPtyPair } from '../support/pty-pair'
import { makeTempDir } from '../support/temp-dir'

/** Runs the real CLI entry (`npm run device` = tsx hardware/cli/main.ts) as a child process. */
function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'hardware/cli/main.ts', ...args],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    )
  })
}

function capture() {
  const out: string[] = []
  const err: string[] = []
  return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) } }
}

/** `npm run device -- printer test …` against the simulator, over a pty and over TCP. */
describe('printer CLI', () => {
  let dir: ReturnType<typeof makeTempDir>
  let pty: PtyPair
  beforeEach(async () => {
    dir = makeTempDir('huimin-printer-cli-')
    pty = await createPtyPair({ dir: dir.path })
  })
  afterEach(async () => {
    await pty.dispose()
    dir.remove()
  })

  it('prints a test page over a serial port, reports status and writes a preview', async () => {
    const sim = new PrinterSimulator({ faults: { paperNearEnd: true } })
    const device = new SerialTransport({ path: pty.a, baudRate: 115200 })
    await device.open()
    const detach = attachToTransport(sim, device)
    const { out, io } = capture()
    const preview = path.join(dir.path, 'test-page.png')
    try {
      const code = await runPrinterCommand(['test', '--port', pty.b, '--preview', preview], io)
      expect(code).toBe(0)
      await sim.waitForReceipts(1)
    } finally {
      detach()
      await device.close()
    }
    expect(out[0]).toBe('打印前状态 Status: attention (PAPER_NEAR_END)  DLE EOT 1..4 → 12 12 12 1e')
    expect(out.some((l) => l.startsWith('已发送测试页 Test page sent:'))).toBe(true)
    expect(sim.lines()[0]).toBe('打印机测试页')
    expect(sim.lines()).toContain('生僻字 Rare: □ → □')
    expect(sim.qrPayloads()).toEqual([TEST_PAGE_QR])
    expect(fs.readFileSync(preview).subarray(1, 4).toString()).toBe('PNG')
  })

  it('npm run device -- printer test: a printer out of paper over TCP exits 1', async () => {
    const sim = new PrinterSimulator({ faults: { paperOut: true } })
    const server = await startPrinterTcpServer(sim)
    try {
      const run = await runCli(['printer', 'test', '--tcp', `127.0.0.1:${server.port}`])
      expect(run.code).toBe(1)
      expect(run.stdout).toContain('error (PAPER_OUT)  DLE EOT 1..4 → 1a 32 12 7e')
      expect(run.stderr).toMatch(/打印失败 Print failed: PRINTER_UNAVAILABLE PAPER_OUT/)
    } finally {
      await server.close()
    }
    expect(sim.receipts()).toHaveLength(0)
  })

  it('rejects ambiguous targets with usage (exit 2)', async () => {
    const run = await runCli(['printer', 'test', '--port', '/dev/null', '--lp', '/dev/usb/lp0'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('usage:')
  })
})
