import { describe, expect, it } from 'vitest'
import { maskIdNumber } from '../../electron/common/receipt/masking'
import { checkIdNumber, idCheckDigit } from './id-number'
import { decodeIdText, encodeIdText, ID_TEXT_BYTES } from './id-text'
import { buildIdentity } from './identity'
import { NATIONS } from './nations'
import { TEST_CARDS, testCard } from './test-cards'

const fieldsOf = (key: string) => {
  const c = testCard(key)
  return {
    name: c.name,
    gender: c.gender,
    nation: c.nation,
    birth: c.birth,
    address: c.address,
    idNumber: c.idNumber,
    authority: c.authority,
    validFrom: c.validFrom,
    validTo: c.validTo,
  }
}

describe('GB 11643 ID numbers', () => {
  it('accepts the documented examples', () => {
    expect(checkIdNumber('34052419800101001X')).toBeNull()
    expect(checkIdNumber('11010519491231002X')).toBeNull()
    expect(idCheckDigit('34052419800101001')).toBe('X')
  })

  it('names what is wrong', () => {
    expect(checkIdNumber('410122194901010011')).toBe('ID_CHECK_DIGIT')
    expect(checkIdNumber('41012219490101001')).toBe('ID_FORMAT')
    expect(checkIdNumber('410122194902300011')).toBe('ID_BIRTH_INVALID')
    expect(checkIdNumber('410122195808150021', '19580816')).toBe('ID_BIRTH_MISMATCH')
  })

  it('masks for display', () => {
    expect(maskIdNumber('410122195808150021')).toBe('4101**********0021')
  })
})

describe('ID text block', () => {
  it('places fields at the documented byte offsets, UTF-16LE, space padded', () => {
    const block = encodeIdText(fieldsOf('li-xiuying'))
    expect(block.length).toBe(ID_TEXT_BYTES)
    expect([...block.subarray(0, 2)]).toEqual([0x4e, 0x67]) // 李 U+674E
    expect([...block.subarray(30, 32)]).toEqual([0x32, 0x00]) // '2'
    expect([...block.subarray(28, 30)]).toEqual([0x20, 0x00]) // padding
    expect(new TextDecoder('utf-16le').decode(block.subarray(122, 158))).toBe('410122195808150021')
  })

  it('round-trips every test card, including a surrogate-pair name', () => {
    for (const card of TEST_CARDS) expect(decodeIdText(encodeIdText(fieldsOf(card.key)))).toEqual(fieldsOf(card.key))
  })
})

describe('buildIdentity', () => {
  const today = '2026-06-01'
  const build = (key: string) => buildIdentity(fieldsOf(key), 1024, new Uint8Array(1024), today)

  it('decodes a valid card into typed fields', () => {
    const { identity, problem } = build('li-xiuying')
    expect(problem).toBeNull()
    expect(identity).toMatchObject({ gender: 'female', nation: '汉', birth: '1958-08-15', validTo: '2038-08-15', photoLength: 1024 })
  })

  it('handles long-term validity and minority nations', () => {
    expect(build('zhang-jianguo').identity.validTo).toBe('long-term')
    expect(build('ma-fuhai').identity.nation).toBe('回')
    expect(build('ayiguli').identity.nation).toBe('维吾尔')
  })

  it('refuses a bad check digit and an expired card with a reason', () => {
    expect(build('wang-badcheck').problem).toBe('ID_CHECK_DIGIT')
    expect(build('zhao-expired').problem).toBe('CARD_EXPIRED')
  })

  it('refuses an unknown nation code and a card without fingerprint keeps null', () => {
    expect(buildIdentity({ ...fieldsOf('li-xiuying'), nation: '77' }, 0, null, today).problem).toBe('CARD_TEXT_NATION')
    expect(buildIdentity(fieldsOf('liu-changshun'), 1024, new Uint8Array(0), today).identity.fingerprint).toBeNull()
  })

  it('has the full GB 3304 table (56 nations + 97, 98)', () => {
    expect(Object.keys(NATIONS)).toHaveLength(58)
  })
})
