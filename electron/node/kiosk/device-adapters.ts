import { DeviceError } from '../../../hardware/common/device-error'
import type { DeviceManager } from '../../../hardware/device-manager'
import type { CardRead } from '../../../hardware/idcard/idcard-reader'
import type { CardIdentity, CardSource, DeviceSummary, FingerOutcome, FingerVerifier } from './ports'

/** The kiosk's view of the ID-card reader: validated cards, refused cards (with the reader's problem code), removals. */
export function cardSourceFrom(devices: DeviceManager): CardSource {
  const toIdentity = (read: CardRead): CardIdentity => ({
    name: read.identity.name,
    idNumber: read.identity.idNumber,
    fingerprintTemplate: read.identity.fingerprint,
  })
  return {
    onCardPlaced: (listener) =>
      devices.onCard((e) => {
        if ((e.type === 'placed' || e.type === 'changed') && !e.card.problem) listener(toIdentity(e.card))
      }),
    onCardRefused: (listener) =>
      devices.onCard((e) => {
        if ((e.type === 'placed' || e.type === 'changed') && e.card.problem) listener(e.card.problem)
        if (e.type === 'read-failed') listener('CARD_UNREADABLE')
      }),
    onCardRemoved: (listener) =>
      devices.onCard((e) => {
        if (e.type === 'removed') listener()
      }),
  }
}

/** What the person is told after a capture that did not match: the pad's code, in the kiosk's words. */
const FINGER_REASONS: Record<string, string> = {
  DEVICE_NO_FINGER: 'DEVICE_NO_FINGER',
  FP_NO_FINGER: 'DEVICE_NO_FINGER',
  FP_TOO_WET: 'WET',
  FP_TOO_DRY: 'DRY',
  FP_CAPTURE_FAILED: 'POOR_IMAGE',
  FP_IMAGE_MESSY: 'POOR_IMAGE',
  FP_TOO_FEW_FEATURES: 'POOR_IMAGE',
  FP_NO_VALID_IMAGE: 'POOR_IMAGE',
}

export function fingerVerifierFrom(devices: DeviceManager): FingerVerifier {
  return {
    async verify(template): Promise<FingerOutcome> {
      try {
        const r = await devices.verifyFinger(template)
        return r.matched ? { matched: true, score: r.score } : { matched: false, score: r.score, reason: 'NO_MATCH' }
      } catch (e) {
        const code = e instanceof DeviceError ? e.code : 'DEVICE_PROTOCOL_ERROR'
        return { matched: false, score: 0, reason: FINGER_REASONS[code] ?? 'DEVICE' }
      }
    },
  }
}

export function deviceSummaryFrom(devices: DeviceManager): DeviceSummary {
  return {
    current() {
      const state = { idcard: 'offline', fingerprint: 'offline', printer: 'offline' }
      for (const s of devices.statuses()) state[s.role] = s.state
      return state
    },
    onChange: (listener) => devices.onStatus(() => listener()),
  }
}
