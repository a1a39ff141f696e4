/**
 * Place names for the audit screens: the gazetteer CSV (good rows, bad rows
 * reported by row and reason only, GB18030 files), the start-up loader over a
 * real SQLite file (demo names only in demo mode, the counter's villages win,
 * an unreadable file logged and survived) and the code fallback.
 */
import fs from 'node:fs'
import path from 'node:path'
import iconv from 'iconv-lite'
import { afterEach, describe, expect, it } from 'vitest'
import { placeLabel } from '../../electron/common/audit/place-label'
import { DEMO_PLACES } from '../../electron/node/audit/place-names/demo-gazetteer'
import { parseGazetteer } from '../../electron/node/audit/place-names/gazetteer-csv'
import { loadPlaceNames } from '../../electron/node/audit/place-names/load-place-names'
import { PlaceTable } from '../../electron/node/audit/place-names/place-table'
import { readGazetteerFile } from '../../electron/node/audit/place-names/read-gazetteer'
import { DEMO_VILLAGES } from '../../electron/node/counter/villages'
import { type Db, openDatabase } from '../../electron/node/db/database'
import { migrations } from '../../electron/node/db/migrations'
import { createLogger } from '../../electron/node/log/logger'
import { makeTempDir } from '../support/temp-dir'

const temps: { remove(): void }[] = []
const cleanups: (() => void)[] = []
afterEach(() => {
  cleanups.splice(0).forEach((c) => c())
  temps.splice(0).forEach((t) => t.remove())
})

function setup(): { dir: string; db: Db; log: ReturnType<typeof createLogger>; logged: () => { level: string; msg: string; row?: number }[] } {
  const t = makeTempDir('huimin-places-')
  temps.push(t)
  const db = openDatabase(path.join(t.path, 'huimin.sqlite'))
  const logFile = path.join(t.path, 'test.log')
  const log = createLogger({ file: logFile, level: 'debug', stderrLevel: 'error' }, 'test')
  cleanups.push(() => {
    log.dispose()
    db.close()
  })
  const logged = () =>
    fs
      .readFileSync(logFile, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: string; msg: string; row?: number })
  return { dir: t.path, db, log, logged }
}

const GOOD = ['code,name', '410122101,官渡镇', '410122101201,李庄村', '"410122102","白河镇"', '', '# comment', '410122102201, 东岗村 '].join('\r\n')

describe('gazetteer CSV', () => {
  it('reads township and village rows, skipping the header, blanks and comments, trimming fields', () => {
    expect(parseGazetteer(GOOD)).toEqual({
      places: [
        { code: '410122101', name: '官渡镇' },
        { code: '410122101201', name: '李庄村' },
        { code: '410122102', name: '白河镇' },
        { code: '410122102201', name: '东岗村' },
      ],
      problems: [],
    })
  })

  it('reports each bad row by row number and reason, never its text, and keeps the good ones', () => {
    const text = [
      '410122101,官渡镇',
      '41012210120,短码村', // 11 digits
      '110101199003077777,王某某', // an ID number: a personal-data file given by mistake
      '410122101202,',
      '410122101203,马家村,extra',
      '410122101204,410122101204',
      '410122101201,李庄村',
      '410122101201,李家庄', // same code, other name
      '410122101201,李庄村', // same again: no problem
      `410122101205,${'长'.repeat(41)}`,
      '410122101206,赵\u0007村',
      '010122101207,零村',
    ].join('\n')
    const { places, problems } = parseGazetteer(text)
    expect(places).toEqual([
      { code: '410122101', name: '官渡镇' },
      { code: '410122101201', name: '李庄村' },
    ])
    expect(problems).toEqual([
      { row: 2, reason: 'code must be 9 digits (township) or 12 digits (village)' },
      { row: 3, reason: 'code must be 9 digits (township) or 12 digits (village)' },
      { row: 4, reason: 'name is empty' },
      { row: 5, reason: 'expected 2 fields (code,name), found 3' },
      { row: 6, reason: 'name is only digits (columns swapped?)' },
      { row: 8, reason: 'code already named differently on row 7; the first name is kept' },
      { row: 10, reason: 'name is longer than 40 characters' },
      { row: 11, reason: 'name holds control characters' },
      { row: 12, reason: 'code must be 9 digits (township) or 12 digits (village)' },
    ])
    const reasons = problems.map((p) => p.reason).join('\n')
    for (const secret of ['110101199003077777', '王某某', '李家庄', '短码村']) expect(reasons).not.toContain(secret)
  })

  it('reads a GB18030 file as county spreadsheets save it, and a UTF-8 one with BOM', () => {
    const t = makeTempDir('huimin-gazetteer-')
    temps.push(t)
    const gbk = path.join(t.path, 'gbk.csv')
    fs.writeFileSync(gbk, iconv.encode('410122103,青龙乡\r\n410122103201,石佛村\r\n', 'gb18030'))
    expect(readGazetteerFile(gbk).places).toEqual([
      { code: '410122103', name: '青龙乡' },
      { code: '410122103201', name: '石佛村' },
    ])
    const bom = path.join(t.path, 'bom.csv')
    fs.writeFileSync(bom, `\uFEFF${GOOD}`)
    expect(readGazetteerFile(bom).places.map((p) => p.name)).toEqual(['官渡镇', '李庄村', '白河镇', '东岗村'])
  })
})

