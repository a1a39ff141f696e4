import { EVERYDAY_NUMERALS, chineseInteger } from '../receipt/chinese-numerals'

/**
 * How an amount is read aloud in Mandarin: 120050 fen → 一千二百元五角.
 * Only characters from SPOKEN_AMOUNT_CHARACTERS appear, so the kiosk can
 * speak any amount from one pre-recorded clip per character.
 */
export const SPOKEN_AMOUNT_CHARACTERS = [...'零一二三四五六七八九十百千万亿元角分整']

const DIGITS = EVERYDAY_NUMERALS.digits

/** Reads a whole number 0 ≤ n < 10^12 the way it is spoken: 10 → 十, 15 → 十五, 105 → 一百零五, 10010 → 一万零一十. */
export function spokenInteger(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 1e12) throw new RangeError(`cannot speak ${n}`)
  if (n === 0) return '零'
  const out = chineseInteger(n, EVERYDAY_NUMERALS)
  // 一十 at the very start is spoken 十 (十五元, not 一十五元).
  return out.startsWith('一十') ? out.slice(1) : out
}

/** 120050 → 一千二百元五角; 5 → 五分; 0 → 零元; 100 → 一元. */
export function spokenYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`cannot speak ${fen} fen`)
  const yuan = Math.floor(fen / 100)
  const jiao = Math.floor(fen / 10) % 10
  const f = fen % 10
  let out = yuan > 0 || (jiao === 0 && f === 0) ? spokenInteger(yuan) + '元' : ''
  if (jiao > 0) out += DIGITS[jiao]! + '角'
  else if (f > 0 && yuan > 0) out += '零'
  if (f > 0) out += DIGITS[f]! + '分'
  return out
}
