import { formatYuan } from '../../../../electron/common/receipt/money'

export const yuan = (fen: number | null) => (fen === null ? '—' : `¥${formatYuan(fen)}`)

/** ms since epoch → 2026-03-14 09:30 in China Standard Time. */
export const time = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16)

export const day = (unixSeconds: number) => new Date(unixSeconds * 1000 + 8 * 3_600_000).toISOString().slice(0, 10)

export const short = (hex: string) => `${hex.slice(0, 10)}…${hex.slice(-6)}`

/** 1536 → "1.5 KB", 5_000_000_000 → "4.7 GB" (powers of 1024). */
export const bytes = (n: number) => {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let i = 0
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024
    i++
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`
}
