/**
 * Masking of personal data on paper. A receipt leaves the hall, so it carries
 * only enough to recognise one's own: the first and last character of the
 * name, and the first four and last four characters of the ID number.
 * Works on code points, so rare characters (𠈌) are never split in half.
 */

const MASK = '*'

/**
 * 张三丰 → 张*丰, 陈芳 → 陈*, 欧阳娜娜 → 欧**娜. A one-character name is
 * written 李* so that no name ever appears in full. This is also the public
 * notice form (公示) that goes on chain, the only name data there is.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length === 0) return ''
  if (chars.length <= 2) return chars[0]! + MASK
  return chars[0]! + MASK.repeat(chars.length - 2) + chars[chars.length - 1]!
}

/**
 * 410122195808150021 → 4101**********0021 (18 digits); 15-digit legacy
 * numbers keep the same 4 + 4. Anything of 8 characters or fewer keeps
 * only its last 4 so that short inputs never show in full.
 */
export function maskIdNumber(id: string): string {
  const chars = [...id.trim().toUpperCase()]
  if (chars.length <= 4) return MASK.repeat(chars.length)
  if (chars.length <= 8) return MASK.repeat(chars.length - 4) + chars.slice(-4).join('')
  return chars.slice(0, 4).join('') + MASK.repeat(chars.length - 8) + chars.slice(-4).join('')
}
