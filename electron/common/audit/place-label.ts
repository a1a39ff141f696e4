/**
 * How a place is named on the audit screens: "官渡镇 · 李庄村" for a village
 * (its township's name first when known), "官渡镇" for a township; null when
 * the name is not known, and the screen shows the code instead.
 *
 *   placeLabel({ townshipName: '官渡镇', villageName: '李庄村' }) // '官渡镇 · 李庄村'
 *   placeLabel({ townshipName: '官渡镇' })                        // null (the village is unnamed)
 *   placeLabel({ townshipName: '官渡镇' }, 'township')            // '官渡镇'
 */
import type { PlaceNames } from '../contract/audit'

export const PLACE_SEPARATOR = ' · '

export function placeLabel(p: PlaceNames, level: 'village' | 'township' = 'village'): string | null {
  if (level === 'township') return p.townshipName ?? null
  if (!p.villageName) return null
  return p.townshipName ? `${p.townshipName}${PLACE_SEPARATOR}${p.villageName}` : p.villageName
}
