import { describe, expect, it } from 'vitest'
import { claimReceipt, complaintTicket, dayCloseReport } from '../../electron/common/receipt'
import type { PaperWidth, PrintDocument } from '../../hardware/common/escpos/document'
import { encodeDocument } from '../../hardware/common/escpos/encoder'
import { displayWidth } from '../../hardware/common/escpos/text'
import { EscPosParser } from '../../hardware/sim/printer/escpos-parser'
import { qrPayloads, textLines } from '../../hardware/sim/printer/parsed-receipt'
import { CLAIM, COMPLAINT, DAY_CLOSE } from './printer-fixtures'

function printed(doc: PrintDocument, nativeQr = true) {
  const parser = new EscPosParser()
  parser.push(encodeDocument(doc, { nativeQr }))
  expect(parser.unknown).toEqual([])
  return { items: parser.items, lines: textLines(parser.items), qr: qrPayloads(parser.items) }
}

const SEP = '-'.repeat(32)

describe('claim receipt (58 mm)', () => {
  it('prints the expected lines and trace code', () => {
    const out = printed(claimReceipt(CLAIM, { paper: '58mm' }))
    expect(out.lines).toEqual([
      '惠民补贴领取凭证',
      'Relief Payment Receipt',
      SEP,
      '补贴项目：城乡居民最低生活保障金',
      '金额：    123.45 元',
      '大写：    壹佰贰拾叁元肆角伍分',
      '姓名：    张*国',
      '身份证号：4101**********003X',
      '乡镇：    官渡镇',
      '终端：    HM-ZM-0001',
      '时间：    2025-03-01 14:05:09',
      '单号：          C20250301-000123',
      SEP,
      '交易哈希：0x9f3c9f3c...9f3c9f3c',
      '链上状态：已上链 区块 123456',
      SEP,
      '扫码核验 Scan to verify',
      '请妥善保管本凭证',
    ])
    expect(out.qr).toEqual([`HMTRACE:${'9F3C'.repeat(16)}`])
    expect(out.items.at(-1)).toEqual({ kind: 'cut', partial: true })
    const title = out.items[0]!
    expect(title.kind === 'text' && title.style).toMatchObject({ bold: true, width: 2, height: 2, align: 'center' })
  })

  it('marks a reprint 补打 with its time, and shows 待上链 for a queued claim', () => {
    const out = printed(claimReceipt({ ...CLAIM, ledger: { state: 'pending' } }, { paper: '58mm' }, { at: Date.UTC(2025, 2, 2, 1, 0, 0) }))
    expect(out.lines.slice(0, 3)).toEqual(['惠民补贴领取凭证', 'Relief Payment Receipt', '【补打】 REPRINT'])
    expect(out.lines).toContain('链上状态：待上链')
    expect(out.lines).toContain('补打时间：2025-03-02 09:00:00')
  })

  it('uses the claim number as trace code before the transaction is signed', () => {
    const out = printed(claimReceipt({ ...CLAIM, txHash: null, ledger: { state: 'pending' } }, { paper: '58mm' }))
    expect(out.qr).toEqual(['HMTRACE:CLAIM:C20250301-000123'])
    expect(out.lines.some((l) => l.startsWith('交易哈希'))).toBe(false)
  })

  it('wraps over-long program names under the value column and prints rare characters as □', () => {
    const out = printed(claimReceipt({ ...CLAIM, program: '2025年度城乡居民最低生活保障金（第一季度）发放', township: '𠈌村镇' }, { paper: '58mm' }))
    expect(out.lines).toContain('补贴项目：2025年度城乡居民最低生')
    expect(out.lines).toContain('          活保障金（第一季度）发')
    expect(out.lines).toContain('          放')
    expect(out.lines).toContain('乡镇：    □村镇')
  })

  it('names the township before its code when the gazetteer knows it, and prints the code alone when not', () => {
    const placeName = (code: string) => (code === '410122101' ? '官渡镇' : null)
    const named = printed(claimReceipt({ ...CLAIM, township: '410122101' }, { paper: '58mm', placeName }))
    expect(named.lines).toContain('乡镇：    官渡镇 410122101')
    const unnamed = printed(claimReceipt({ ...CLAIM, township: '410122102' }, { paper: '58mm', placeName }))
    expect(unnamed.lines).toContain('乡镇：    410122102')
    expect(printed(complaintTicket({ ...COMPLAINT, township: '410122101' }, { paper: '58mm', placeName })).lines).toContain('乡镇：    官渡镇 410122101')
    expect(printed(dayCloseReport({ ...DAY_CLOSE, township: '410122101' }, { paper: '58mm', placeName })).lines).toContain('乡镇：    官渡镇 410122101')
  })

  it.each<PaperWidth>(['58mm', '80mm'])('keeps every line within the paper on %s', (paper) => {
    const columns = paper === '58mm' ? 32 : 48
    const big = { ...CLAIM, amountFen: 99999999999999, program: '特'.repeat(60), name: '买买提·艾力', township: '镇'.repeat(40) }
    for (const item of printed(claimReceipt(big, { paper })).items)
      if (item.kind === 'text') expect(displayWidth(item.text) * item.style.width).toBeLessThanOrEqual(columns)
  })

  it('the raster fallback prints the same lines, the QR as an image', () => {
    const native = printed(claimReceipt(CLAIM, { paper: '58mm' }), true)
    const raster = printed(claimReceipt(CLAIM, { paper: '58mm' }), false)
    expect(raster.lines).toEqual(native.lines)
    expect(raster.qr).toEqual([])
    const image = raster.items.find((i) => i.kind === 'image')
    expect(image).toMatchObject({ kind: 'image', align: 'center' })
    expect(image!.kind === 'image' && image!.widthBytes * 8).toBeLessThanOrEqual(384)
  })
})

