/**
 * Parses an approval CSV. ID numbers become commitments here and never leave
 * this function in clear; names become the public masked form.
 *
 *   id_number,name,village,amount_yuan,valid_from,valid_until,proxy_allowed
 *   410122195808150021,李秀英,410122101201,1200.00,2026-01-01,2026-12-31,no
 */
import { beneficiaryCommitment } from '../../../common/ledger/commitments'
import type { Hex } from '../../../common/ledger/hex'
import { checkIdNumber } from '../../../../hardware/common/id-number'
import { maskName } from '../../../common/receipt/masking'
import { checkPersonName } from '../../../common/receipt/person-name'
import { translateError } from '../../../common/i18n'

export interface ApprovalRow {
  line: number
  commitment: Hex
  maskedName: string
  village: bigint
  amountFen: bigint
  validFrom: bigint
  validUntil: bigint
  proxyAllowed: boolean
}

export interface CsvProblem {
  line: number
  message: string
}

const HEADER = ['id_number', 'name', 'village', 'amount_yuan', 'valid_from', 'valid_until', 'proxy_allowed']

/** Yuan with at most two decimals → fen. */
export function yuanToFen(text: string): bigint | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text)
  if (!m) return null
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'))
}

function parseDate(text: string, endOfDay: boolean): bigint | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null
  const t = Date.parse(`${text}T${endOfDay ? '23:59:59' : '00:00:00'}+08:00`)
  return Number.isNaN(t) ? null : BigInt(t / 1000)
}

export function parseApprovalCsv(text: string, regionalKey: Uint8Array, township: bigint): { rows: ApprovalRow[]; problems: CsvProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const rows: ApprovalRow[] = []
  const problems: CsvProblem[] = []
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase())
  if (header.join(',') !== HEADER.join(',')) return { rows, problems: [{ line: 1, message: `header must be: ${HEADER.join(',')}` }] }
  const seen = new Map<string, number>()
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2
    if (raw.trim() === '') return
    const cells = raw.split(',').map((c) => c.trim())
    const bad = (message: string) => problems.push({ line, message })
    if (cells.length !== HEADER.length) return bad(`expected ${HEADER.length} columns, found ${cells.length}`)
    const [idRaw, name, villageText, amountText, fromText, untilText, proxyText] = cells as [string, string, string, string, string, string, string]
    const id = idRaw.toUpperCase()
    if (checkIdNumber(id)) return bad('id_number is not a valid 18-character ID number (check digit)')
    // The masked name goes on chain for good: the counter's one name check, so a control or bidi character is never published.
    const checked = checkPersonName(name)
    if (!checked.ok) return bad(`name refused (${checked.problem}): ${translateError(`COUNTER_${checked.problem}`, 'en')}`)
    if (!/^\d{12}$/.test(villageText) || !villageText.startsWith(township.toString())) return bad(`village must be a 12-digit code inside township ${township}`)
    const amountFen = yuanToFen(amountText)
    if (amountFen === null || amountFen === 0n) return bad('amount_yuan must be a positive amount with at most two decimals')
    const validFrom = parseDate(fromText, false)
    const validUntil = parseDate(untilText, true)
    if (validFrom === null || validUntil === null) return bad('valid_from and valid_until must be dates like 2026-01-31')
    if (validUntil < validFrom) return bad('valid_until is before valid_from')
    if (!['yes', 'no', 'true', 'false', '1', '0', '是', '否'].includes(proxyText.toLowerCase())) return bad('proxy_allowed must be yes or no')
    const earlier = seen.get(id)
    if (earlier) return bad(`same person as line ${earlier}`)
    seen.set(id, line)
    rows.push({
      line,
      commitment: beneficiaryCommitment(regionalKey, id),
      maskedName: maskName(checked.name),
      village: BigInt(villageText),
      amountFen,
      validFrom,
      validUntil,
      proxyAllowed: ['yes', 'true', '1', '是'].includes(proxyText.toLowerCase()),
    })
  })
  return { rows, problems }
}
