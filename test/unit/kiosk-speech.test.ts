import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { KioskView } from '../../electron/common/contract/kiosk'
import { SPOKEN_AMOUNT_CHARACTERS, spokenInteger, spokenYuan } from '../../electron/common/speech/spoken-amount'
import { AMOUNT_CLIPS, SPOKEN_KEYS, amountClips, clipForKey, errorPrompts, promptsFor } from '../../electron/common/speech/voice-prompts'
import { projectRoot } from '../support/host-process'

describe('amounts read aloud', () => {
  it.each([
    [0, '零'],
    [7, '七'],
    [10, '十'],
    [15, '十五'],
    [20, '二十'],
    [105, '一百零五'],
    [110, '一百一十'],
    [1000, '一千'],
    [1001, '一千零一'],
    [10010, '一万零一十'],
    [100000, '十万'],
    [120000, '十二万'],
    [1_000_500, '一百万零五百'],
    [100_000_000, '一亿'],
    [1_0000_0001, '一亿零一'],
  ])('%i → %s', (n, spoken) => expect(spokenInteger(n)).toBe(spoken))

  it.each([
    [120050, '一千二百元五角'],
    [100, '一元'],
    [5, '五分'],
    [50, '五角'],
    [0, '零元'],
    [105, '一元零五分'],
    [30000, '三百元'],
    [80000, '八百元'],
  ])('%i fen → %s', (fen, spoken) => expect(spokenYuan(fen)).toBe(spoken))

  it('uses only characters that have a clip', () => {
    for (let fen = 0; fen < 2_000_000; fen += 997) for (const ch of spokenYuan(fen)) expect(SPOKEN_AMOUNT_CHARACTERS).toContain(ch)
    expect(() => spokenYuan(-1)).toThrow()
    expect(() => spokenYuan(1.5)).toThrow()
  })
})

describe('voice prompts', () => {
  it('ships a clip for every spoken key and amount character', () => {
    const missing = [...SPOKEN_KEYS.map(clipForKey), ...AMOUNT_CLIPS].filter((clip) => !fs.existsSync(path.join(projectRoot, 'resources', clip)))
    expect(missing).toEqual([])
  })

  const base: KioskView = {
    phase: 'attract',
    sessionId: 's1',
    person: null,
    proxy: null,
    reason: null,
    finger: null,
    entitlements: [],
    claims: [],
    receipt: null,
    idle: null,
    devices: { idcard: 'online', fingerprint: 'online', printer: 'online' },
    cardOnReader: false,
  }

  it('speaks on a new phase and not again for the same one', () => {
    expect(promptsFor(base, null)).toEqual([clipForKey('kiosk.attract.title'), clipForKey('kiosk.attract.hint')])
    expect(promptsFor(base, base)).toEqual([])
  })

  it('gives finger guidance after a failed try and speaks the claimable total', () => {
    const finger: KioskView = { ...base, phase: 'finger', finger: { tries: 0, maxTries: 3, lastError: null } }
    const failed: KioskView = { ...finger, finger: { tries: 1, maxTries: 3, lastError: 'WET' } }
    expect(promptsFor(failed, finger)).toEqual([clipForKey('kiosk.finger.WET')])
    const entitlement = {
      entitlementId: '0x1',
      program: 'p',
      amountFen: 120050,
      validFrom: 0,
      validUntil: 1,
      state: 'approved' as const,
      claimable: true,
      claimNumber: null,
      proxyRefused: false,
    }
    const list: KioskView = { ...base, phase: 'entitlements', entitlements: [entitlement] }
    expect(promptsFor(list, failed)).toEqual([clipForKey('kiosk.ent.total'), ...amountClips(120050)])
  })

  it("says why a relative's card was refused and asks for another relative, except for the beneficiary's own card", () => {
    const waiting: KioskView = { ...base, phase: 'proxy-card' }
    const expired: KioskView = { ...waiting, reason: 'CARD_EXPIRED' }
    expect(promptsFor(expired, waiting)).toEqual([clipForKey('kiosk.reason.CARD_EXPIRED'), clipForKey('kiosk.proxy.another')])
    expect(promptsFor({ ...waiting, reason: 'NO_FINGERPRINT' }, expired)).toEqual([
      clipForKey('kiosk.reason.NO_FINGERPRINT'),
      clipForKey('kiosk.proxy.another'),
    ])
    expect(promptsFor({ ...waiting, reason: 'PROXY_SAME_CARD' }, expired)).toEqual([clipForKey('kiosk.reason.PROXY_SAME_CARD')])
  })

  it('speaks an error answer in plain words: the printer, or try again', () => {
    expect(errorPrompts('PRINTER_NOT_READY')).toEqual([clipForKey('kiosk.reason.PRINTER_DOWN'), clipForKey('kiosk.unavailable.hint')])
    expect(errorPrompts('COMPLAINT_NOT_RECORDED')).toEqual([clipForKey('kiosk.error.spoken')])
    expect(errorPrompts('SYSTEM_INTERNAL')).toEqual([clipForKey('kiosk.error.spoken')])
  })
})
