import { formatYuan } from '../../../../electron/common/receipt/money'

/** Fen → "12,345.67" (invalid amounts show as a dash rather than throwing on screen). */
export function yuan(fen: number): string {
  try {
    return formatYuan(fen)
  } catch {
    return '—'
  }
}

/** Large fen amounts in 万元 for headline figures: 123456789 → "123.46". */
export function wanYuan(fen: number): string {
  return (fen / 1_000_000).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}

/** Unix seconds → "2026-03-14 09:05" in China Standard Time. */
export function chinaTime(seconds: number, withSeconds = false): string {
  const d = new Date((seconds + 8 * 3600) * 1000)
  const pad = (n: number) => String(n).padStart(2, '0')
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  return withSeconds ? `${base}:${pad(d.getUTCSeconds())}` : base
}

export function chinaDate(seconds: number): string {
  return chinaTime(seconds).slice(0, 10)
}

export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.min(100, Math.round((part / whole) * 1000) / 10) : 0
}
