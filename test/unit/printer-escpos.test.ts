import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { nativeQr, statusRequest } from '../../hardware/common/escpos/commands'
import type { PrintDocument } from '../../hardware/common/escpos/document'
import { encodeDocument } from '../../hardware/common/escpos/encoder'
import { qrBitmap } from '../../hardware/common/escpos/raster-qr'
import { FALLBACK_CHAR, displayWidth, toPrintable, unprintableChars, wrapToWidth } from '../../hardware/common/escpos/text'
import { EscPosParser } from '../../hardware/sim/printer/escpos-parser'
import { textLines } from '../../hardware/sim/printer/parsed-receipt'

const doc: PrintDocument = {
  paper: '58mm',
  elements: [
    { kind: 'text', text: '惠民终端', style: { align: 'center', bold: true, width: 2, height: 2 } },
    { kind: 'text', text: 'ASCII 与中文 mixed' },
    { kind: 'separator' },
    { kind: 'qr', payload: 'HMTRACE:TEST', errorCorrection: 'M' },
    { kind: 'feed', lines: 1 },
    { kind: 'cut' },
  ],
}

describe('ESC/POS encoder', () => {
  it('starts with ESC @ and FS & and sends text as GB18030', () => {
    const bytes = encodeDocument({ paper: '58mm', elements: [{ kind: 'text', text: '张三' }] }, { nativeQr: true })
    expect([...bytes]).toEqual([0x1b, 0x40, 0x1c, 0x26, ...iconv.encode('张三', 'gb18030'), 0x0a])
  })

  it('builds the documented QR store command', () => {
    const qr = nativeQr(new TextEncoder().encode('HELLO'), 3, 'L')
    const store = [0x1d, 0x28, 0x6b, 0x08, 0x00, 0x31, 0x50, 0x30, 0x48, 0x45, 0x4c, 0x4c, 0x4f]
    expect(Buffer.from(qr).includes(Buffer.from(store))).toBe(true)
    expect(qr.slice(0, 8)).toEqual([0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 50])
    expect(statusRequest(4)).toEqual([0x10, 0x04, 0x04])
  })

  it('replaces 4-byte GB18030 characters by □ and controls by spaces', () => {
    expect(iconv.encode('𠈌', 'gb18030').length).toBe(4)
    expect(toPrintable('张𠈌三')).toBe(`张${FALLBACK_CHAR}三`)
    expect(toPrintable('a\x1b\x10\x04b')).toBe('a   b')
    expect(toPrintable('😀')).toBe(FALLBACK_CHAR)
    expect(unprintableChars('张𠈌三😀')).toEqual(['𠈌', '😀'])
    const bytes = encodeDocument({ paper: '58mm', elements: [{ kind: 'text', text: '\x10\x04\x01𠈌' }] }, { nativeQr: true })
    expect(Buffer.from(bytes).includes(Buffer.from([0x10, 0x04]))).toBe(false)
  })

  it('measures CJK as two columns and wraps without splitting a character', () => {
    expect(displayWidth('惠民ab')).toBe(6)
    expect(wrapToWidth('惠民惠民a惠', 5)).toEqual(['惠民', '惠民a', '惠'])
    expect(wrapToWidth('一二三四，五', 8)).toEqual(['一二三', '四，五'])
  })

  it('wraps text at the width multiplier', () => {
    const p = new EscPosParser()
    p.push(encodeDocument({ paper: '58mm', elements: [{ kind: 'text', text: '一二三四五六七八九十', style: { width: 2 } }] }, { nativeQr: true }))
    expect(textLines(p.items)).toEqual(['一二三四五六七八', '九十'])
  })

  it('raster QR: a square bitmap with a 4-module quiet zone', () => {
    const bmp = qrBitmap('HMTRACE:TEST', 4, 'M')
    expect(bmp.height).toBe((21 + 8) * 4)
    expect(bmp.widthBytes).toBe(Math.ceil(bmp.height / 8))
    // top-left finder pattern starts after the quiet zone: first black pixel at (16,16)
    const px = (x: number, y: number) => (bmp.data[y * bmp.widthBytes + (x >> 3)]! >> (7 - (x & 7))) & 1
    expect(px(15, 16)).toBe(0)
    expect(px(16, 16)).toBe(1)
  })
})

describe('ESC/POS parser', () => {
  const bytes = encodeDocument(doc, { nativeQr: true })
  const whole = new EscPosParser()
  whole.push(bytes)

  it('parses lines, styles, QR, feed and cut', () => {
    expect(whole.items.map((i) => i.kind)).toEqual(['text', 'text', 'text', 'qr', 'feed', 'cut'])
    expect(textLines(whole.items)).toEqual(['惠民终端', 'ASCII 与中文 mixed', '-'.repeat(32)])
    expect(whole.items[3]).toMatchObject({ kind: 'qr', payload: 'HMTRACE:TEST', errorCorrection: 'M', align: 'center' })
  })

  it('gives the same result with the input split at every position', () => {
    for (let cut = 1; cut < bytes.length; cut++) {
      const p = new EscPosParser()
      p.push(bytes.subarray(0, cut))
      p.push(bytes.subarray(cut))
      expect(p.items, `split at ${cut}`).toEqual(whole.items)
      expect(p.pendingBytes).toBe(0)
    }
  })

  it('byte by byte too, for the raster fallback', () => {
    const raster = encodeDocument(doc, { nativeQr: false })
    const p = new EscPosParser()
    for (const b of raster) p.push(Uint8Array.of(b))
    const image = p.items.find((i) => i.kind === 'image')
    const bmp = qrBitmap('HMTRACE:TEST', 6, 'M')
    expect(image).toMatchObject({ widthBytes: bmp.widthBytes, height: bmp.height })
    expect(image!.kind === 'image' && Buffer.from(image!.data).equals(Buffer.from(bmp.data))).toBe(true)
  })

  it('shows garbage when Chinese mode was never switched on', () => {
    const withoutFs = bytes.filter((_, i) => i !== 2 && i !== 3) // drop FS &
    const p = new EscPosParser()
    p.push(withoutFs)
    expect(textLines(p.items)[0]).not.toBe('惠民终端')
    expect(textLines(p.items)[0]).toContain('\uFFFD')
  })
})