describe('complaint ticket and day-close report', () => {
  it('complaint ticket lines', () => {
    const out = printed(complaintTicket(COMPLAINT, { paper: '58mm' }))
    expect(out.lines).toEqual([
      '投诉受理单',
      'Complaint Ticket',
      SEP,
      '受理编号：        T20250301-0007',
      '时间：    2025-03-01 15:30:00',
      '乡镇：    官渡镇',
      '终端：    HM-ZM-0001',
      '姓名：    李*英',
      '身份证号：4101**********0021',
      '类别：    补贴未到账',
      '关联单号：      C20250301-000123',
      SEP,
      '投诉内容：',
      '三月份的养老补贴在终端显示已领',
      '取，但本人未收到款项，请核实。',
      SEP,
      '受理人员：S0012',
      '凭受理编号查询处理进度',
    ])
    expect(out.qr).toEqual([])
  })

  it('day-close report lines (80 mm)', () => {
    const out = printed(dayCloseReport(DAY_CLOSE, { paper: '80mm' }))
    const right = (l: string, r: string) => l + ' '.repeat(48 - displayWidth(l) - displayWidth(r)) + r
    expect(out.lines).toEqual([
      '日结报表',
      'Day-close Report',
      '-'.repeat(48),
      '乡镇：    官渡镇',
      '终端：    HM-ZM-0001',
      '营业日期：2025-03-01',
      '日结时间：2025-03-01 17:00:00',
      '操作员：  S0012',
      '='.repeat(48),
      '分项目统计',
      '城乡居民最低生活保障金',
      right('  12 笔', '14,814.00 元'),
      '高龄津贴',
      right('  3 笔', '300.00 元'),
      '-'.repeat(48),
      right('合计：15 笔', '15,114.00 元'),
      '已上链：  14 笔',
      '待上链：  1 笔',
      '补打：    2',
      '投诉：    1',
      '='.repeat(48),
      '签字：',
    ])
  })
})
