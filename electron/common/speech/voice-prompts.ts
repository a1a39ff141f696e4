import type { KioskView } from '../contract/kiosk'
import { SPOKEN_AMOUNT_CHARACTERS, spokenYuan } from './spoken-amount'

/**
 * The kiosk speaks every prompt. Clips are pre-generated from the i18n table
 * (Mandarin, espeak-ng at build time: `npm run voice`) and shipped in
 * resources/audio/zh/; amounts are spoken one character clip at a time.
 * A clip is named by its i18n key: resources/audio/zh/<key>.ogg, and
 * resources/audio/zh/char-<codepoint hex>.ogg for amount characters.
 */
/** The DOM event the kiosk page dispatches on window with the clips it starts to say (for a hall's screen reader bridge, and tests). */
export const VOICE_EVENT = 'huimin-voice'

export const SPOKEN_KEYS = [
  'kiosk.attract.title',
  'kiosk.attract.hint',
  'kiosk.unavailable.hint',
  'kiosk.reason.IDCARD_DOWN',
  'kiosk.reason.FINGERPRINT_DOWN',
  'kiosk.reason.PRINTER_DOWN',
  'kiosk.reading.hint',
  'kiosk.refused.title',
  'kiosk.refused.hint',
  'kiosk.reason.CARD_EXPIRED',
  'kiosk.reason.ID_CHECK_DIGIT',
  'kiosk.reason.ID_BIRTH_MISMATCH',
  'kiosk.reason.ID_FORMAT',
  'kiosk.reason.CARD_UNREADABLE',
  'kiosk.finger.hint',
  'kiosk.proxy.cardTitle',
  'kiosk.reason.PROXY_SAME_CARD',
  'kiosk.proxy.another',
  'kiosk.finger.NO_MATCH',
  'kiosk.finger.DEVICE_NO_FINGER',
  'kiosk.finger.WET',
  'kiosk.finger.DRY',
  'kiosk.finger.POOR_IMAGE',
  'kiosk.finger.DEVICE',
  'kiosk.assist.title',
  'kiosk.reason.NO_FINGERPRINT',
  'kiosk.reason.FINGER_FAILED',
  'kiosk.ent.none',
  'kiosk.ent.total',
  'kiosk.claiming.title',
  'kiosk.receipt.title',
  'kiosk.receipt.printed',
  'kiosk.receipt.failed',
  'kiosk.receipt.queued',
  'kiosk.finish.title',
  'kiosk.feedback.title',
  'kiosk.idle.warning.spoken',
  'kiosk.error.spoken',
] as const

export type SpokenKey = (typeof SPOKEN_KEYS)[number]

/** The spoken form of a key when it differs from the screen text (no placeholders). */
export const SPOKEN_OVERRIDES: Partial<Record<SpokenKey, string>> = {
  'kiosk.idle.warning.spoken': '还在吗？请点一下屏幕继续办理',
  'kiosk.receipt.queued': '已受理，网络恢复后自动上链',
}

export const clipForKey = (key: SpokenKey) => `audio/zh/${key}.ogg`
export const clipForCharacter = (ch: string) => `audio/zh/char-${ch.codePointAt(0)!.toString(16)}.ogg`
export const AMOUNT_CLIPS = SPOKEN_AMOUNT_CHARACTERS.map(clipForCharacter)

/** Clips for an amount: 一千二百元五角 → one clip per character. */
export function amountClips(fen: number): string[] {
  return [...spokenYuan(fen)].map(clipForCharacter)
}

/** What to say when the kiosk shows a view, given the view it showed before. */
export function promptsFor(view: KioskView, previous: KioskView | null): string[] {
  const changedPhase = !previous || previous.phase !== view.phase || previous.sessionId !== view.sessionId
  const reasonClip = (prefix: string) => (view.reason ? [`${prefix}${view.reason}`] : [])
  const keys = (list: string[]) => list.filter((k): k is SpokenKey => (SPOKEN_KEYS as readonly string[]).includes(k)).map(clipForKey)

  if (view.idle?.warning && !previous?.idle?.warning) return keys(['kiosk.idle.warning.spoken'])
  if (view.phase === 'finger' && previous?.phase === 'finger' && view.finger?.lastError && view.finger.tries !== previous.finger?.tries)
    return keys([`kiosk.finger.${view.finger.lastError}`])
  if (view.phase === 'receipt' && previous?.phase === 'receipt' && view.receipt?.state !== previous.receipt?.state)
    return keys([view.receipt?.state === 'printed' ? 'kiosk.receipt.printed' : view.receipt?.state === 'failed' ? 'kiosk.receipt.failed' : ''])
  if (view.phase === 'proxy-card' && previous?.phase === 'proxy-card' && view.reason && view.reason !== previous.reason)
    return keys([...reasonClip('kiosk.reason.'), ...(view.reason === 'PROXY_SAME_CARD' ? [] : ['kiosk.proxy.another'])])
  if (!changedPhase) return []

  switch (view.phase) {
    case 'attract':
      return keys(['kiosk.attract.title', 'kiosk.attract.hint'])
    case 'unavailable':
      return keys([...reasonClip('kiosk.reason.'), 'kiosk.unavailable.hint'])
    case 'reading':
      return keys(['kiosk.reading.hint'])
    case 'card-refused':
      return keys(['kiosk.refused.title', ...reasonClip('kiosk.reason.'), 'kiosk.refused.hint'])
    case 'finger':
      return keys(['kiosk.finger.hint'])
    case 'proxy-card':
      return keys(['kiosk.proxy.cardTitle'])
    case 'assist':
      return keys([...reasonClip('kiosk.reason.'), 'kiosk.assist.title'])
    case 'entitlements': {
      const claimable = view.entitlements.filter((e) => e.claimable)
      if (claimable.length === 0) return keys(['kiosk.ent.none'])
      return [...keys(['kiosk.ent.total']), ...amountClips(claimable.reduce((sum, e) => sum + e.amountFen, 0))]
    }
    case 'claiming':
      return keys(['kiosk.claiming.title'])
    case 'receipt':
      return keys(['kiosk.receipt.title', ...(view.claims.some((c) => c.ledgerState === 'queued') ? ['kiosk.receipt.queued'] : [])])
    case 'finish':
      return keys(['kiosk.finish.title'])
  }
}

/** What to say when a touch on the kiosk was answered with an error (its code, never spoken as such). */
export function errorPrompts(code: string): string[] {
  if (code === 'PRINTER_NOT_READY') return [clipForKey('kiosk.reason.PRINTER_DOWN'), clipForKey('kiosk.unavailable.hint')]
  return [clipForKey('kiosk.error.spoken')]
}
