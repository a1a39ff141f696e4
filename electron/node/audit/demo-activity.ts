/**
 * Generates realistic relief activity on a deployed HuiminRelief contract:
 * programs, funding from named funders, approvals across townships and
 * villages, disbursements by each township's terminal (with claim numbers as
 * the kiosk prints them), settlements, revocations, and a few entitlements
 * near the end of their window. For the demo seed, tests and the benchmark.
 * Names are synthetic; only their masked form goes on chain.
 */
import { formatClaimNumber } from '../../common/ledger/claim-number'
import { claimRefOf } from '../../common/ledger/commitments'
import { type Hex, bytesToHex } from '../../common/ledger/hex'
import { maskName } from '../../common/receipt/masking'
import type { TxSigner } from '../ledger/keys/signer'
import type { LaneCalls } from '../ledger/outbox/lane-calls'

export interface ActivityOptions {
  /** Awaited contract calls through the outbox, one lane per key (withLaneCalls). */
  callsOf: (signer: TxSigner) => LaneCalls
  /** Holds ADMIN, FUNDER, APPROVER and SETTLER. */
  operator: TxSigner
  /** One registered terminal per township. */
  terminals: { signer: TxSigner; township: number }[]
  villagesPerTownship?: number
  entitlements: number
  /** Shares of entitlements paid, of paid ones settled, of unpaid ones revoked. */
  paidShare?: number
  settledShare?: number
  revokedShare?: number
  /** Share of entitlements whose window ends within a day (end-of-window claims, unclaimed flags). */
  endingShare?: number
  /** Chain time now, unix seconds. */
  now: number
  /** Deterministic randomness for tests (default Math.random). */
  random?: () => number
  /** Program ids already created, to add activity to (default: create the demo programs). Either way each is funded for what is approved here. */
  programIds?: number[]
}

export interface ActivityEntitlement {
  entitlementId: Hex
  programId: number
  commitment: Hex
  township: number
  village: number
  amount: number
  maskedName: string
  claimNumber: string | null
  disburseTx: Hex | null
  state: 'approved' | 'paid' | 'settled' | 'revoked'
}

export const DEMO_PROGRAMS = [
  { name: '最低生活保障金', region: 410122, budget: 500_000_000 },
  { name: '产业扶贫补贴', region: 410122, budget: 300_000_000 },
  { name: '教育资助金', region: 410122, budget: 200_000_000 },
  { name: '危房改造补助', region: 410122, budget: 400_000_000 },
]
export const DEMO_FUNDERS = ['中央财政衔接资金', '省级财政专项', '县级配套资金', '东西部协作帮扶']
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗']
const GIVEN = [...'秀英明华建国丽芳军强伟敏静玉兰桂花志刚春梅红霞德福']
const DAY = 86_400

