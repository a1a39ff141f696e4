import type { Messages } from '../types'

/** The beneficiary's self-service kiosk. Plain words, short sentences. */
export const kioskMessages = {
  'kiosk.attract.title': { zh: '请刷身份证', en: 'Please tap your ID card' },
  'kiosk.attract.hint': { zh: '请将身份证放在下方感应区', en: 'Place your ID card on the reader below' },
  'kiosk.attract.help': { zh: '需要帮助请到柜台', en: 'For help, please go to the counter' },
} satisfies Messages
