/** The numerals of one register: capital (大写, for written amounts) or everyday (for speech). */
export interface NumeralSet {
  digits: readonly string[]
  /** 十 百 千 within a group of four digits. */
  units: readonly string[]
}

export const CAPITAL_NUMERALS: NumeralSet = { digits: [...'零壹贰叁肆伍陆柒捌玖'], units: ['', '拾', '佰', '仟'] }
export const EVERYDAY_NUMERALS: NumeralSet = { digits: [...'零一二三四五六七八九'], units: ['', '十', '百', '千'] }
const GROUP_UNITS = ['', '万', '亿']

/**
 * A positive whole number in Chinese numerals, read in groups of four digits:
 * 10010 → 壹万零壹拾 / 一万零一十. Runs of zeros inside the number are one 零;
 * trailing zeros are not written. (Callers handle 0 themselves.)
 */
export function chineseInteger(n: number, set: NumeralSet): string {
  const digits = String(n)
  let out = ''
  let pendingZero = false
  let groupHasDigit = false
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[i])
    const pos = digits.length - 1 - i
    if (d === 0) {
      if (out) pendingZero = true
    } else {
      if (pendingZero) out += set.digits[0]!
      pendingZero = false
      out += set.digits[d]! + set.units[pos % 4]!
      groupHasDigit = true
    }
    if (pos % 4 === 0) {
      if (groupHasDigit && pos > 0) out += GROUP_UNITS[pos / 4]!
      groupHasDigit = false
    }
  }
  return out
}
