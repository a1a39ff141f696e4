import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { decodeCsvBytes, parseCsv } from '../../electron/node/counter/import/csv'
import { parseAmount, parseDate, parseIdNumber, parseProxy } from '../../electron/node/counter/import/fields'
import { hashPin, verifyPin } from '../../electron/node/counter/pin-hash'

describe('counter import: CSV', () => {
  it('reads quoted fields, doubled quotes, CRLF and a UTF-8 BOM', () => {
    const text = decodeCsvBytes(new TextEncoder().encode('\ufeff姓名,备注\r\n"李,秀英","说""好"""\r\n'))
    expect(parseCsv(text)).toEqual([
      ['姓名', '备注'],
      ['李,秀英', '说"好"'],
    ])
  })

  it('decodes a GB18030 file as Excel for Chinese Windows saves it', () => {
    const bytes = iconv.encode('姓名,村\n陈𠈌芳,陈桥村\n', 'gb18030')
    expect(parseCsv(decodeCsvBytes(bytes))).toEqual([
      ['姓名', '村'],
      ['陈𠈌芳', '陈桥村'],
    ])
  })
})

describe('counter import: fields', () => {
  it('amounts: two decimals at most, positive, under the cap', () => {
    expect(parseAmount('1,200.5', 1_000_000)).toEqual({ ok: true, value: 120050 })
    expect(parseAmount('¥0.01', 1_000_000)).toEqual({ ok: true, value: 1 })
    expect(parseAmount('1.005', 1_000_000)).toMatchObject({ code: 'AMOUNT_DECIMALS' })
    expect(parseAmount('0', 1_000_000)).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE' })
    expect(parseAmount('-3', 1_000_000)).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE' })
    expect(parseAmount('10000.01', 1_000_000)).toMatchObject({ code: 'AMOUNT_OVER_CAP' })
    expect(parseAmount('abc', 1_000_000)).toMatchObject({ code: 'AMOUNT_FORMAT' })
  })

  it('dates in the forms lists use, as the start of the day in China Standard Time', () => {
    const start = Date.UTC(2026, 2, 1) / 1000 - 8 * 3600
    for (const t of ['2026-03-01', '2026/3/1', '2026年3月1日', '20260301'])
      expect(parseDate(t)).toEqual({ ok: true, value: { ymd: '2026-03-01', startSec: start } })
    expect(parseDate('2026-02-30')).toMatchObject({ code: 'DATE_INVALID' })
    expect(parseDate('3/1/2026')).toMatchObject({ code: 'DATE_FORMAT' })
  })

  it('ID numbers: check digit, birth date, numbers mangled by Excel', () => {
    expect(parseIdNumber('41012219560312003x', '2026-01-01')).toEqual({ ok: true, value: '41012219560312003X' })
    expect(parseIdNumber('410122194901010011', '2026-01-01')).toMatchObject({ code: 'ID_CHECK_DIGIT' })
    expect(parseIdNumber('410122195602300011', '2026-01-01')).toMatchObject({ code: 'ID_BIRTH_INVALID' })
    expect(parseIdNumber('4.10122E+17', '2026-01-01')).toMatchObject({ code: 'ID_AS_NUMBER' })
  })

  it('proxy flags', () => {
    expect(parseProxy('是')).toEqual({ ok: true, value: true })
    expect(parseProxy('')).toEqual({ ok: true, value: false })
    expect(parseProxy('maybe')).toMatchObject({ code: 'PROXY_FORMAT' })
  })
})

describe('counter PIN hash', () => {
  it('verifies the right PIN only, and only with the same pepper', async () => {
    const pepper = new Uint8Array(32).fill(7)
    const stored = await hashPin('123456', pepper)
    expect(stored).toMatch(/^scrypt\$15\$8\$1\$[0-9a-f]{32}\$[0-9a-f]{64}$/)
    expect(await verifyPin('123456', stored, pepper)).toBe(true)
    expect(await verifyPin('123457', stored, pepper)).toBe(false)
    expect(await verifyPin('123456', stored, new Uint8Array(32))).toBe(false)
    expect(await hashPin('123456', pepper)).not.toBe(stored)
  })
})
