/**
 * Adapts the device manager to the counter's CardReader: "the card on the
 * reader now", decoded by the real reader driver (simulated or not). A card
 * whose ID number fails its check cannot identify anyone and is refused.
 *
 *   const cards = deviceCardReader(deviceManager)
 */
import { isErrorCode } from '../../common/i18n'
import { AppError } from '../../common/result'
import type { CardReader } from './staff-auth'

/** The part of hardware/device-manager.ts DeviceManager used here. */
export interface CardSourceDevice {
  readCard(timeoutMs?: number): Promise<{ identity: { name: string; idNumber: string; address: string }; problem: string | null }>
}

/** A card laid down just before the staff member pressed the button is still being read: wait this long for it. */
const CARD_WAIT_MS = 5000

export function deviceCardReader(devices: CardSourceDevice): CardReader {
  return {
    async readCard() {
      let read
      try {
        read = await devices.readCard(CARD_WAIT_MS)
      } catch (e) {
        if ((e as AppError).code === 'DEVICE_NO_CARD') return null
        throw e
      }
      const code = `COUNTER_${read.problem}`
      if (read.problem?.startsWith('ID_'))
        throw new AppError(isErrorCode(code) ? code : 'COUNTER_ID_FORMAT', `the card's ID number fails its check (${read.problem})`)
      return { name: read.identity.name, idNumber: read.identity.idNumber, address: read.identity.address }
    },
  }
}