export async function generateActivity(o: ActivityOptions): Promise<ActivityEntitlement[]> {
  const random = o.random ?? Math.random
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const operator = o.callsOf(o.operator)
  let programIds = o.programIds
  if (!programIds) {
    const receipts = await operator.send(DEMO_PROGRAMS.map((p) => ({ fn: 'createProgram', args: [p.name, BigInt(p.region), BigInt(p.budget)], gas: 300_000n })))
    programIds = receipts.map((r) => Number(BigInt(r.logs[0]!.topics[1]!)))
  }
  const villages = o.villagesPerTownship ?? 6
  const items: ActivityEntitlement[] = []
  const windows = new Map<Hex, [number, number]>()
  for (let i = 0; i < o.entitlements; i++) {
    const terminal = pick(o.terminals)
    const ending = random() < (o.endingShare ?? 0.1)
    const from = ending ? o.now - 9 * DAY : o.now - 30 * DAY
    const until = ending ? o.now + DAY : o.now + 60 * DAY
    const e: ActivityEntitlement = {
      entitlementId: bytesToHex(randomBytes(random, 32)),
      programId: pick(programIds),
      commitment: bytesToHex(randomBytes(random, 32)),
      township: terminal.township,
      village: terminal.township * 1000 + 200 + 1 + Math.floor(random() * villages),
      amount: (1 + Math.floor(random() * 20)) * 5000,
      maskedName: maskName(pick(SURNAMES) + pick(GIVEN) + (random() < 0.7 ? pick(GIVEN) : '')),
      claimNumber: null,
      disburseTx: null,
      state: 'approved',
    }
    windows.set(e.entitlementId, [from, until])
    items.push(e)
  }
  // Added activity is funded too: otherwise its disbursements outrun what earlier funding left (InsufficientFunds).
  await fundPrograms(operator, items, random)
  for (let i = 0; i < items.length; i += 200) {
    const chunk = items.slice(i, i + 200)
    const tuples = chunk.map((e) => {
      const [from, until] = windows.get(e.entitlementId)!
      return [
        e.entitlementId,
        BigInt(e.programId),
        e.commitment,
        BigInt(e.township),
        BigInt(e.village),
        BigInt(e.amount),
        BigInt(from),
        BigInt(until),
        false,
        e.maskedName,
      ]
    })
    await operator.send([{ fn: 'approveEntitlements', args: [tuples], gas: BigInt(chunk.length) * 130_000n + 100_000n }])
  }
  const paid = items.filter(() => random() < (o.paidShare ?? 0.6))
  for (const t of o.terminals) {
    const mine = paid.filter((e) => e.township === t.township)
    if (mine.length === 0) continue
    const sender = o.callsOf(t.signer)
    for (const e of mine) e.claimNumber = formatClaimNumber(String(t.township), new Date(o.now * 1000), randomBytes(random, 5))
    const receipts = await sender.send(
      mine.map((e) => ({ fn: 'disburse', args: [e.entitlementId, bytesToHex(randomBytes(random, 32)), claimRefOf(e.claimNumber!)], gas: 200_000n })),
    )
    mine.forEach((e, i) => {
      e.disburseTx = receipts[i]!.transactionHash.toLowerCase() as Hex
      e.state = 'paid'
    })
  }
  const settled = paid.filter(() => random() < (o.settledShare ?? 0.5))
  const revoked = items.filter((e) => e.state === 'approved' && random() < (o.revokedShare ?? 0.05))
  await operator.send([
    ...settled.map((e) => ({ fn: 'settle', args: [e.entitlementId, bytesToHex(randomBytes(random, 32))], gas: 120_000n })),
    ...revoked.map((e) => ({ fn: 'revokeEntitlement', args: [e.entitlementId, bytesToHex(randomBytes(random, 32))], gas: 120_000n })),
  ])
  for (const e of settled) e.state = 'settled'
  for (const e of revoked) e.state = 'revoked'
  return items
}

/** Funds each program with 115–130% of what is approved for it, split over two to four funders, largest first. */
async function fundPrograms(operator: LaneCalls, items: ActivityEntitlement[], random: () => number): Promise<void> {
  const needed = new Map<number, number>()
  for (const e of items) needed.set(e.programId, (needed.get(e.programId) ?? 0) + e.amount)
  const calls = [...needed].flatMap(([programId, approved], i) => {
    const total = Math.round(approved * (1.15 + random() * 0.15))
    const funders = DEMO_FUNDERS.slice(0, 2 + (i % 3))
    const weights = funders.map((_, j) => funders.length - j)
    const sum = weights.reduce((a, b) => a + b, 0)
    return funders.map((funder, j) => ({
      fn: 'fund',
      args: [BigInt(programId), BigInt(Math.ceil((total * weights[j]!) / sum)), bytesToHex(randomBytes(random, 32)), funder],
      gas: 200_000n,
    }))
  })
  await operator.send(calls)
}

function randomBytes(random: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = Math.floor(random() * 256)
  return out
}

/** A small deterministic generator (mulberry32) for reproducible activity. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
