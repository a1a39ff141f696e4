/**
 * Demo data for the embedded local chain: deploys HuiminRelief, registers
 * this terminal for the configured township, creates three programs, funds
 * them from named funders and approves entitlements for the simulator's test
 * cards. Idempotent: the deployment is remembered in the settings table and
 * reused while the node still has the contract's code.
 * Uses anvil's first dev account as admin, funder, approver and settler:
 * demo only, never on a real chain.
 */
import { TEST_CARDS } from '../../../hardware/common/test-cards'
import { entitlementIdOf } from '../../common/ledger/commitments'
import { maskName } from '../../common/receipt/masking'
import { type Hex, fromQuantity } from '../../common/ledger/hex'
import { parseSecretKey } from '../../common/ledger/sign'
import { DEMO_VILLAGES, villageOfAddress } from '../counter/villages'
import type { Db } from '../db/database'
import type { Logger } from '../log/logger'
import { deployRelief } from './contract/deploy'
import { type LedgerDeployment, readDeployment, writeDeployment } from './deployment'
import { DEMO_ADMIN_KEY, HALL_DEMO_OPERATOR_KEY } from './dev-accounts'
import type { RegionalKeys } from './keys/regional-keys'
import { createSigner } from './keys/signer'
import type { RpcClient } from './rpc-client'

export interface DemoSeedOptions {
  rpc: RpcClient
  db: Db
  log: Logger
  /** The local terminal's address (from its key store). */
  terminal: Hex
  /** Other terminals of this township to register (the counter station's key). */
  extraTerminals?: Hex[]
  township: string
  /** Commits the demo people under the newest regional key epoch. */
  regionalKeys: Pick<RegionalKeys, 'commitmentOf'>
  /** "Now" for validity windows, unix seconds. */
  now?: number
}

const PERIOD = 2026n
const DAY = 86_400
const PROGRAMS = [
  { name: '2026年度产业扶贫补贴', budget: 50_000_000n, amount: 120_000n },
  { name: '2026年度养老补助', budget: 20_000_000n, amount: 30_000n },
  { name: '危房改造补助', budget: 80_000_000n, amount: 500_000n },
] as const
const FUNDING = [
  { program: 1n, amount: 30_000_000n, funder: '县财政局' },
  { program: 1n, amount: 5_000_000n, funder: '某企业' },
  { program: 2n, amount: 20_000_000n, funder: '县财政局' },
  { program: 3n, amount: 10_000_000n, funder: '某公益基金会' },
] as const

/** Which card gets which entitlement; one proxy-allowed, one expired, one not yet valid. */
const PLAN: { card: string; program: 1 | 2 | 3; proxy?: boolean; window?: 'expired' | 'future' }[] = [
  { card: 'li-xiuying', program: 1 },
  { card: 'li-xiuying', program: 2 },
  { card: 'zhang-jianguo', program: 2, proxy: true },
  { card: 'zhang-jianguo', program: 3 },
  { card: 'ma-fuhai', program: 1 },
  { card: 'ayiguli', program: 1 },
  { card: 'ayiguli', program: 3, window: 'future' },
  { card: 'liu-changshun', program: 2 },
  { card: 'liu-changshun', program: 3, window: 'expired' },
  { card: 'chen-rare', program: 2 },
  { card: 'zhao-expired', program: 1 },
]

export async function seedDemoLedger(o: DemoSeedOptions): Promise<LedgerDeployment & { created: boolean }> {
  const chainId = Number(fromQuantity(await o.rpc.request<string>('eth_chainId')))
  const known = readDeployment(o.db)
  if (known && known.chainId === chainId && (await o.rpc.request<string>('eth_getCode', [known.contract, 'latest'])) !== '0x') {
    o.log.info('demo ledger already seeded', { contract: known.contract })
    return { ...known, created: false }
  }
  const admin = createSigner(parseSecretKey(DEMO_ADMIN_KEY))
  // The hall demo's county operator signs the neighbours' programmes, approvals and settlements with its own key.
  const county = createSigner(parseSecretKey(HALL_DEMO_OPERATOR_KEY)).address
  const township = BigInt(o.township)
  const { address, deployBlock } = await deployRelief(o.rpc, admin, {
    roles: { ADMIN: [county], FUNDER: [admin.address, county], APPROVER: [admin.address, county], SETTLER: [admin.address, county] },
    terminals: [o.terminal, ...(o.extraTerminals ?? [])].map((address) => ({ address, township })),
    then: [
      ...PROGRAMS.map((p) => ({ fn: 'createProgram', args: [p.name, township / 1000n, p.budget] })),
      ...FUNDING.map((f, i) => ({ fn: 'fund', args: [f.program, f.amount, sourceRef(i), f.funder] })),
      { fn: 'approveEntitlements', args: [entitlementRows(o, township)] },
    ],
  })
  const deployment = { contract: address, chainId, deployBlock }
  writeDeployment(o.db, deployment)
  o.log.info('demo ledger seeded', { contract: address, programs: PROGRAMS.length, entitlements: PLAN.length })
  return { ...deployment, created: true }
}

function sourceRef(i: number): Hex {
  return `0x${(i + 1).toString(16).padStart(64, '0')}`
}

function entitlementRows(o: DemoSeedOptions, township: bigint): unknown[][] {
  const now = o.now ?? Math.floor(Date.now() / 1000)
  const cards = new Map(TEST_CARDS.map((c) => [c.key, c]))
  return PLAN.map((p) => {
    const card = cards.get(p.card)
    if (!card) throw new Error(`demo plan names unknown test card ${p.card}`)
    // Each person's entitlements in the village their card's address names: the trail and the card agree.
    const village = villageOfAddress(card.address, DEMO_VILLAGES)
    if (!village) throw new Error(`demo card ${p.card} names no demo village in its address`)
    const commitment = o.regionalKeys.commitmentOf(card.idNumber)
    const programId = BigInt(p.program)
    const [from, until] =
      p.window === 'expired' ? [now - 400 * DAY, now - 30 * DAY] : p.window === 'future' ? [now + 60 * DAY, now + 400 * DAY] : [now - 30 * DAY, now + 365 * DAY]
    return [
      entitlementIdOf(programId, commitment, PERIOD),
      programId,
      commitment,
      township,
      township * 1000n + BigInt(village.code.slice(9)),
      PROGRAMS[p.program - 1]!.amount,
      BigInt(from),
      BigInt(until),
      p.proxy === true,
      maskName(card.name),
    ]
  })
}
