import path from 'node:path'
import ExcelJS from 'exceljs'
import { idCheckDigit } from '../hardware/common/id-number'
import { hexToBytes } from '../electron/common/ledger/hex'
import { randomSecretKey } from '../electron/common/ledger/sign'
import { DEMO_REGIONAL_KEY } from '../electron/node/config/config'
import { createCounter } from '../electron/node/counter/counter-app'
import { decodeCsvBytes, parseCsv } from '../electron/node/counter/import/csv'
import { openDatabase } from '../electron/node/db/database'
import { startAnvil } from '../electron/node/ledger/anvil-node'
import { RegionalKeys } from '../electron/node/ledger/keys/regional-keys'
import { ScryptSecretBox } from '../electron/node/ledger/keys/secret-box'
import { createSigner } from '../electron/node/ledger/keys/signer'
import { LedgerService } from '../electron/node/ledger/ledger-service'
import { RpcClient } from '../electron/node/ledger/rpc-client'
import { setupRelief } from '../test/support/ledger/relief-fixture'
import { createLogger } from '../electron/node/log/logger'
import { testCard, TEST_CARDS } from '../hardware/common/test-cards'
import { makeTempDir } from '../test/support/temp-dir'
import type { Benchmark } from './harness'

const ROWS = Number(process.env.COUNTER_BENCH_ROWS ?? 10_000)
const TOWNSHIP = '410122101'
const VILLAGES = ['李庄村', '张庄村', '马家村', '刘集村', '陈桥村']
const SURNAMES = '王李张刘陈杨赵黄周吴'
const GIVEN = '秀英建国桂兰福海长顺志强玉梅春华'
const nameOf = (i: number) => SURNAMES[i % 10]! + GIVEN[Math.floor(i / 10) % 16]! + GIVEN[Math.floor(i / 160) % 16]!

/** 10,000 made-up people with valid ID numbers (area 410122, sequence numbers counting up). */
function listCsv(): string {
  const lines = ['姓名,身份证号,村,项目,金额,起始日期,截止日期,代领']
  for (let i = 0; i < ROWS; i++) {
    const birth = `19${40 + (i % 50)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`
    const first17 = `410122${birth}${String(i % 1000).padStart(3, '0')}`
    lines.push(`${nameOf(i)},${first17}${idCheckDigit(first17)},${VILLAGES[i % 5]},测试项目,${100 + (i % 400)}.50,2026-01-01,2099-12-31,${i % 7 ? '否' : '是'}`)
  }
  return lines.join('\n')
}

/** Import and validate 10,000 rows (target < 2 s); sign and queue their approvals; drain them into a real anvil node. */
export const benchmark: Benchmark = {
  name: 'counter import',
  async run(report) {
    const temp = makeTempDir('huimin-bench-counter-')
    const anvil = await startAnvil({ blockTimeSec: 1, chainId: 31337 })
    try {
      const rpc = new RpcClient({ endpoints: [anvil.url] })
      const terminal = createSigner(randomSecretKey())
      const fixture = await setupRelief(rpc, { terminals: [terminal.address], township: Number(TOWNSHIP), entitlements: 0 })
      const db = openDatabase(path.join(temp.path, 'huimin.sqlite'))
      const log = createLogger({ level: 'error' })
      const ledger = new LedgerService({ db, rpc, signer: terminal, log, chainId: 31337, contract: fixture.contract, township: TOWNSHIP })
      let onReader: { name: string; idNumber: string } | null = null
      const counter = createCounter({
        db,
        rpc,
        log,
        contract: fixture.contract,
        ledger,
        config: { dataDir: temp.path, township: TOWNSHIP, demo: true, ledger: { chainId: 31337 } },
        regionalKeys: RegionalKeys.single(hexToBytes(DEMO_REGIONAL_KEY)),
        box: new ScryptSecretBox('bench-counter-secret'),
        cards: { readCard: async () => onReader },
        printer: { reprintClaim: async () => ({ id: 'P0', state: 'printed' }), printDayClose: async () => ({ id: 'P0', state: 'printed' }) },
        kioskAddress: terminal.address,
        operatorSigner: fixture.adminSigner,
        stationSigner: createSigner(randomSecretKey()),
      })
      await counter.seedDemo([...TEST_CARDS])
      const signIn = async (key: string) => {
        const c = testCard(key)
        onReader = { name: c.name, idNumber: c.idNumber }
        return counter.auth.require((await counter.auth.signIn('123456')).token)
      }
      const clerk = await signIn('zhou-min')
      const supervisor = await signIn('wu-qiang')
      const csv = new TextEncoder().encode(listCsv())

      let t = performance.now()
      parseCsv(decodeCsvBytes(csv))
      const parseMs = performance.now() - t
      t = performance.now()
      const r = await counter.batches.validate(clerk, 'csv', csv)
      const validateMs = performance.now() - t
      if (!r.ok || r.validCount !== ROWS) throw new Error(`bench list did not validate: ${JSON.stringify(r.issues.slice(0, 3))}`)
      report({ name: `import + validate ${ROWS} CSV rows`, value: validateMs, unit: 'ms', peer: 'CSV parse alone', peerValue: parseMs, target: '< 2000 ms' })

      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet('名单')
      for (const line of listCsv().split('\n')) ws.addRow(line.split(','))
      const xlsx = new Uint8Array(await wb.xlsx.writeBuffer())
      t = performance.now()
      const rx = await counter.batches.validate(clerk, 'xlsx', xlsx)
      const xlsxMs = performance.now() - t
      report({
        name: `import + validate ${ROWS} XLSX rows`,
        value: xlsxMs,
        unit: 'ms',
        peer: 'same list as CSV',
        peerValue: validateMs,
        note: `${rx.validCount} valid`,
      })

      const again = await counter.batches.validate(clerk, 'csv', csv)
      t = performance.now()
      const batch = counter.batches.prepare(clerk, again.importId)
      const prepareMs = performance.now() - t
      report({ name: `prepare batch (${ROWS} people enrolled, AES-GCM)`, value: prepareMs, unit: 'ms' })

      t = performance.now()
      await counter.batches.approve(supervisor, batch.id)
      const approveMs = performance.now() - t
      const txCount = counter.operator.list({ purpose: 'approve', limit: 100_000 }).length
      report({ name: `sign + queue approvals (${txCount} txs of 50)`, value: approveMs, unit: 'ms' })

      t = performance.now()
      counter.start()
      for (;;) {
        const v = counter.batches.view(batch.id).ledger
        if (v.rejected) throw new Error(`approvals rejected: ${JSON.stringify(v)}`)
        if (v.confirmed === ROWS) break
        if (performance.now() - t > Number(process.env.COUNTER_BENCH_DRAIN_MS ?? 300_000))
          throw new Error(`drain too slow: ${JSON.stringify(v)} ${JSON.stringify(counter.operator.list({ limit: 2 }))}`)
        await new Promise((res) => setTimeout(res, 200))
      }
      const drainMs = performance.now() - t
      report({
        name: `ledger drain of ${ROWS} approvals (1 s blocks)`,
        value: drainMs / 1000,
        unit: 's',
        note: `${Math.round(ROWS / (drainMs / 1000))} entitlements/s`,
      })
      await counter.dispose()
      await ledger.dispose()
      db.close()
    } finally {
      await anvil.dispose()
      temp.remove()
    }
  },
}
