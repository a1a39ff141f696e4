/**
 * A personal name in the one form the counter keeps, whether it came from an
 * ID card, was typed at the counter or was read from a list; or a refusal of
 * text that could hide, reorder or break what stands around it on the screen,
 * on paper and in the masked name that goes on chain for good (maskName keeps
 * the first and last code point, so a control at either end would be published).
 *
 * In order:
 * 1. A lone surrogate (half of a pair, e.g. of a cut-off 𠈌) is refused.
 * 2. NFC: a name typed in decomposed form (NFD) is stored composed.
 * 3. Whitespace at either end goes (trim).
 * 4. Control characters (C0, DEL, C1, and the line and paragraph separators
 *    U+2028/U+2029) and bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E,
 *    U+200F, U+061C) are refused: they are never part of a name, and bidi
 *    controls reorder the text around them (the "Trojan Source" trick).
 * 5. Middle-dot look-alikes become the middle dot U+00B7 that ID cards print
 *    between the parts of a minority name (买买提·艾力): ・ U+30FB (what the
 *    GB 2312 table maps A1A4 to, where GB18030 gives U+00B7), ･ U+FF65,
 *    • U+2022, ‧ U+2027 (Big5's middle dot), ∙ U+2219, ⋅ U+22C5, ⸱ U+2E31.
 *    Greek ano teleia U+0387 becomes U+00B7 by NFC already. A full stop
 *    (. U+002E, ． U+FF0E) sits on the line, looks different in print and may
 *    be meant: it is kept as typed, not guessed to be a dot.
 * 6. Invisible characters (Unicode's Default_Ignorable_Code_Point: zero-width
 *    space, joiners, word joiner, U+FEFF, soft hyphen, Hangul fillers,
 *    variation selectors, tag characters, …, and the blank braille pattern
 *    U+2800) are dropped: they only make two equal-looking names differ. A
 *    name that had nothing else is refused as invisible.
 * 7. A run of spaces inside (any width, e.g. the ideographic space U+3000 that
 *    pads two-character names in lists) becomes one space; none is kept
 *    beside a middle dot.
 * 8. More than PERSON_NAME_MAX_CHARS code points is refused.
 *
 * Everything else stays as it is, in particular rare CJK outside the BMP
 * (𠈌, Extension B, a surrogate pair) and private-use code points, which some
 * local systems still use for characters Unicode lacked.
 */

export type PersonNameProblem = 'NAME_EMPTY' | 'NAME_TOO_LONG' | 'NAME_CONTROL' | 'NAME_BIDI' | 'NAME_LONE_SURROGATE' | 'NAME_INVISIBLE'

export type PersonNameCheck = { ok: true; name: string } | { ok: false; problem: PersonNameProblem }

/** Code points: the longest name a list may carry (an ID card holds 15). */
export const PERSON_NAME_MAX_CHARS = 20

/** Far beyond any name; refused before any work is done on it. */
const MAX_INPUT_UNITS = 1024

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const CONTROL = /[\p{Cc}\u2028\u2029]/u
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/
const DOT_LOOK_ALIKES = /[\u30FB\uFF65\u2022\u2027\u2219\u22C5\u2E31]/g
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u2800]/gu
const SPACE_RUN = /\p{Zs}+/gu
const SPACE_BY_DOT = /\p{Zs}*\u00B7\p{Zs}*/gu
/** What is left of a name that shows nothing: spaces and combining marks with no base. */
const NOTHING_VISIBLE = /^[\p{Zs}\p{M}]*$/u

export const MIDDLE_DOT = '\u00B7'

/** The canonical form of a personal name, or the reason it is refused. */
export function checkPersonName(input: string): PersonNameCheck {
  if (input.length > MAX_INPUT_UNITS) return refuse('NAME_TOO_LONG')
  if (LONE_SURROGATE.test(input)) return refuse('NAME_LONE_SURROGATE')
  const trimmed = input.normalize('NFC').trim()
  if (!trimmed) return refuse('NAME_EMPTY')
  if (CONTROL.test(trimmed)) return refuse('NAME_CONTROL')
  if (BIDI.test(trimmed)) return refuse('NAME_BIDI')
  const name = trimmed
    .replace(DOT_LOOK_ALIKES, MIDDLE_DOT)
    .replace(INVISIBLE, '')
    .trim()
    .replace(SPACE_RUN, ' ')
    .replace(SPACE_BY_DOT, MIDDLE_DOT)
    // Dropping a grapheme joiner or selector can leave a pair NFC composes.
    .normalize('NFC')
  if (NOTHING_VISIBLE.test(name)) return refuse('NAME_INVISIBLE')
  if ([...name].length > PERSON_NAME_MAX_CHARS) return refuse('NAME_TOO_LONG')
  return { ok: true, name }
}

const refuse = (problem: PersonNameProblem): PersonNameCheck => ({ ok: false, problem })
