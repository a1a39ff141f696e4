/**
 * The ID-card reader and fingerprint pad as hardware: their simulators on end
 * A of socat pty pairs (reader 115200, pad 57600), end B opened by a real
 * DeviceManager. Everything started is handed to `cleanup`, newest last.
 */
import { DeviceManager } from '../../hardware/device-manager'
import { FingerprintSimulator } from '../../hardware/sim/fingerprint-simulator'
import { IdCardSimulator } from '../../hardware/sim/idcard-simulator'
import { createPtyPair } from './pty-pair'
import { simOnPty } from './sim-on-pty'

export async function serialDevicesOnPtys(cleanup: (...disposers: Array<() => Promise<void> | void>) => void, captureTimeoutMs: number) {
  const readerPty = await createPtyPair()
  const padPty = await createPtyPair()
  cleanup(
    () => readerPty.dispose(),
    () => padPty.dispose(),
  )
  const reader = await simOnPty(readerPty, 115200, (t) => new IdCardSimulator(t, { baudRate: 115200 }))
  const pad = await simOnPty(padPty, 57600, (t) => new FingerprintSimulator(t, { baudRate: 57600 }))
  cleanup(
    () => reader.dispose(),
    () => pad.dispose(),
  )
  const devices = await DeviceManager.create({
    idcard: { kind: 'serial', path: readerPty.b, baudRate: 115200 },
    fingerprint: { kind: 'serial', path: padPty.b, baudRate: 57600 },
    cardPollMs: 50,
    captureTimeoutMs,
    backoff: { initialMs: 50, maxMs: 400 },
    today: () => '2026-06-01',
  })
  cleanup(() => devices.dispose())
  return { readerPty, padPty, reader, pad, devices }
}
