import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runPrinterCommand } from '../../hardware/cli/commands/printer'
import { TEST_PAGE_QR } from '../../hardware/printer/test-page'
import { attachToTransport, startPrinterTcpServer } from '../../hardware/sim/printer/attach'
import { PrinterSimulator } from '../../hardware/sim/printer/printer-simulator'
import { SerialTransport } from '../../hardware/transport/serial-transport'
import { type PtyPair, createPtyPair } from '../support/pty-pair'
import { makeTempDir } from '../support/temp-dir'

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
    const out: string[] = []
    const preview = path.join(dir.path, 'test-page.png')
    try {
      const code = await runPrinterCommand(['test', '--port', pty.b, '--preview', preview], (l) => out.push(l))
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

  it('reports a printer out of paper over TCP and exits 1', async () => {
    const sim = new PrinterSimulator({ faults: { paperOut: true } })
    const server = await startPrinterTcpServer(sim)
    const out: string[] = []
    try {
      expect(await runPrinterCommand(['test', '--tcp', `127.0.0.1:${server.port}`], (l) => out.push(l))).toBe(1)
    } finally {
      await server.close()
    }
    expect(out[0]).toContain('error (PAPER_OUT)  DLE EOT 1..4 → 1a 32 12 7e')
    expect(out[1]).toMatch(/^打印失败 Print failed: E_PRINTER_UNAVAILABLE PAPER_OUT/)
    expect(sim.receipts()).toHaveLength(0)
  })

  it('rejects ambiguous targets with usage', async () => {
    const out: string[] = []
    expect(await runPrinterCommand(['test', '--port', '/dev/null', '--lp', '/dev/usb/lp0'], (l) => out.push(l))).toBe(2)
    expect(out.join('\n')).toContain('usage:')
  })
})
