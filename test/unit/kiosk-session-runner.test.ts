import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { KioskView } from '../../electron/common/contract/kiosk'
import { KioskSession } from '../../electron/node/kiosk/kiosk-session'
import type { CardIdentity, ClaimRecord, ClaimRequest, EntitlementRecord, FingerOutcome } from '../../electron/node/kiosk/ports'
import { createLogger } from '../../electron/node/log/logger'

/**
 * The runner around the kiosk flow table, over fake ports and a fake clock:
 * it must perform each effect through the right port and feed the outcome
 * back. The real devices, ledger and printer are driven by the integration
 * and e2e tests; this one checks the plumbing that those can only reach slowly.
 */

const wang: CardIdentity = { name: '王建国', idNumber: '410122195003150011', fingerprintTemplate: new Uint8Array([1, 2, 3]) }

function fakePorts(now: () => number) {
  const placed: ((card: CardIdentity) => void)[] = []
  const removed: (() => void)[] = []
  const changed: ((c: ClaimRecord) => void)[] = []
  const held = new Map<string, ClaimRecord>()
  const fingerAnswers: FingerOutcome[] = []
  const printed: { claim: ClaimRecord; person: { name: string; idNumber: string } }[] = []
  const requests: ClaimRequest[] = []
  const records: EntitlementRecord[] = [
    { entitlementId: '0xa', program: '养老补助', amountFen: 30_000, validFrom: 0, validUntil: 4_000_000_000, status: 'approved', proxyAllowed: false },
  ]
  let n = 0
  const views: KioskView[] = []
  const session = new KioskSession({
    cards: {
      onCardPlaced: (l) => (placed.push(l), () => undefined),
      onCardRefused: () => () => undefined,
      onCardRemoved: (l) => (removed.push(l), () => undefined),
    },
    finger: { verify: async () => fingerAnswers.shift() ?? { matched: false, score: 0, reason: 'DEVICE_NO_FINGER' } },
    entitlements: { forIdNumber: async () => records },
    claims: {
      claim: async (r) => {
        requests.push(r)
        const c: ClaimRecord = {
          claimNumber: `C${++n}`,
          entitlementId: r.entitlementId,
          program: r.program,
          amountFen: r.amountFen,
          txHash: null,
          ledgerState: 'queued',
          blockNumber: null,
          rejectReason: null,
          createdAt: now(),
        }
        held.set(c.entitlementId, c)
        return c
      },
      existing: (ids) => ids.flatMap((id) => (held.has(id) ? [held.get(id)!] : [])),
      onChange: (l) => (changed.push(l), () => undefined),
    },
    printer: {
      readiness: async () => ({ ready: true, reason: null }),
      printClaim: async (claim, person) => void printed.push({ claim, person }),
    },
    devices: { current: () => ({ idcard: 'online', fingerprint: 'online', printer: 'online' }), onChange: () => () => undefined },
    log: createLogger({ level: 'error' }),
    onView: (v) => views.push(v),
    confirmWaitMs: 2000,
    now,
  })
  const confirm = (entitlementId: string) => {
    const c = { ...held.get(entitlementId)!, ledgerState: 'confirmed' as const, blockNumber: 5 }
    held.set(entitlementId, c)
    for (const l of changed) l(c)
  }
  return {
    session,
    views,
    printed,
    requests,
    fingerAnswers,
    confirm,
    place: (c: CardIdentity) => placed.forEach((l) => l(c)),
    remove: () => removed.forEach((l) => l()),
  }
}

describe('KioskSession runner over fake ports', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_750_000_000_000 }))
  afterEach(() => vi.useRealTimers())
  const now = () => Date.now()

  it('goes from card to receipt: the claim resolves once made, and the receipt prints the confirmed claim for the card holder', async () => {
    const k = fakePorts(now)
    k.fingerAnswers.push({ matched: true, score: 91 })
    k.place(wang)
    await vi.waitFor(() => expect(k.session.view().phase).toBe('entitlements'))
    const made = await k.session.claim(['0xa'])
    expect(made.map((c) => c.claimNumber)).toEqual(['C1'])
    expect(k.requests[0]).toMatchObject({ fingerprintScore: 91, method: 'card+fingerprint' })
    expect(k.session.view()).toMatchObject({ phase: 'receipt', receipt: { state: 'printing' } })
    k.confirm('0xa')
    await vi.waitFor(() => expect(k.printed).toHaveLength(1))
    expect(k.printed[0]).toMatchObject({ claim: { claimNumber: 'C1', ledgerState: 'confirmed' }, person: { name: wang.name, idNumber: wang.idNumber } })
    await vi.waitFor(() => expect(k.session.view().receipt).toEqual({ state: 'printed', error: null }))
    expect(k.views.at(-1)?.person).toEqual({ maskedName: '王*国', maskedId: expect.stringContaining('*') })
  })

  it("rejects a claim made away from the list with the table's code, and keeps asking the pad until the tries run out", async () => {
    const k = fakePorts(now)
    k.place(wang)
    await expect(k.session.claim(['0xa'])).rejects.toMatchObject({ code: 'KIOSK_WRONG_STEP' })
    await vi.waitFor(() => expect(k.session.view()).toMatchObject({ phase: 'assist', reason: 'FINGER_FAILED', finger: { tries: 3 } }))
  })

  it('resets an idle session on the timer, showing the countdown first, and gives a new session id', async () => {
    const k = fakePorts(now)
    k.fingerAnswers.push({ matched: true, score: 91 })
    k.place(wang)
    await vi.waitFor(() => expect(k.session.view().phase).toBe('entitlements'))
    const first = k.session.view().sessionId
    await vi.advanceTimersByTimeAsync(46_000)
    expect(k.views.at(-1)?.idle).toMatchObject({ warning: true })
    await vi.advanceTimersByTimeAsync(15_000)
    expect(k.session.view()).toMatchObject({ phase: 'attract', person: null })
    expect(k.session.view().sessionId).not.toBe(first)
  })

  it('refuses a claim still being asked for when the kiosk closes', async () => {
    const k = fakePorts(now)
    k.fingerAnswers.push({ matched: true, score: 91 })
    k.place(wang)
    await vi.waitFor(() => expect(k.session.view().phase).toBe('entitlements'))
    const pending = k.session.claim(['0xa'])
    k.session.dispose()
    await expect(pending).rejects.toMatchObject({ code: 'KIOSK_WRONG_STEP' })
  })
})
