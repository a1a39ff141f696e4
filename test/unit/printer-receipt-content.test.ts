import { describe, expect, it } from 'vitest'
import { capitalYuan, formatYuan, maskIdNumber, maskName, parseTracePayload, shortTxHash, tracePayload } from '../../electron/common/receipt'

describe('capitalYuan (大写)', () => {
  it.each([
    [1, '壹分'],
    [10, '壹角整'],
    [100, '壹元整'],
    [1000, '壹拾元整'],
    [10005, '壹佰元零伍分'],
    [100100, '壹仟零壹元整'],
    [1000000, '壹万元整'],
    [10000050, '壹拾万元伍角整'],
    [1234567890, '壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角整'],
    [0, '零元整'],
    [12345, '壹佰贰拾叁元肆角伍分'],
    [105, '壹元零伍分'],
    [1000001000, '壹仟万零壹拾元整'],
    [10000000100, '壹亿零壹元整'],
    [100010000000, '壹拾亿零壹拾万元整'],
    [2000000, '贰万元整'],
    [99999999999999, '玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
  ])('%i fen → %s', (fen, expected) => {
    expect(capitalYuan(fen)).toBe(expected)
  })

  it('rejects fractions of a fen, negatives and amounts beyond 9999 亿', () => {
    expect(() => capitalYuan(1.5)).toThrow(RangeError)
    expect(() => capitalYuan(-1)).toThrow(RangeError)
    expect(() => capitalYuan(100000000000000)).toThrow(RangeError)
  })
})

describe('formatYuan', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [10, '0.10'],
    [12345, '123.45'],
    [1234567890, '12,345,678.90'],
  ])('%i fen → %s', (fen, expected) => expect(formatYuan(fen)).toBe(expected))
})

describe('masking', () => {
  it.each([
    ['张三丰', '张*丰'],
    ['陈小芳', '陈*芳'],
    ['陈芳', '陈*'],
    ['欧阳娜娜', '欧**娜'],
    ['李', '李*'],
    ['张𠈌三', '张*三'],
    ['𠈌明', '𠈌*'],
    [' 王五六 ', '王*六'],
  ])('name %s → %s', (name, expected) => expect(maskName(name)).toBe(expected))

  it.each([
    ['410122195808150021', '4101**********0021'],
    ['41012219560312003x', '4101**********003X'],
    ['410122580815002', '4101*******5002'],
    ['12345678', '****5678'],
    ['123', '***'],
  ])('ID %s → %s', (id, expected) => expect(maskIdNumber(id)).toBe(expected))
})

describe('trace code', () => {
  const tx = `0x${'0123456789abcdef'.repeat(4)}` as const
  it('round-trips a transaction hash in the alphanumeric QR set', () => {
    const payload = tracePayload({ kind: 'tx', txHash: tx })
    expect(payload).toBe(`HMTRACE:${'0123456789ABCDEF'.repeat(4)}`)
    expect(payload).toMatch(/^[0-9A-Z $%*+\-./:]+$/)
    expect(parseTracePayload(payload)).toEqual({ kind: 'tx', txHash: tx })
  })
  it('falls back to the claim number and rejects foreign codes', () => {
    expect(tracePayload({ kind: 'claim', claimNo: 'c2025-1' })).toBe('HMTRACE:CLAIM:C2025-1')
    expect(parseTracePayload('HMTRACE:CLAIM:C2025-1')).toEqual({ kind: 'claim', claimNo: 'C2025-1' })
    expect(parseTracePayload('https://example.com')).toBeNull()
    expect(parseTracePayload('HMTRACE:XYZ')).toBeNull()
  })
  it('shortens a hash to 0x + 8 … 8', () => {
    expect(shortTxHash(tx)).toBe('0x01234567...89abcdef')
  })
})
