import { formatYuan } from '../../../../electron/common/receipt/money'

/** ¥1,200.50 */
export const yuan = (fen: number) => `¥${formatYuan(fen)}`

/** Unix seconds → 2026年3月14日 (zh) or 2026-03-14 (en), in the kiosk's local time. */
export function day(unixSeconds: number, locale: 'zh' | 'en'): string {
  const d = new Date(unixSeconds * 1000)
  return locale === 'zh'
    ? `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`
    : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}
