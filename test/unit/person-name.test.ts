import { describe, expect, it } from 'vitest'
import { PERSON_NAME_MAX_CHARS, checkPersonName } from '../../electron/common/receipt/person-name'

const kept = (input: string) => {
  const r = checkPersonName(input)
  if (!r.ok) throw new Error(`refused ${JSON.stringify(input)}: ${r.problem}`)
  return r.name
}
const problem = (input: string) => {
  const r = checkPersonName(input)
  return r.ok ? `kept ${JSON.stringify(r.name)}` : r.problem
}

describe('person names: kept', () => {
  it('keeps plain names, rare CJK outside the BMP and minority names with a middle dot', () => {
    expect(kept('张三丰')).toBe('张三丰')
    expect(kept('陈𠈌芳')).toBe('陈𠈌芳')
    expect([...kept('𠈌')]).toEqual(['𠈌'])
    expect(kept('买买提·艾力')).toBe('买买提·艾力')
    expect(kept('\uE000李')).toBe('\uE000李')
  })

  it('stores NFD input composed (NFC)', () => {
    const nfd = 'Zhe\u0301ng'
    expect(nfd.normalize('NFC')).not.toBe(nfd)
    expect(kept(nfd)).toBe('Zh\u00E9ng')
    expect(kept('\u1100\u1161')).toBe('\uAC00')
  })

  it('makes middle-dot look-alikes the middle dot, and keeps full stops as typed', () => {
    for (const dot of ['\u30FB', '\uFF65', '\u2022', '\u2027', '\u2219', '\u22C5', '\u2E31', '\u0387'])
      expect(kept(`买买提${dot}艾力`), dot).toBe('买买提·艾力')
    expect(kept('买买提 · 艾力')).toBe('买买提·艾力')
    expect(kept('买买提.艾力')).toBe('买买提.艾力')
    expect(kept('买买提．艾力')).toBe('买买提．艾力')
  })

  it('trims, drops invisible characters inside and makes a run of spaces one space', () => {
    expect(kept('  \u3000张三\t\r\n')).toBe('张三')
    expect(kept('\uFEFF张\u200B三\u2060')).toBe('张三')
    expect(kept('王\u3000\u3000芳')).toBe('王 芳')
    expect(kept('张\u00AD三\u3164')).toBe('张三')
  })

  it(`keeps ${PERSON_NAME_MAX_CHARS} code points, counting a surrogate pair as one`, () => {
    expect(kept('𠈌'.repeat(PERSON_NAME_MAX_CHARS))).toHaveLength(2 * PERSON_NAME_MAX_CHARS)
  })
})

describe('person names: refused', () => {
  it('control characters, C0 and C1, and line separators', () => {
    for (const c of ['\u0000', '\u0007', '\t', '\n', '\u001B', '\u007F', '\u0085', '\u009B', '\u2028', '\u2029'])
      expect(problem(`张${c}三`), JSON.stringify(c)).toBe('NAME_CONTROL')
    expect(problem('张三\u0000')).toBe('NAME_CONTROL')
  })

  it('bidi controls', () => {
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'])
      expect(problem(`张${c}三`), c.codePointAt(0)!.toString(16)).toBe('NAME_BIDI')
    expect(problem('\u202E力艾')).toBe('NAME_BIDI')
  })

  it('lone surrogates', () => {
    const pair = '𠈌'
    expect(problem(`陈${pair[0]}芳`)).toBe('NAME_LONE_SURROGATE')
    expect(problem(`陈${pair[1]}芳`)).toBe('NAME_LONE_SURROGATE')
    expect(problem(`陈${pair[1]}${pair[0]}`)).toBe('NAME_LONE_SURROGATE')
  })

  it('names made only of invisible or format characters', () => {
    for (const s of [
      '\u200B',
      '\u200C\u200D',
      '\u2060',
      '\uFEFF\u200B',
      '\u3164',
      '\u2800',
      '\u00AD',
      '\uFE0F',
      '\u{E0041}\u{E0042}',
      '\u200B \u200B',
      '\u0301',
    ])
      expect(problem(s), JSON.stringify(s)).toBe('NAME_INVISIBLE')
  })

  it('empty and overlong names', () => {
    expect(problem('')).toBe('NAME_EMPTY')
    expect(problem(' \u3000 ')).toBe('NAME_EMPTY')
    expect(problem('张'.repeat(PERSON_NAME_MAX_CHARS + 1))).toBe('NAME_TOO_LONG')
    expect(problem('𠈌'.repeat(PERSON_NAME_MAX_CHARS + 1))).toBe('NAME_TOO_LONG')
    expect(problem('张'.repeat(100_000))).toBe('NAME_TOO_LONG')
  })
})
