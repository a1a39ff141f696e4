/**
 * Start-up: fills place_names from the demo gazetteer (demo mode only) and
 * the county gazetteer file (HUIMIN_PLACES), and logs in English what it
 * loaded and each bad row (row number and reason, never the row's text).
 * Never throws: an unreadable file or bad rows leave the screens showing
 * codes where names are missing.
 *
 *   loadPlaceNames({ db, demo: config.demo, file: config.places, log })
 */
import type { Db } from '../../db/database'
import type { Logger } from '../../log/logger'
import { DEMO_PLACES } from './demo-gazetteer'
import { readGazetteerFile } from './read-gazetteer'
import { PlaceTable } from './place-table'
import type { Gazetteer } from './gazetteer-csv'

export interface PlaceNamesOptions {
  db: Db
  demo: boolean
  /** Absolute path of the county gazetteer CSV, or null for none. */
  file: string | null
  log: Logger
}

export interface PlaceNamesLoaded {
  demo: number
  gazetteer: number
  badRows: number
  /** The file could not be read at all. */
  unreadable: boolean
}

/** Bad rows logged one by one; beyond this, only their count. */
const LOGGED_PROBLEMS = 20

export function loadPlaceNames(o: PlaceNamesOptions): PlaceNamesLoaded {
  const table = new PlaceTable(o.db)
  const loaded: PlaceNamesLoaded = { demo: 0, gazetteer: 0, badRows: 0, unreadable: false }
  if (o.demo) loaded.demo = table.replace('demo', DEMO_PLACES)
  else table.clear('demo')
  if (!o.file) {
    table.clear('gazetteer')
    o.log.info('place names loaded', { file: null, ...loaded })
    return loaded
  }
  let gazetteer: Gazetteer
  try {
    gazetteer = readGazetteerFile(o.file)
  } catch (e) {
    // The names already in the table from the last good read stay.
    o.log.error('place names: cannot read the gazetteer file (HUIMIN_PLACES); screens show codes where names are missing', {
      file: o.file,
      error: (e as NodeJS.ErrnoException).code ?? (e as Error).message,
    })
    return { ...loaded, unreadable: true }
  }
  for (const p of gazetteer.problems.slice(0, LOGGED_PROBLEMS))
    o.log.warn(`place names: gazetteer row ${p.row} skipped: ${p.reason}`, { file: o.file, row: p.row })
  if (gazetteer.problems.length > LOGGED_PROBLEMS)
    o.log.warn(`place names: ${gazetteer.problems.length - LOGGED_PROBLEMS} more bad gazetteer rows skipped`, { file: o.file })
  loaded.gazetteer = table.replace('gazetteer', gazetteer.places)
  loaded.badRows = gazetteer.problems.length
  o.log.info('place names loaded', { file: o.file, ...loaded })
  return loaded
}
