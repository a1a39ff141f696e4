/**
 * Demo mode only: fills a freshly seeded demo ledger with a county's worth of
 * relief activity (neighbouring townships' terminals disbursing, settlements,
 * revocations) so the hall screen has something to show beyond the kiosk's
 * own test cards. Runs once per contract (a settings row remembers it, also
 * across restarts on the same data dir) and in the background; a run cut
 * short is not run again, but what it signed is sent at the next start.
 *
 * Signs with anvil's public dev keys of its own (see dev-accounts.ts): a
 * county operator the demo seed made ADMIN, FUNDER, APPROVER and SETTLER, and
 * three neighbours' terminals. Never the kiosk's terminal key nor the
 * counter's operator key, so their nonces are untouched.
 */
import { type Hex, fromQuantity } from '../../common/ledger/hex'
import { parseSecretKey } from '../../common/ledger/sign'
import type { Db } from '../db/database'
import { decodeReliefResult, reliefCalldata } from '../ledger/contract/calls'
import { HALL_DEMO_OPERATOR_KEY, HALL_DEMO_TERMINAL_KEYS } from '../ledger/dev-accounts'
import { type TxSigner, createSigner } from '../ledger/keys/signer'
import type { DurableHead } from '../ledger/durable-head'
import { withLaneCalls } from '../ledger/outbox/lane-calls'
import { OutboxLane } from '../ledger/outbox/outbox-lane'
import { OutboxStore } from '../ledger/outbox/outbox-store'
import type { RpcClient } from '../ledger/rpc-client'
import type { Logger } from '../log/logger'
import { generateActivity } from './demo-activity'

export interface HallDemoOptions {
  db: Db
  rpc: RpcClient
  contract: Hex
  chainId: number
  /** The chain's block period (0: automining). */
  blockTimeMs: number
  /** The embedded node's saved head: the demo's transactions confirm only below it. */
  durableHead?: DurableHead
  /** The kiosk's own township (9 digits); the activity happens in its neighbours. */
  township: string
  log: Logger
  /** How many entitlements to approve (default 240). */
  entitlements?: number
  /** Aborted once the app is shutting down: the lanes stop, the Db and logger may be closed, so a failure is then left unrecorded. */
  signal: AbortSignal
}

export type HallDemoOutcome = 'generated' | 'resumed' | 'skipped' | 'failed'

const settingKey = (contract: Hex) => `audit.demoActivity.${contract.toLowerCase()}`

/** The 2–3 townships next to `township` in the same county (codes one to three above, or below at the end of the range). */
export function neighbourTownships(township: string, count = 3): number[] {
  const own = Number(township)
  return Array.from({ length: count }, (_, i) => ((own % 1000) + i + 1 <= 999 ? own + i + 1 : own - i - 1))
}

/**
 * Generates the activity unless it was already started for this contract;
 * then only sends what an earlier run signed and could not send (the app was
 * killed, or the run failed). Resolves with what happened; never rejects
 * (failures are logged).
 */
export async function runHallDemo(o: HallDemoOptions): Promise<HallDemoOutcome> {
  const key = settingKey(o.contract)
  const claimed = o.db.prepare(`INSERT INTO settings (key, value) VALUES (?, 'running') ON CONFLICT(key) DO NOTHING`).run(key).changes === 1
  const operator = createSigner(parseSecretKey(HALL_DEMO_OPERATOR_KEY))
  const terminals = neighbourTownships(o.township).map((township, i) => ({ signer: createSigner(parseSecretKey(HALL_DEMO_TERMINAL_KEYS[i]!)), township }))
  if (!claimed) return sendLeftovers(o, [operator, ...terminals.map((t) => t.signer)])
  const started = Date.now()
  try {
    const unregistered: typeof terminals = []
    for (const t of terminals) if ((await viewNumber(o.rpc, o.contract, 'terminalTownship', [t.signer.address])) !== t.township) unregistered.push(t)
    const programCount = await viewNumber(o.rpc, o.contract, 'programCount', [])
    const head = await o.rpc.request<{ timestamp: string }>('eth_getBlockByNumber', ['latest', false])
    // Through the app's own outbox, on the demo's keys: what it signed survives a restart and is sent once.
    const outbox = {
      store: new OutboxStore(o.db),
      rpc: o.rpc,
      chainId: o.chainId,
      contract: o.contract,
      log: o.log,
      blockTimeMs: o.blockTimeMs,
      durableHead: o.durableHead,
      signal: o.signal,
    }
    const items = await withLaneCalls(outbox, async (callsOf) => {
      if (unregistered.length)
        await callsOf(operator).send(unregistered.map((t) => ({ fn: 'registerTerminal', args: [t.signer.address, BigInt(t.township)], gas: 120_000n })))
      return generateActivity({
        callsOf,
        operator,
        terminals,
        entitlements: o.entitlements ?? 240,
        now: Number(fromQuantity(head.timestamp)),
        programIds: programCount > 0 ? Array.from({ length: programCount }, (_, i) => i + 1) : undefined,
      })
    })
    o.db.prepare(`UPDATE settings SET value = 'done' WHERE key = ?`).run(key)
    o.log.info('demo activity generated', { entitlements: items.length, townships: terminals.map((t) => t.township), ms: Date.now() - started })
    return 'generated'
  } catch (e) {
    if (o.signal.aborted) return 'failed'
    o.db.prepare(`UPDATE settings SET value = 'failed' WHERE key = ?`).run(key)
    o.log.warn('demo activity failed', { error: e instanceof Error ? e.message : String(e), ms: Date.now() - started })
    return 'failed'
  }
}

/**
 * Its lanes live only while a run goes on: what a run cut short had queued
 * would stay pending for ever. Started again for the keys that have any, until
 * each is confirmed or rejected (or the app stops).
 */
async function sendLeftovers(o: HallDemoOptions, signers: TxSigner[]): Promise<HallDemoOutcome> {
  const store = new OutboxStore(o.db)
  const pendingOf = (signer: TxSigner) => store.intents(o.chainId, signer.address, { states: ['pending'], limit: 1 }).length
  const left = signers.filter((s) => pendingOf(s) > 0)
  if (left.length === 0) return 'skipped'
  o.log.info('demo activity: sending what an earlier run signed', { keys: left.map((s) => s.address) })
  const lanes = left.map(
    (signer) =>
      new OutboxLane({ store, rpc: o.rpc, signer, chainId: o.chainId, target: o.contract, log: o.log, blockTimeMs: o.blockTimeMs, durableHead: o.durableHead }),
  )
  lanes.forEach((l) => l.start())
  let stopped: Promise<unknown> | null = null
  const stop = () => (stopped ??= Promise.all(lanes.map((l) => l.dispose())))
  // On abort the lanes start closing at once; the finally below awaits the same promise.
  const onAbort = () => void stop()
  o.signal.addEventListener('abort', onAbort)
  try {
    while (!o.signal.aborted && left.some((s) => pendingOf(s) > 0)) await new Promise((r) => setTimeout(r, Math.max(250, o.blockTimeMs / 2)))
  } finally {
    o.signal.removeEventListener('abort', onAbort)
    await stop()
  }
  return o.signal.aborted ? 'failed' : 'resumed'
}

async function viewNumber(rpc: RpcClient, contract: Hex, fn: string, args: unknown[]): Promise<number> {
  const data = await rpc.request<Hex>('eth_call', [{ to: contract, data: reliefCalldata(fn, args) }, 'latest'])
  return Number(Object.values(decodeReliefResult(fn, data))[0])
}
