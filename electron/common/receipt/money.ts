import { CAPITAL_NUMERALS, chineseInteger } from './chinese-numerals'

/**
 * Money on receipts. Amounts travel as integer fen (分, 1/100 yuan) and are
 * shown as yuan with two decimals and in Chinese capital numerals (大写), as
 * the People's Bank rules for written amounts require:
 *   123.45 → 壹佰贰拾叁元肆角伍分; 100 → 壹佰元整; 100.05 → 壹佰元零伍分;
 *   0.10 → 壹角整; 0 → 零元整.
 * "整" follows 元 or 角 and never 分; a zero 角 before a non-zero 分 is written
 * 零; runs of zeros inside the integer part are written as one 零; a zero
 * 元 digit before a non-zero 角 is not written (the rules allow either).
 */

/** Largest amount handled: 9999 亿 yuan and change, far above any relief payment or day total. */
export const MAX_FEN = 1_0000_0000_0000_00 - 1

export class AmountError extends RangeError {
  constructor(message: string) {
    super(message)
    this.name = 'AmountError'
  }
}

export function assertFen(fen: number, field = 'amount'): void {
  if (!Number.isSafeInteger(fen) || fen < 0 || fen > MAX_FEN) throw new AmountError(`${field} must be a whole number of fen 0..${MAX_FEN}, got ${fen}`)
}

/** 1234567 → "12,345.67" */
export function formatYuan(fen: number): string {
  assertFen(fen)
  const yuan = Math.floor(fen / 100)
  const cents = String(fen % 100).padStart(2, '0')
  return `${yuan.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`
}

const DIGITS = CAPITAL_NUMERALS.digits
const integerCapital = (yuan: number) => chineseInteger(yuan, CAPITAL_NUMERALS)

/** 12345 → "壹佰贰拾叁元肆角伍分" */
export function capitalYuan(fen: number): string {
  assertFen(fen)
  if (fen === 0) return '零元整'
  const yuan = Math.floor(fen / 100)
  const jiao = Math.floor(fen / 10) % 10
  const fenDigit = fen % 10
  let out = yuan > 0 ? integerCapital(yuan) + '元' : ''
  if (jiao === 0 && fenDigit === 0) return out + '整'
  if (jiao > 0) out += DIGITS[jiao]! + '角'
  else if (yuan > 0) out += '零'
  if (fenDigit > 0) out += DIGITS[fenDigit]! + '分'
  else out += '整'
  return out
}
