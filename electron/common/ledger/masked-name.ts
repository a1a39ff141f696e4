/**
 * The public notice form of a name (公示), the only name data on chain:
 * 张建国 → 张*国, 李秀英 → 李*英, two characters → 李*. Counts code points, so
 * names with characters outside the BMP (陈𠈌芳) mask correctly.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length === 0) throw new RangeError('name is empty')
  if (chars.length <= 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}
