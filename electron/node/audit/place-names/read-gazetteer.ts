/**
 * Reads the gazetteer file named by HUIMIN_PLACES: UTF-8 (with or without
 * BOM) or GB18030, as county offices' spreadsheets save it.
 */
import fs from 'node:fs'
import { decodeCsvBytes } from '../../counter/import/csv'
import { type Gazetteer, parseGazetteer } from './gazetteer-csv'

/** Throws only when the file cannot be read; bad rows come back as problems. */
export function readGazetteerFile(file: string): Gazetteer {
  return parseGazetteer(decodeCsvBytes(fs.readFileSync(file)))
}
