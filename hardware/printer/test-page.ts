import type { PaperWidth, PrintDocument } from '../common/escpos/document'
import { PAPER_COLUMNS } from '../common/escpos/document'

/** The QR payload on the test page. */
export const TEST_PAGE_QR = 'HMTRACE:TEST'

/**
 * The installer's test page: Chinese in every size and weight, a column
 * ruler sized to the paper, a rare character to show the □ fallback, a QR,
 * and a cut.
 */
export function testPage(paper: PaperWidth, info: { spec: string; at: string }): PrintDocument {
  const columns = PAPER_COLUMNS[paper]
  const ruler = Array.from({ length: columns }, (_, i) => String((i + 1) % 10)).join('')
  return {
    paper,
    elements: [
      { kind: 'text', text: '打印机测试页', style: { align: 'center', bold: true, width: 2, height: 2 } },
      { kind: 'text', text: 'Printer test page', style: { align: 'center' } },
      { kind: 'separator', char: '=' },
      { kind: 'text', text: `纸宽 Paper: ${paper} / ${columns} 列` },
      { kind: 'text', text: ruler },
      { kind: 'text', text: '中文：惠民终端 县乡村 壹贰叁肆伍' },
      { kind: 'text', text: '粗体 Bold 惠民', style: { bold: true } },
      { kind: 'text', text: '倍高 Tall', style: { height: 2 } },
      { kind: 'text', text: '倍宽 Wide', style: { width: 2 } },
      { kind: 'text', text: '居中 Centre', style: { align: 'center' } },
      { kind: 'text', text: '居右 Right', style: { align: 'right' } },
      { kind: 'text', text: '生僻字 Rare: 𠈌 → □' },
      { kind: 'text', text: `端口 Port: ${info.spec}` },
      { kind: 'text', text: `时间 Time: ${info.at}` },
      { kind: 'separator' },
      { kind: 'qr', payload: TEST_PAGE_QR, errorCorrection: 'M', align: 'center' },
      { kind: 'text', text: TEST_PAGE_QR, style: { align: 'center' } },
      { kind: 'feed', lines: 2 },
      { kind: 'cut', partial: true },
    ],
  }
}
