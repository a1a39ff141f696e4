/**
 * Validates a parsed entitlement list and reports every problem with its row
 * number, before anything is written. A valid row becomes a planned
 * entitlement: ID number → commitment, id = entitlementIdOf(program,
 * commitment, period) with period = the calendar year of validFrom, so the
 * same person in the same program and year is a duplicate wherever it appears.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import type { ImportIssue, ImportReport } from '../../../common/contract/counter'
import { entitlementIdOf } from '../../../common/ledger/commitments'
import type { Hex } from '../../../common/ledger/hex'
import { maskName } from '../../../common/receipt/masking'
import { type ImportColumn, REQUIRED_COLUMNS } from '../../../common/import-columns'
import { mapHeader } from './columns'
import { SECONDS_PER_DAY, parseAmount, parseDate, parseIdNumber, parseName, parseProxy } from './fields'

/** A row ready to be prepared. Holds the clear name and ID number: memory only. */
export interface PlannedRow {
  row: number
  name: string
  idNumber: string
  commitment: Hex
  entitlementId: Hex
  programId: number
  program: string
  villageCode: string
  amountFen: number
  validFrom: number
  validUntil: number
  proxyAllowed: boolean
  maskedName: string
}

export interface ValidateDeps {
  commitmentOf: (idNumber: string) => Hex
  village: (text: string) => { code: string } | null
  program: (text: string) => { id: number; name: string } | null
  /** Where an entitlement id is already known: on the ledger (local index) or in a batch not yet on chain. */
  known: (entitlementIds: Hex[]) => Map<Hex, 'ledger' | 'pending'>
  amountCapFen: number
  /** YYYY-MM-DD, for birth-date plausibility. */
  today: string
  onProgress?: (done: number, total: number) => void
}

export async function validateRows(
  rows: string[][],
  deps: ValidateDeps,
): Promise<{ report: Omit<ImportReport, 'importId' | 'fileSha256' | 'elapsedMs'>; planned: PlannedRow[] }> {
  const issues: ImportIssue[] = []
  const header = rows[0] ?? []
  const cols = mapHeader(header)
  const missing = REQUIRED_COLUMNS.filter((c) => cols[c] === undefined)
  const dataRows = rows.slice(1)
  if (missing.length) {
    for (const c of missing) issues.push({ row: 1, field: c, code: 'MISSING_COLUMN' })
    return { report: summary([], issues, dataRows.length), planned: [] }
  }
  const cell = (r: string[], c: ImportColumn) => (cols[c] === undefined ? '' : (r[cols[c]] ?? ''))

  const candidates: PlannedRow[] = []
  const seen = new Map<Hex, number>()
  const total = dataRows.length
  for (let i = 0; i < total; i++) {
    if (i % 1000 === 0) {
      deps.onProgress?.(i, total)
      await yieldToLoop()
    }
    const r = dataRows[i]!
    const row = i + 2
    if (r.every((f) => f.trim() === '')) continue
    const rowIssues: ImportIssue[] = []
    const take = <T>(field: ImportIssue['field'], p: { ok: true; value: T } | { ok: false; code: string }): T | null => {
      if (p.ok) return p.value
      rowIssues.push({ row, field, code: p.code })
      return null
    }
    const name = take('name', parseName(cell(r, 'name')))
    const idNumber = take('idNumber', parseIdNumber(cell(r, 'idNumber'), deps.today))
    const villageText = cell(r, 'village')
    const village = deps.village(villageText)
    if (!village) rowIssues.push({ row, field: 'village', code: villageText.trim() ? 'VILLAGE_UNKNOWN' : 'VILLAGE_EMPTY' })
    const program = deps.program(cell(r, 'program'))
    if (!program) rowIssues.push({ row, field: 'program', code: 'PROGRAM_UNKNOWN' })
    const amountFen = take('amount', parseAmount(cell(r, 'amount'), deps.amountCapFen))
    const from = take('validFrom', parseDate(cell(r, 'validFrom')))
    const until = take('validUntil', parseDate(cell(r, 'validUntil')))
    if (from && until && from.startSec >= until.startSec) rowIssues.push({ row, field: 'validUntil', code: 'DATE_ORDER' })
    const proxy = take('proxyAllowed', parseProxy(cell(r, 'proxyAllowed')))
    if (rowIssues.length || !name || !idNumber || !village || !program || amountFen === null || !from || !until || proxy === null) {
      issues.push(...rowIssues)
      continue
    }
    const commitment = deps.commitmentOf(idNumber)
    const entitlementId = entitlementIdOf(BigInt(program.id), commitment, BigInt(from.ymd.slice(0, 4)))
    const first = seen.get(entitlementId)
    if (first !== undefined) {
      issues.push({ row, field: 'idNumber', code: 'DUPLICATE_IN_FILE', otherRow: first })
      continue
    }
    seen.set(entitlementId, row)
    candidates.push({
      row,
      name,
      idNumber,
      commitment,
      entitlementId,
      programId: program.id,
      program: program.name,
      villageCode: village.code,
      amountFen,
      validFrom: from.startSec,
      validUntil: until.startSec + SECONDS_PER_DAY - 1,
      proxyAllowed: proxy,
      maskedName: maskName(name),
    })
  }
  const known = deps.known(candidates.map((c) => c.entitlementId))
  const planned: PlannedRow[] = []
  for (const c of candidates) {
    const where = known.get(c.entitlementId)
    if (where) issues.push({ row: c.row, field: 'idNumber', code: where === 'ledger' ? 'DUPLICATE_ON_LEDGER' : 'DUPLICATE_PENDING' })
    else planned.push(c)
  }
  deps.onProgress?.(total, total)
  issues.sort((a, b) => a.row - b.row)
  return { report: summary(planned, issues, dataRows.filter((r) => r.some((f) => f.trim() !== '')).length), planned }
}

function summary(planned: PlannedRow[], issues: ImportIssue[], rowCount: number) {
  const byProgram = new Map<string, { program: string; count: number; totalFen: number }>()
  for (const p of planned) {
    const entry = byProgram.get(p.program) ?? { program: p.program, count: 0, totalFen: 0 }
    entry.count++
    entry.totalFen += p.amountFen
    byProgram.set(p.program, entry)
  }
  return {
    rowCount,
    validCount: planned.length,
    totalFen: planned.reduce((s, p) => s + p.amountFen, 0),
    byProgram: [...byProgram.values()],
    issues,
    ok: issues.length === 0 && planned.length > 0,
  }
}
