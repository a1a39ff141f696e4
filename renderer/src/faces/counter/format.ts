import { formatYuan } from '../../../../electron/common/receipt/money'

export const yuan = (fen: number | null) => (fen === null ? '—' : `¥${formatYuan(fen)}`)

/** ms since epoch → 2026-03-14 09:30 in China Standard Time. */
export const time = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16)

export const day = (unixSeconds: number) => new Date(unixSeconds * 1000 + 8 * 3_600_000).toISOString().slice(0, 10)

export const short = (hex: string) => `${hex.slice(0, 10)}…${hex.slice(-6)}`
