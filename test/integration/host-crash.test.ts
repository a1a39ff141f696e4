/**
 * Nothing lost, ever (issue 21): the real browser host, its process group
 * SIGKILLed at randomized moments of the claim path (start-up, lookup, claim,
 * sign and send, confirm, print) and of the counter's transactions (list
 * approval, complaint, day close), restarted on the same data dir, again and
 * again; once against an external node the test runs, once on the embedded
 * node (which dies with the group, or, in some rounds, must die by itself
 * when only the host is killed). At the end the host drains, and an
 * independent client checks the chain against what the screens accepted and
 * what the SQLite file holds. HUIMIN_CRASH_SEED=<seed> replays a run's plan
 * (steps, cards, kill delays); HUIMIN_CRASH_VERBOSE=1 prints its journal live.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { testCard } from '../../hardware/common/test-cards'
import { keccakHex } from '../../electron/common/ledger/abi-codec'
import { beneficiaryCommitment, claimRefOf, entitlementIdOf } from '../../electron/common/ledger/commitments'
import { type Hex, hexToBytes, utf8Bytes } from '../../electron/common/ledger/hex'
import type { KioskView } from '../../electron/common/contract/kiosk'
import { DEMO_REGIONAL_KEY } from '../../electron/node/config/config'
import { startAnvil } from '../../electron/node/ledger/anvil-node'
import { Hall, LIST_HEADER, listRow } from '../support/hall'
import { type HostGroup, spawnHostGroup } from '../support/host-group'
import { prng } from '../support/prng'
import { type Appearances, headBlock, integrityOf, readChain, readLocal } from '../support/relief-tally'
import { makeTempDir } from '../support/temp-dir'

const SEED = Number(process.env.HUIMIN_CRASH_SEED ?? Date.now() % 2 ** 31)
const STEPS = ['startup', 'lookup', 'claim', 'send', 'confirm', 'print', 'complaint', 'approve', 'day-close'] as const
type Step = (typeof STEPS)[number]
/** Each step once, and a second list approval (more to claim). */
const ROUNDS_PER_MODE = STEPS.length + 1
/** Beneficiaries with a finger on their card, and the village each lives in. */
const KIOSK_CARDS: Record<string, string> = {
  'li-xiuying': '李庄村',
  'zhang-jianguo': '张庄村',
  'ma-fuhai': '马家村',
  ayiguli: '李庄村',
  'chen-rare': '陈桥村',
}
/** What the demo data lets each of them claim. */
const DEMO_SUPPLY: Record<string, number> = { 'li-xiuying': 2, 'zhang-jianguo': 2, 'ma-fuhai': 1, ayiguli: 1, 'chen-rare': 1 }
const REGIONAL_KEY = hexToBytes(DEMO_REGIONAL_KEY)

const renderer = makeTempDir('huimin-host-crash-renderer-')
// The faces' page as the host serves it: only the token it carries matters here, no browser runs.
fs.writeFileSync(path.join(renderer.path, 'index.html'), '<!doctype html><html><head><title>faces</title></head><body></body></html>')
/** Every host started, ended at the end whatever happened (a failed or timed-out test must leave no process behind). */
const hosts: HostGroup[] = []
let tornDown = false
afterAll(async () => {
  tornDown = true
  await Promise.all(hosts.map((h) => h.killGroup()))
  renderer.remove()
})
function startHost(env: Record<string, string>): HostGroup {
  if (tornDown) throw new Error('the test is over')
  const host = spawnHostGroup(env)
  hosts.push(host)
  return host
}

/** What the host answered as accepted, and what the kiosk screen showed as 已上链. */
interface Accepted {
  claims: Set<string>
  shownConfirmed: Map<string, number>
  approvals: Set<string>
  complaints: Set<string>
  dayCloses: Set<string>
}

interface ModeReport {
  mode: string
  seed: number
  rounds: number
  kills: { group: number; hostOnly: number }
  steps: Partial<Record<Step, number>>
  accepted: { claims: number; shownConfirmed: number; approvals: number; complaints: number; dayCloses: number }
  onChain: {
    disbursedByKiosk: number
    disbursedByDemoNeighbours: number
    approvedByCounter: number
    complaints: number
    dayCloses: number
    transactionsSinceSeed: number
  }
  local: { claims: number; intents: Record<string, number> }
  seconds: number
}

console.log(`host-crash seed ${SEED} (replay: HUIMIN_CRASH_SEED=${SEED})`)

