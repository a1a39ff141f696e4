/**
 * The day-close report as a PDF (pdfkit), with Chinese text in Noto Sans CJK
 * SC from Debian's fonts-noto-cjk (subset-embedded by pdfkit's fontkit). The
 * creation date is the close time, so the same data gives the same bytes.
 */
import fs from 'node:fs'
import type PDFKit from 'pdfkit'
import type { DayCloseView } from '../../common/contract/counter'
import { formatYuan } from '../../common/receipt/money'
import { AppError } from '../../common/result'

export const CJK_FONT_FILES = ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.otf']
const CJK_FAMILY = 'NotoSansCJKsc-Regular'

export interface DayClosePdfInput {
  report: Omit<DayCloseView, 'closed'>
  township: string
  terminal: string
  staffNo: string
  closedAt: number
  fontFile?: string
}

/** pdfkit loads on the first day close, not with the app: it would add ~0.4 s of CPU to every start. */
export async function dayClosePdf(input: DayClosePdfInput): Promise<Buffer> {
  const font = input.fontFile ?? CJK_FONT_FILES.find((f) => fs.existsSync(f))
  if (!font) throw new AppError('COUNTER_PDF_FONT', 'no CJK font found (install fonts-noto-cjk)')
  const PDFDocument: typeof PDFKit = (await import('pdfkit')).default
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `日结报表 ${input.report.businessDate}`, Producer: 'Huimin Kiosk', CreationDate: new Date(input.closedAt) },
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  if (font.endsWith('.ttc')) doc.font(font, CJK_FAMILY)
  else doc.font(font)
  const r = input.report
  const when = new Date(input.closedAt + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19)
  doc.fontSize(20).text('惠民终端 日结报表  Day-close report', { align: 'center' }).moveDown()
  doc.fontSize(11)
  for (const [k, v] of [
    ['营业日 Business day', r.businessDate],
    ['乡镇 Township', input.township],
    ['终端 Terminal', input.terminal],
    ['日结人 Closed by', input.staffNo],
    ['日结时间 Closed at (UTC+8)', when],
  ])
    doc.text(`${k}：${v}`)
  doc.moveDown().fontSize(13).text('分项目合计 Totals by program').fontSize(11)
  for (const p of r.programs) doc.text(`${p.program}    ${p.count} 笔    ¥${formatYuan(p.totalFen)}`)
  doc
    .moveDown()
    .fontSize(13)
    .text(`合计 Total：${r.count} 笔  ¥${formatYuan(r.totalFen)}`)
  doc.moveDown().fontSize(13).text(`未上链 Not yet confirmed：${r.unconfirmed.length} 笔`).fontSize(10)
  for (const c of r.unconfirmed) doc.text(`${c.claimNumber}  ${c.program ?? ''}  ${c.amountFen === null ? '' : `¥${formatYuan(c.amountFen)}`}  ${c.state}`)
  doc.moveDown(2).fontSize(11).text('经办人签字 Signature：________________      审核人签字：________________')
  doc.end()
  return done
}
