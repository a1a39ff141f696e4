/**
 * Child process for the crash-safety test: claims the given entitlements one
 * by one through a LedgerService (submitter running), prints `C <claim
 * number>` after each commit, and `DRAINED` once nothing is pending. The test
 * SIGKILLs it at random moments and restarts it.
 *
 *   tsx claim-loop.ts <config.json>
 *   config: { db, rpc, contract, chainId, key, entitlementIds }
 */
import fs from 'node:fs'
import { type Hex, hexToBytes } from '../../../electron/common/ledger/hex'
import { openDatabase } from '../../../electron/node/db/database'
import { createLogger } from '../../../electron/node/log/logger'
import { createSigner } from '../../../electron/node/ledger/keys/signer'
import { LedgerService } from '../../../electron/node/ledger/ledger-service'
import { RpcClient } from '../../../electron/node/ledger/rpc-client'

interface LoopConfig {
  db: string
  rpc: string
  contract: Hex
  chainId: number
  key: Hex
  entitlementIds: Hex[]
  maxPauseMs: number
}

const config = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as LoopConfig
const db = openDatabase(config.db)
const ledger = new LedgerService({
  db,
  rpc: new RpcClient({ endpoints: [config.rpc], timeoutMs: 2000 }),
  signer: createSigner(hexToBytes(config.key)),
  log: createLogger({ level: 'error', stderrLevel: 'error' }),
  chainId: config.chainId,
  contract: config.contract,
  township: '410122101',
  preflight: false,
  submitter: { pollMs: 200, recheckAfterMs: 1500, gapGraceMs: 5000 },
})
ledger.start()
process.stdout.write('READY\n')

const claimed = new Set(ledger.list({ limit: 100_000 }).map((c) => c.entitlementId))
for (const id of config.entitlementIds) {
  if (claimed.has(id)) continue
  const claim = ledger.claimOffline({
    entitlementId: id,
    evidence: { method: 'card+fingerprint', fingerprintScore: 800, checkedAt: 1_770_000_000, staffCoSigner: null },
  })
  process.stdout.write(`C ${claim.claimNumber}\n`)
  await new Promise((r) => setTimeout(r, Math.random() * config.maxPauseMs))
}
while (ledger.queue().length > 0) await new Promise((r) => setTimeout(r, 100))
process.stdout.write('DRAINED\n')
await ledger.dispose()
db.close()
