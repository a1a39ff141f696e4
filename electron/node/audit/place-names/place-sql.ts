/**
 * How an audit query reaches place names: two LEFT JOINs on place_names by
 * primary key, from a row aliased `e` with township and village columns.
 * A code with no name gives null, and the result carries no name field.
 *
 *   `SELECT e.township, e.village, ${PLACE_COLUMNS} FROM audit_entitlements e ${PLACE_JOINS} WHERE ...`
 */
import type { PlaceNames } from '../../../common/contract/audit'

export const PLACE_COLUMNS = 'tn.name AS township_name, vn.name AS village_name'
export const PLACE_JOINS = 'LEFT JOIN place_names tn ON tn.code = e.township LEFT JOIN place_names vn ON vn.code = e.village'

export interface PlaceNameColumns {
  township_name: string | null
  village_name: string | null
}

/** The known names of a row, as optional result fields. */
export function placeNamesOf(r: PlaceNameColumns): PlaceNames {
  const out: PlaceNames = {}
  if (r.township_name) out.townshipName = r.township_name
  if (r.village_name) out.villageName = r.village_name
  return out
}
