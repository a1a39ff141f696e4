/** Field parsers for an entitlement list; each returns a value or a stable issue code. */
import { checkIdNumber } from '../../../../hardware/common/id-number'
import { checkPersonName } from '../../../common/receipt/person-name'

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string }
const bad = (code: string) => ({ ok: false as const, code })
const good = <T>(value: T) => ({ ok: true as const, value })

/** China Standard Time (UTC+8), the calendar the lists are written in. */
const CST_OFFSET_S = 8 * 3600

export function parseIdNumber(text: string, todayYmd: string): Parsed<string> {
  const id = text.trim().toUpperCase()
  if (/^\d(\.\d+)?E\+\d+$/i.test(id)) return bad('ID_AS_NUMBER')
  const problem = checkIdNumber(id)
  if (problem) return bad(problem)
  const birth = id.slice(6, 14)
  if (birth > todayYmd.replaceAll('-', '') || birth < '19000101') return bad('ID_BIRTH_IMPLAUSIBLE')
  return good(id)
}

/** Yuan with at most two decimals, > 0 and ≤ cap; returns fen. */
export function parseAmount(text: string, capFen: number): Parsed<number> {
  const t = text.trim().replace(/[,，¥￥元]/g, '')
  if (!/^-?\d+(\.\d+)?$/.test(t)) return bad('AMOUNT_FORMAT')
  if (/\.\d{3,}$/.test(t)) return bad('AMOUNT_DECIMALS')
  const [whole, frac = ''] = t.replace('-', '').split('.')
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'))
  if (t.startsWith('-') || fen === 0) return bad('AMOUNT_NOT_POSITIVE')
  if (!Number.isSafeInteger(fen) || fen > capFen) return bad('AMOUNT_OVER_CAP')
  return good(fen)
}

/** 2026-03-01, 2026/3/1, 2026.3.1 or 20260301 → { ymd, start of day in unix seconds (CST) }. */
export function parseDate(text: string): Parsed<{ ymd: string; startSec: number }> {
  const t = text.trim()
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t)
  if (!m) return bad('DATE_FORMAT')
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const ms = Date.UTC(y, mo - 1, d)
  const check = new Date(ms)
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || y < 2000 || y > 2100) return bad('DATE_INVALID')
  const ymd = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  return good({ ymd, startSec: ms / 1000 - CST_OFFSET_S })
}

export function parseProxy(text: string): Parsed<boolean> {
  const t = text.trim().toLowerCase()
  if (['', '否', 'n', 'no', 'false', '0', '不允许'].includes(t)) return good(false)
  if (['是', 'y', 'yes', 'true', '1', '允许'].includes(t)) return good(true)
  return bad('PROXY_FORMAT')
}

/** A personal name in its canonical form (see checkPersonName); a list's name has no digits or markup either. */
export function parseName(text: string): Parsed<string> {
  const checked = checkPersonName(text)
  if (!checked.ok) return bad(checked.problem)
  if (/[\p{Nd}<>{}]/u.test(checked.name)) return bad('NAME_FORMAT')
  return good(checked.name)
}

/** Local calendar day in CST, YYYY-MM-DD. */
export function cstDay(ms: number): string {
  return new Date(ms + CST_OFFSET_S * 1000).toISOString().slice(0, 10)
}

export const SECONDS_PER_DAY = 86_400
