import { afterEach, describe, expect, it } from 'vitest'
import { calls } from '../../electron/common/contract'
import type { KioskView } from '../../electron/common/contract/kiosk'
import { createKioskHandlers } from '../../electron/node/app/kiosk-handlers'
import { type Handlers, createDispatcher, noStaff } from '../../electron/node/ipc/dispatcher'
import { cardSourceFrom, deviceSummaryFrom, fingerVerifierFrom } from '../../electron/node/kiosk/device-adapters'
import { KioskSession } from '../../electron/node/kiosk/kiosk-session'
import type { ClaimRecord, ClaimRequest, EntitlementRecord } from '../../electron/node/kiosk/ports'
import { createLogger } from '../../electron/node/log/logger'
import { serialDevicesOnPtys } from '../support/serial-devices'

/**
 * Unplugging the ID-card reader in the middle of a session (issue 21 item 7):
 * the reader's simulator on a socat pty, opened by the real DeviceManager;
 * the unplug is socat going away, as a pulled USB adapter removes its tty.
 * The ledger side is a fixed entitlement and a sink that records claims:
 * what matters here is whether a claim reaches it.
 */

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const ENTITLEMENT = `0x${'5a'.repeat(32)}`
const record: EntitlementRecord = {
  entitlementId: ENTITLEMENT,
  program: '1',
  amountFen: 20_000,
  validFrom: 0,
  validUntil: 2 ** 31 - 1,
  status: 'approved',
  proxyAllowed: false,
}

async function kioskWithEntitlementOnScreen() {
  const { readerPty, reader, pad, devices } = await serialDevicesOnPtys((...d) => cleanups.push(...d), 5_000)
  const claimed: ClaimRequest[] = []
  const session = new KioskSession({
    cards: cardSourceFrom(devices),
    finger: fingerVerifierFrom(devices),
    devices: deviceSummaryFrom(devices),
    entitlements: { forIdNumber: async () => [record] },
    claims: {
      claim: async (request): Promise<ClaimRecord> => {
        claimed.push(request)
        return {
          claimNumber: `410122101-20260601-C${claimed.length}`,
          entitlementId: request.entitlementId,
          program: request.program,
          amountFen: request.amountFen,
          txHash: null,
          ledgerState: 'queued',
          blockNumber: null,
          rejectReason: null,
          createdAt: Date.now(),
        }
      },
      existing: () => [],
      onChange: () => () => {},
    },
    printer: { readiness: async () => ({ ready: true, reason: null }), printClaim: async () => {} },
    log: createLogger({ stderrLevel: 'error' }),
    onView: () => {},
  })
  cleanups.push(() => session.dispose())
  // kiosk.claim as the kiosk face makes it: through the dispatcher to the real kiosk handlers.
  const handlers = {
    ...Object.fromEntries(Object.keys(calls).map((n) => [n, () => null])),
    ...createKioskHandlers({
      session,
      complaints: {
        file: async () => {
          throw new Error('unused')
        },
      },
      journal: () => {},
    }),
  } as unknown as Handlers
  const dispatch = createDispatcher(handlers, createLogger({ stderrLevel: 'error' }), noStaff)
  const claim = () => dispatch('kiosk', 'kiosk.claim', { entitlementIds: [ENTITLEMENT] })

  const until = async (what: string, check: (v: KioskView) => boolean) => {
    const end = Date.now() + 15_000
    while (!check(session.view())) {
      if (Date.now() > end) throw new Error(`${what}: not reached; view ${JSON.stringify({ ...session.view(), devices: undefined })}`)
      await new Promise((r) => setTimeout(r, 20))
    }
    return session.view()
  }
  await until('devices online', (v) => v.phase === 'attract')
  pad.sim.setFinger('li-xiuying')
  reader.sim.placeCard('li-xiuying')
  const listed = await until('her entitlement on screen', (v) => v.phase === 'entitlements')
  expect(listed.entitlements).toMatchObject([{ entitlementId: ENTITLEMENT, claimable: true }])
  return { readerPty, reader, pad, session, claimed, claim, until, listed }
}

describe('KioskSession: the ID-card reader unplugged during a session', () => {
  it('ends the session at once and refuses kiosk.claim until a card is read and a finger matched again', async () => {
    const k = await kioskWithEntitlementOnScreen()

    await k.readerPty.kill() // the reader's cable is pulled; her card still lies on it
    const ended = await k.until('session ended', (v) => v.sessionId !== k.listed.sessionId)
    expect(ended).toMatchObject({ phase: 'unavailable', reason: 'IDCARD_DOWN', person: null, entitlements: [] })
    expect(await k.claim()).toMatchObject({ ok: false, error: { code: 'KIOSK_WRONG_STEP' } })
    expect(k.claimed).toEqual([])

    // Plugged back in with the card still there: a new session that asks for her finger before anything is claimable.
    k.pad.sim.setFinger(null)
    await k.readerPty.restart()
    await k.reader.replug((sim) => sim.placeCard('li-xiuying'))
    const again = await k.until('card read again', (v) => v.phase === 'finger')
    expect(again.sessionId).not.toBe(k.listed.sessionId)
    expect(await k.claim()).toMatchObject({ ok: false, error: { code: 'KIOSK_WRONG_STEP' } })
    k.pad.sim.setFinger('li-xiuying')
    await k.until('her entitlement on screen again', (v) => v.phase === 'entitlements')
    expect(await k.claim()).toMatchObject({ ok: true })
    expect(k.claimed).toHaveLength(1)
  })
})
