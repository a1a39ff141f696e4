/**
 * GB 11643 citizen identity numbers (protocols doc §1.7, confirmed: weights
 * and the `10X98765432` map were checked against published examples).
 * Digits 1–6 area, 7–14 birth date YYYYMMDD, 15–17 sequence (odd = male), 18 check.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARS = '10X98765432'

export type IdNumberProblem = 'ID_FORMAT' | 'ID_CHECK_DIGIT' | 'ID_BIRTH_INVALID' | 'ID_BIRTH_MISMATCH'

/** The check character for the first 17 digits. */
export function idCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new TypeError('idCheckDigit: needs exactly 17 digits')
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!
  return CHECK_CHARS[sum % 11]!
}

/** Is YYYYMMDD a real calendar date? */
export function isCalendarDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false
  const y = Number(yyyymmdd.slice(0, 4))
  const m = Number(yyyymmdd.slice(4, 6))
  const d = Number(yyyymmdd.slice(6, 8))
  if (y < 1800 || m < 1 || m > 12 || d < 1) return false
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate()
}

/**
 * Checks an 18-character ID number; when `birth` (YYYYMMDD from the card's
 * text) is given, also that the number's embedded birth date agrees with it.
 * Returns the first problem found, or null.
 */
export function checkIdNumber(idNumber: string, birth?: string): IdNumberProblem | null {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return 'ID_FORMAT'
  if (!isCalendarDate(idNumber.slice(6, 14))) return 'ID_BIRTH_INVALID'
  if (idCheckDigit(idNumber.slice(0, 17)) !== idNumber[17]) return 'ID_CHECK_DIGIT'
  if (birth !== undefined && birth !== idNumber.slice(6, 14)) return 'ID_BIRTH_MISMATCH'
  return null
}
