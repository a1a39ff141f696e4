import { formatLocalTime } from '../receipt/local-time'

/**
 * Claim numbers (领取编号) printed on receipts: township, date, and 8
 * Crockford base32 characters of randomness (40 bits), so the number cannot
 * be guessed from its on-chain hash. Example: 410122101-20260314-7K3QX9MB.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const FORMAT = /^(\d{9})-(\d{8})-([0-9A-HJKMNP-TV-Z]{8})$/

export function formatClaimNumber(township: string, date: Date, random: Uint8Array): string {
  if (!/^\d{9}$/.test(township)) throw new RangeError('township must be 9 digits')
  if (random.length < 5) throw new RangeError('need 5 random bytes')
  let bits = 0n
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(random[i]!)
  let code = ''
  for (let i = 0; i < 8; i++) code = ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)]! + code
  // The business day in the terminal's time zone (China time), as printed on the receipt beside it.
  const day = formatLocalTime(date.getTime()).slice(0, 10).replaceAll('-', '')
  return `${township}-${day}-${code}`
}

export function isClaimNumber(value: string): boolean {
  return FORMAT.test(value)
}