describe('the demo gazetteer', () => {
  it('names every township and village the demo activity uses, 官渡镇 with the counter’s villages', () => {
    const names = new Map(DEMO_PLACES.map((p) => [p.code, p.name]))
    expect(names.size).toBe(DEMO_PLACES.length)
    expect(names.get('410122101')).toBe('官渡镇')
    for (const v of DEMO_VILLAGES) expect(names.get(v.code)).toBe(v.name)
    // Kiosk township 410122101 and its neighbours (hall-demo), tests' 101–103; villages township*1000 + 201..206 (demo-activity).
    for (let t = 410122101; t <= 410122104; t++) {
      expect(names.get(String(t)), String(t)).toMatch(/[镇乡]$/)
      for (let v = 201; v <= 206; v++) expect(names.get(`${t}${v}`), `${t}${v}`).toMatch(/村$/)
    }
    for (const p of DEMO_PLACES) expect(parseGazetteer(`${p.code},${p.name}`).problems, p.code).toEqual([])
  })
})

describe('loadPlaceNames', () => {
  const names = (db: Db) =>
    Object.fromEntries((db.prepare('SELECT code, name FROM place_names').all() as { code: number; name: string }[]).map((r) => [r.code, r.name]))

  it('loads the demo names in demo mode only, and removes them when demo mode is off', () => {
    const { db, log } = setup()
    expect(loadPlaceNames({ db, demo: true, file: null, log })).toEqual({ demo: DEMO_PLACES.length, gazetteer: 0, badRows: 0, unreadable: false })
    expect(new PlaceTable(db).nameOf(410122103)).toBe('青龙乡')
    loadPlaceNames({ db, demo: false, file: null, log })
    expect(names(db)).toEqual({})
  })

  it('loads the gazetteer over the demo names, logs bad rows in English by row, and never throws', () => {
    const { dir, db, log, logged } = setup()
    const file = path.join(dir, 'county.csv')
    fs.writeFileSync(file, '410122101,官渡镇（县志）\n4101221,坏码\n410122109201,某村\n410122109,\n')
    const result = loadPlaceNames({ db, demo: true, file, log })
    expect(result).toMatchObject({ gazetteer: 2, badRows: 2, unreadable: false })
    const table = new PlaceTable(db)
    expect(table.nameOf('410122101')).toBe('官渡镇（县志）')
    expect(table.nameOf(410122109201)).toBe('某村')
    expect(table.nameOf(410122102)).toBe('白河镇')
    const warnings = logged().filter((l) => l.level === 'warn')
    expect(warnings.map((w) => w.msg)).toEqual([
      'place names: gazetteer row 2 skipped: code must be 9 digits (township) or 12 digits (village)',
      'place names: gazetteer row 4 skipped: name is empty',
    ])
    expect(JSON.stringify(logged())).not.toContain('坏码')

    // A name dropped from the file goes at the next start.
    fs.writeFileSync(file, '410122101,官渡镇\n')
    loadPlaceNames({ db, demo: false, file, log })
    expect(names(db)).toEqual({ 410122101: '官渡镇' })
  })

  it('keeps the last names when the file cannot be read, and logs why', () => {
    const { dir, db, log, logged } = setup()
    const file = path.join(dir, 'county.csv')
    fs.writeFileSync(file, '410122101,官渡镇\n')
    loadPlaceNames({ db, demo: false, file, log })
    fs.rmSync(file)
    expect(loadPlaceNames({ db, demo: false, file, log })).toMatchObject({ unreadable: true })
    expect(names(db)).toEqual({ 410122101: '官渡镇' })
    expect(logged().find((l) => l.level === 'error')).toMatchObject({ msg: expect.stringContaining('cannot read the gazetteer file'), error: 'ENOENT' })
  })

  it('follows the counter’s villages, whose names win over the gazetteer and the demo', () => {
    const { dir, db, log } = setup()
    db.prepare(`INSERT INTO counter_villages (code, name) VALUES ('410122101201', '李庄村')`).run()
    const file = path.join(dir, 'county.csv')
    fs.writeFileSync(file, '410122101201,李庄\n410122101202,张庄村\n')
    loadPlaceNames({ db, demo: true, file, log })
    expect(db.prepare('SELECT code, name, source FROM place_names WHERE code IN (410122101201, 410122101202) ORDER BY code').all()).toEqual([
      { code: 410122101201, name: '李庄村', source: 'counter' },
      { code: 410122101202, name: '张庄村', source: 'gazetteer' },
    ])
    db.prepare(`INSERT INTO counter_villages (code, name) VALUES ('410122101202', '张家庄村')`).run()
    db.prepare(`UPDATE counter_villages SET name = '李家庄村' WHERE code = '410122101201'`).run()
    expect(names(db)[410122101201]).toBe('李家庄村')
    expect(names(db)[410122101202]).toBe('张家庄村')
    loadPlaceNames({ db, demo: true, file, log })
    expect(names(db)[410122101202]).toBe('张家庄村')
    db.prepare(`DELETE FROM counter_villages WHERE code = '410122101202'`).run()
    expect(names(db)[410122101202]).toBeUndefined()
  })

  it('copies the counter’s villages in when the migration runs on an older file', () => {
    const t = makeTempDir('huimin-places-0006-')
    temps.push(t)
    const file = path.join(t.path, 'huimin.sqlite')
    const old = openDatabase(file, migrations.slice(0, 5))
    old.prepare(`INSERT INTO counter_villages (code, name) VALUES ('410122101203', '马家村')`).run()
    old.close()
    const db = openDatabase(file)
    cleanups.push(() => db.close())
    expect(new PlaceTable(db).nameOf(410122101203)).toBe('马家村')
  })
})

describe('placeLabel', () => {
  it('names a village under its township, and gives null (show the code) when the name is unknown', () => {
    expect(placeLabel({ townshipName: '官渡镇', villageName: '李庄村' })).toBe('官渡镇 · 李庄村')
    expect(placeLabel({ villageName: '李庄村' })).toBe('李庄村')
    expect(placeLabel({ townshipName: '官渡镇' })).toBeNull()
    expect(placeLabel({})).toBeNull()
    expect(placeLabel({ townshipName: '官渡镇' }, 'township')).toBe('官渡镇')
    expect(placeLabel({ villageName: '李庄村' }, 'township')).toBeNull()
  })
})
