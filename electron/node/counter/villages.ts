/**
 * The villages of this terminal's township (GB/T 10114 12-digit codes: the
 * 9-digit township code plus 3 digits). An import names a village by code
 * or by name; anything else is an unknown village. A card's address names
 * its village right after the township (…官渡镇李庄村12号).
 */
import { AppError } from '../../common/result'
import type { Db } from '../db/database'

export interface Village {
  code: string
  name: string
}

/** Demo villages of 官渡镇 (410122101): the addresses on the demo deck's cards. */
export const DEMO_VILLAGES: readonly Village[] = [
  { code: '410122101201', name: '李庄村' },
  { code: '410122101202', name: '张庄村' },
  { code: '410122101203', name: '马家村' },
  { code: '410122101204', name: '刘集村' },
  { code: '410122101205', name: '陈桥村' },
  { code: '410122101206', name: '赵村' },
  { code: '410122101207', name: '王庄村' },
]

export class VillageTable {
  constructor(
    private readonly db: Db,
    private readonly township: string,
  ) {}

  /** Adds villages; existing codes keep their rows. */
  seed(villages: readonly Village[]): void {
    const insert = this.db.prepare(`INSERT INTO counter_villages (code, name) VALUES (?, ?) ON CONFLICT(code) DO NOTHING`)
    this.db.transaction(() => {
      for (const v of villages) {
        if (!/^\d{12}$/.test(v.code) || !v.code.startsWith(this.township))
          throw new AppError('COUNTER_VILLAGE_CODE', `village code ${v.code} is not in township ${this.township}`)
        insert.run(v.code, v.name)
      }
    })()
  }

  all(): Village[] {
    return this.db.prepare(`SELECT code, name FROM counter_villages ORDER BY code`).all() as Village[]
  }

  /** A resolver for many lookups (an import of 10,000 rows). */
  resolver(): (text: string) => Village | null {
    const byCode = new Map<string, Village>()
    const byName = new Map<string, Village>()
    for (const v of this.all()) {
      byCode.set(v.code, v)
      byName.set(v.name, v)
    }
    return (text) => {
      const t = text.trim()
      return byCode.get(t) ?? byName.get(t) ?? null
    }
  }
}

/** Where a township-level name ends in an address: the village comes right after. */
const TOWNSHIP_ENDINGS = ['镇', '乡', '街道', '办事处']

/**
 * The village an ID card's address names, among `villages`: a village name
 * standing right after a township ending. The longest such name wins; two
 * different villages of that length (or none) give null.
 */
export function villageOfAddress(address: string, villages: readonly Village[]): Village | null {
  let best: Village[] = []
  for (const v of villages) {
    if (!v.name || !followsTownship(address, v.name)) continue
    if (!best.length || v.name.length > best[0]!.name.length) best = [v]
    else if (v.name.length === best[0]!.name.length) best.push(v)
  }
  return best.length === 1 ? best[0]! : null
}

function followsTownship(address: string, name: string): boolean {
  for (let at = address.indexOf(name); at >= 0; at = address.indexOf(name, at + 1)) {
    const before = address.slice(0, at)
    if (TOWNSHIP_ENDINGS.some((e) => before.endsWith(e))) return true
  }
  return false
}