describe.concurrent('SIGKILL of the whole browser host, restarted on the same data dir', () => {
  it('with an external node: every accepted claim and counter transaction on chain once, nothing unknown, nothing stuck', async ({ onTestFailed }) => {
    const node = await startAnvil({ blockTimeSec: 1, chainId: 31337 })
    try {
      const report = await crashRounds('external', SEED, { HUIMIN_LEDGER_RPC: node.url, HUIMIN_DEMO: '1' }, onTestFailed)
      expect(report.kills.group).toBe(ROUNDS_PER_MODE)
    } finally {
      await node.dispose()
    }
  })

  it('with the embedded node: the same, and the node never outlives its host', async ({ onTestFailed }) => {
    const report = await crashRounds('embedded', SEED + 1, {}, onTestFailed)
    expect(report.kills.group + report.kills.hostOnly).toBe(ROUNDS_PER_MODE)
    expect(report.kills.hostOnly).toBeGreaterThan(0)
  })
})

async function crashRounds(
  mode: 'external' | 'embedded',
  seed: number,
  ledgerEnv: Record<string, string>,
  onTestFailed: (fn: () => void) => void,
): Promise<ModeReport> {
  const started = performance.now()
  const rand = prng(seed)
  const data = makeTempDir(`huimin-host-crash-${mode}-`)
  /** One line per event of the run, printed if the test fails: what to replay. */
  const journal: string[] = []
  const note = (line: string) => {
    journal.push(`${((performance.now() - started) / 1000).toFixed(1)}s ${line}`)
    if (process.env.HUIMIN_CRASH_VERBOSE) console.log(`host-crash ${mode} ${journal.at(-1)}`)
  }
  onTestFailed(() => console.log(`host-crash ${mode}: seed ${seed}, data dir kept at ${data.path}\n${journal.join('\n')}`))
  const env = { HUIMIN_DATA_DIR: data.path, HUIMIN_RENDERER_DIR: renderer.path, ...ledgerEnv }
  const accepted: Accepted = { claims: new Set(), shownConfirmed: new Map(), approvals: new Set(), complaints: new Set(), dayCloses: new Set() }
  const supply = { ...DEMO_SUPPLY }
  const kills = { group: 0, hostOnly: 0 }
  const steps: Partial<Record<Step, number>> = {}
  let contract: Hex | null = null
  let seedBlock = 0
  let lists = 0
  let closes = 0

  const observe = (v: KioskView) => {
    for (const c of v.claims) if (c.ledgerState === 'confirmed' && c.blockNumber !== null) accepted.shownConfirmed.set(c.claimNumber, c.blockNumber)
  }
  const pickCard = () => {
    const most = Math.max(...Object.values(supply))
    const best = Object.keys(KIOSK_CARDS).filter((k) => supply[k] === most)
    return best[rand.int(0, best.length - 1)]!
  }
  /** Lays cards until one has something to claim; leaves that card's list on screen and returns what to claim. */
  const openEntitlements = async (hall: Hall): Promise<string[]> => {
    for (let tries = 0; tries <= Object.keys(KIOSK_CARDS).length; tries++) {
      const card = pickCard()
      const ids = hall.claimable(await hall.visit(card))
      if (ids.length > 0) {
        const chosen = ids.slice(0, rand.int(1, Math.min(3, ids.length)))
        supply[card] = ids.length - chosen.length
        return chosen
      }
      supply[card] = 0
      await hall.leave()
    }
    throw new Error(`nothing left to claim for any card (supply ${JSON.stringify(supply)})`)
  }
  const claim = async (hall: Hall, ids: string[]) => {
    for (const c of await hall.claim(ids)) accepted.claims.add(c.claimNumber)
    note(`claimed ${ids.length}`)
  }
  const approveList = async (hall: Hall, arm: (ms: number) => void) => {
    const year = 2001 + lists++
    const rows = Object.entries(KIOSK_CARDS).flatMap(([card, village]) => [1, 2, 3].map((program) => ({ card, village, program })))
    const clerk = await hall.signIn('zhou-min')
    const supervisor = await hall.signIn('wu-qiang')
    const batch = await hall.prepareList(clerk, [LIST_HEADER, ...rows.map((r) => listRow(r.card, r.village, r.program, year))].join('\n'))
    arm(rand.int(0, 2500))
    await hall.approve(supervisor, batch)
    for (const r of rows) {
      accepted.approvals.add(entitlementIdOf(BigInt(r.program), beneficiaryCommitment(REGIONAL_KEY, testCard(r.card).idNumber), BigInt(year)))
      supply[r.card]! += 1
    }
  }
  /** The armed step: starts it, has the kill fire at a random moment within it. */
  const perform: Record<Exclude<Step, 'startup'>, (hall: Hall, arm: (ms: number) => void) => Promise<void>> = {
    lookup: async (hall, arm) => {
      await hall.until('attract', (v) => v.phase === 'attract')
      arm(rand.int(0, 1500))
      await hall.tapCard(pickCard())
      await hall.until('the entitlement list', (v) => v.phase === 'entitlements')
    },
    claim: async (hall, arm) => {
      const ids = await openEntitlements(hall)
      arm(rand.int(0, 60))
      await claim(hall, ids)
    },
    send: async (hall, arm) => {
      await claim(hall, await openEntitlements(hall))
      arm(rand.int(0, 500))
    },
    confirm: async (hall, arm) => {
      await claim(hall, await openEntitlements(hall))
      arm(rand.int(300, 2000))
      await hall.until('a receipt printed', (v) => v.receipt?.state === 'printed')
    },
    print: async (hall, arm) => {
      await claim(hall, await openEntitlements(hall))
      arm(rand.int(800, 3500))
      await hall.until('a receipt printed', (v) => v.receipt?.state === 'printed')
    },
    complaint: async (hall, arm) => {
      await claim(hall, await openEntitlements(hall))
      arm(rand.int(0, 2000))
      accepted.complaints.add((await hall.complain()).ticketNo)
    },
    approve: approveList,
    'day-close': async (hall, arm) => {
      const clerk = await hall.signIn('zhou-min')
      const businessDate = daysAgo(++closes)
      arm(rand.int(0, 2500))
      await hall.closeDay(clerk, businessDate)
      accepted.dayCloses.add(businessDate)
    },
  }

  // The first round approves a list (so the kiosk has plenty to claim); the others take every step in a random order.
  const plan: Step[] = ['approve', ...shuffle<Step>([...STEPS.filter((s) => s !== 'approve'), 'approve'], rand)]
  for (const [i, step] of plan.entries()) {
    const hostOnly = mode === 'embedded' && i % 3 === 2
    note(`round ${i} ${step}: start`)
    const host = startHost(env)
    // Set by the timer's callback: the assertion keeps TypeScript from narrowing it to null for good.
    let killing = null as Promise<void> | null
    let fire!: () => void
    const fired = new Promise<void>((r) => (fire = r))
    const kill = () => {
      killing ??= hostOnly ? host.killHostOnly() : host.killGroup()
      fire()
    }
    let timer: NodeJS.Timeout | undefined
    const arm = (ms: number) => {
      note(`round ${i} ${step}: kill ${hostOnly ? 'host only' : 'group'} in ${ms} ms`)
      timer = setTimeout(kill, ms)
    }
    try {
      if (step === 'startup') {
        await host.stage(['db', 'ledger', 'devices', 'ready'][rand.int(0, 3)]!)
        arm(rand.int(0, 300))
      } else {
        const ready = await host.ready
        note(`round ${i} ${step}: ready`)
        const announced = (await host.stage('ledger')).contract as Hex
        if (i === 0) {
          contract = announced
          seedBlock = await headBlock(ready.ledger[0]!)
        }
        // A restart keeps the contract (the embedded node's chain survived the kill).
        expect(announced).toBe(contract)
        const hall = await Hall.open(ready.urls, observe)
        if (i === 0) await hall.untilTerminalsRegistered(await hall.signIn('zhou-min'))
        // Steps that do not claim themselves come after an ordinary visit, so every round adds claims.
        if (step === 'lookup' || step === 'approve' || step === 'day-close') {
          await claim(hall, await openEntitlements(hall))
          await hall.leave()
        }
        await perform[step](hall, arm)
      }
    } catch (e) {
      if (!killing) {
        clearTimeout(timer)
        await host.killGroup()
        throw new Error(`round ${i} (${step}) failed before its kill: ${(e as Error).message}\nhost stderr:\n${host.stderr()}`, { cause: e })
      }
    }
    await fired
    await killing
    note(
      `round ${i} ${step}: killed; accepted so far ${accepted.claims.size} claims, ${accepted.approvals.size} approvals, ${accepted.complaints.size} complaints, ${accepted.dayCloses.size} day closes`,
    )
    kills[hostOnly ? 'hostOnly' : 'group']++
    steps[step] = (steps[step] ?? 0) + 1
  }

  // Drain: one more start, until every intent of the outbox is settled; the chain is read while the node runs.
  const dbFile = path.join(data.path, 'huimin.sqlite')
  note('drain: start')
  const host = startHost(env)
  const ready = await host.ready
  note('drain: ready')
  expect((await host.stage('ledger')).contract).toBe(contract)
  await vi.waitFor(
    () => {
      const pending = readLocal(dbFile).intentsByState.pending ?? 0
      if (pending > 0) throw new Error(`${pending} outbox intents still pending after the last restart`)
    },
    { timeout: 60_000, interval: 250 },
  )
  note('drain: no intent pending')
  const chain = await readChain(ready.ledger[0]!, contract!)
  expect(await host.stop()).toBe(0)
  const local = readLocal(dbFile)
  expect(integrityOf(dbFile)).toBe('ok')

  // Nothing stuck: every intent confirmed, no transaction waiting, every claim confirmed.
  expect(local.intentsByState).toEqual({ confirmed: expect.any(Number) })
  expect(local.pendingTxs).toBe(0)
  expect(local.claims.filter((c) => c.state !== 'confirmed')).toEqual([])

  // Nothing on chain unknown locally: every transaction since the demo seed is one of the outbox's, and each of those is on chain.
  const sinceSeed = chain.txsAfter(seedBlock)
  expect([...sinceSeed].filter(([tx]) => !local.intentTxs.includes(tx))).toEqual([])
  // Any block: the host registers its terminal at start-up, which may land before the seed's head is read.
  const everOnChain = chain.txsAfter(-1)
  expect(local.intentTxs.filter((tx) => !everOnChain.has(tx))).toEqual([])

  // Claims: each one the screen accepted on chain exactly once; each on chain known locally, none twice.
  const localRefs = new Set(local.claims.map((c) => c.claimRef))
  expect(accepted.claims.size).toBeGreaterThanOrEqual(ROUNDS_PER_MODE)
  expect(notOnceIn(chain.disbursed, [...accepted.claims].map(claimRefOf))).toEqual([])
  expect(notOnceIn(chain.disbursed, [...localRefs])).toEqual([])
  expect([...chain.disbursedBy(local.kioskTerminal!)].filter((ref) => !localRefs.has(ref))).toEqual([])
  expect([...chain.disbursed].filter(([, blocks]) => blocks.length > 1)).toEqual([])
  // A claim the kiosk showed as 已上链 in a block is in that very block (the chain never forgot it).
  const movedOrLost = [...accepted.shownConfirmed].filter(([n, block]) => chain.disbursed.get(claimRefOf(n))?.[0] !== block)
  expect(movedOrLost).toEqual([])

  // Counter transactions: list approvals, complaints, day closes; the same three rules.
  expect(notOnceIn(chain.approved, [...accepted.approvals])).toEqual([])
  expect(notOnceIn(chain.approved, local.approvedRows)).toEqual([])
  expect([...chain.approved].filter(([, blocks]) => blocks.length > 1)).toEqual([])
  const ticketHash = (ticketNo: string) => keccakHex(utf8Bytes(ticketNo))
  expect(notOnceIn(chain.complaints, [...accepted.complaints].map(ticketHash))).toEqual([])
  expect(notOnceIn(chain.complaints, local.complaintHashes)).toEqual([])
  expect([...chain.complaints.keys()].filter((h) => !local.complaintHashes.includes(h))).toEqual([])
  const dayOf = (ymd: string) => ymd.replaceAll('-', '')
  expect(notOnceIn(chain.dayCloses, [...accepted.dayCloses].map(dayOf))).toEqual([])
  expect(notOnceIn(chain.dayCloses, local.dayCloses.map(dayOf))).toEqual([])
  expect([...chain.dayCloses.keys()].filter((d) => !local.dayCloses.map(dayOf).includes(d))).toEqual([])

  const report: ModeReport = {
    mode,
    seed,
    rounds: plan.length,
    kills,
    steps,
    accepted: {
      claims: accepted.claims.size,
      shownConfirmed: accepted.shownConfirmed.size,
      approvals: accepted.approvals.size,
      complaints: accepted.complaints.size,
      dayCloses: accepted.dayCloses.size,
    },
    onChain: {
      disbursedByKiosk: chain.disbursedBy(local.kioskTerminal!).size,
      disbursedByDemoNeighbours: chain.disbursed.size - chain.disbursedBy(local.kioskTerminal!).size,
      approvedByCounter: local.approvedRows.filter((id) => chain.approved.has(id)).length,
      complaints: chain.complaints.size,
      dayCloses: chain.dayCloses.size,
      transactionsSinceSeed: sinceSeed.size,
    },
    local: { claims: local.claims.length, intents: local.intentsByPurpose },
    seconds: Math.round((performance.now() - started) / 1000),
  }
  console.log(`host-crash ${JSON.stringify(report)}`)
  data.remove()
  return report
}

/** The keys that do not appear exactly once, with how often they do. */
function notOnceIn(appearances: Appearances, keys: string[]): [string, number][] {
  return keys.map((k): [string, number] => [k, appearances.get(k)?.length ?? 0]).filter(([, n]) => n !== 1)
}

/** A past business date (China Standard Time), n days before today. */
function daysAgo(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10)
}

function shuffle<T>(items: T[], rand: ReturnType<typeof prng>): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rand.int(0, i)
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}
