import { afterEach, describe, expect, it } from 'vitest'
import type { KioskView } from '../../electron/common/contract/kiosk'
import { maskName } from '../../electron/common/receipt/masking'
import { cardSourceFrom, deviceSummaryFrom, fingerVerifierFrom } from '../../electron/node/kiosk/device-adapters'
import { KioskSession, type KioskSessionOptions } from '../../electron/node/kiosk/kiosk-session'
import { createLogger } from '../../electron/node/log/logger'
import { testCard } from '../../hardware/common/test-cards'
import { serialDevicesOnPtys } from '../support/serial-devices'

/**
 * The kiosk session over the real reader and pad: simulators speaking their
 * wire protocols over socat ptys, opened by the DeviceManager like hardware.
 * These cases end before any entitlement is looked up (no finger is ever
 * matched), so the ledger and printer ports are ones that fail loudly if used.
 */

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const unreached = (what: string) => () => {
  throw new Error(`${what} must not be used in these cases`)
}

async function kioskOverRealDevices(options: Pick<KioskSessionOptions, 'idleResetMs' | 'idleWarningMs'> = {}) {
  const { reader, pad, devices } = await serialDevicesOnPtys((...d) => cleanups.push(...d), 5_000)
  pad.sim.setFinger(null) // nobody presses: the finger screen simply waits

  const views: KioskView[] = []
  const session = new KioskSession({
    cards: cardSourceFrom(devices),
    finger: fingerVerifierFrom(devices),
    devices: deviceSummaryFrom(devices),
    entitlements: { forIdNumber: unreached('the entitlement source') },
    claims: { claim: unreached('the claim sink'), existing: unreached('the claim sink'), onChange: () => () => {} },
    printer: { readiness: unreached('the printer'), printClaim: unreached('the printer') },
    receiptLaterAllowed: () => true, // the printer is not part of these cases
    log: createLogger({ stderrLevel: 'error' }),
    onView: (v) => views.push(v),
    ...options,
  })
  cleanups.push(() => session.dispose())

  const until = async (what: string, check: (v: KioskView) => boolean, ms = 10_000) => {
    const end = Date.now() + ms
    while (!check(session.view())) {
      if (Date.now() > end) throw new Error(`${what}: not reached in ${ms} ms; view ${JSON.stringify({ ...session.view(), devices: undefined })}`)
      await sleep(20)
    }
    return session.view()
  }
  await until('devices online', (v) => v.phase === 'attract')
  /** Lays a card and waits until the reader has seen it go again (a person's pause). */
  const lay = (key: string) => reader.sim.placeCard(key)
  const lift = async () => {
    reader.sim.removeCard()
    await sleep(400)
  }
  return { session, views, until, lay, lift }
}

const ZHANG = maskName(testCard('zhang-jianguo').name)
const AYIGULI = maskName(testCard('ayiguli').name)

describe('KioskSession: proxy collection (亲属代领) over the real reader and pad', () => {
  it("refuses a relative's bad, expired, fingerprint-less or own card with its reason, keeping the beneficiary's session for another relative", async () => {
    const k = await kioskOverRealDevices()
    k.lay('zhang-jianguo')
    const finger = await k.until('beneficiary on the finger screen', (v) => v.phase === 'finger')
    expect(finger.person?.maskedName).toBe(ZHANG)
    k.session.proxy()
    expect(k.session.view().phase).toBe('proxy-card')
    const fromProxy = k.views.length
    await k.lift() // his card makes way for the relative's
    expect(k.session.view()).toMatchObject({ phase: 'proxy-card', sessionId: finger.sessionId })

    for (const [card, reason] of [
      ['wang-badcheck', 'ID_CHECK_DIGIT'],
      ['zhao-expired', 'CARD_EXPIRED'],
      ['liu-changshun', 'NO_FINGERPRINT'],
      ['zhang-jianguo', 'PROXY_SAME_CARD'],
    ] as const) {
      k.lay(card)
      const refused = await k.until(`${card} refused`, (v) => v.reason === reason)
      expect(refused).toMatchObject({ phase: 'proxy-card', sessionId: finger.sessionId, person: { maskedName: ZHANG }, proxy: null, finger: null })
      await k.lift()
      expect(k.session.view()).toMatchObject({ phase: 'proxy-card', sessionId: finger.sessionId, reason })
    }
    expect(k.views.slice(fromProxy).map((v) => v.phase)).not.toContain('card-refused')
    expect(k.views.slice(fromProxy).every((v) => v.phase === 'proxy-card' && v.sessionId === finger.sessionId)).toBe(true)

    // Another relative's good card: her own finger is asked for, the refusal is gone.
    k.lay('ayiguli')
    const relative = await k.until('relative on the finger screen', (v) => v.phase === 'finger')
    expect(relative).toMatchObject({ sessionId: finger.sessionId, person: { maskedName: ZHANG }, proxy: { maskedName: AYIGULI }, reason: null })

    // Her card taken away before her finger matched ends the whole session, as any removal on the finger screen.
    await k.lift()
    const after = await k.until('back at attract', (v) => v.phase === 'attract')
    expect(after).toMatchObject({ person: null, proxy: null })
    expect(after.sessionId).not.toBe(finger.sessionId)
  })

  it('still ends the session when the beneficiary takes his card before choosing proxy, and still resets an idle proxy screen after refusals', async () => {
    const k = await kioskOverRealDevices({ idleWarningMs: 1_000, idleResetMs: 2_500 })
    k.lay('zhang-jianguo')
    const first = await k.until('finger screen', (v) => v.phase === 'finger')
    await k.lift()
    const gone = await k.until('removal ends the session', (v) => v.phase === 'attract')
    expect(gone).toMatchObject({ person: null })
    expect(gone.sessionId).not.toBe(first.sessionId)

    k.lay('zhang-jianguo')
    await k.until('finger screen again', (v) => v.phase === 'finger')
    k.session.proxy()
    await k.lift()
    k.lay('zhao-expired')
    await k.until('expired relative refused', (v) => v.reason === 'CARD_EXPIRED' && v.phase === 'proxy-card')
    const warned = await k.until('idle warning on the proxy screen', (v) => v.idle?.warning === true, 5_000)
    expect(warned.phase).toBe('proxy-card')
    const reset = await k.until('idle reset', (v) => v.phase === 'attract', 5_000)
    expect(reset).toMatchObject({ person: null, proxy: null, reason: null })
  })
})
