import type { ReceiptPreviewView } from '../../common/contract/printer'
import type { PaperWidth } from '../../../hardware/common/escpos/document'
import { EscPosParser } from '../../../hardware/sim/printer/escpos-parser'
import { qrPayloads, textLines } from '../../../hardware/sim/printer/parsed-receipt'
import { renderReceiptPng } from '../../../hardware/sim/printer/receipt-preview'

/** The counter's view of a printed job: a PNG as the paper would look, and what it says. */
export type ReceiptPreview = ReceiptPreviewView

/**
 * Reads a job's bytes back the way the printer does (the simulator's parser)
 * and renders them, so the preview shows what was sent, whatever printer is
 * attached. Masked data only: the job bytes never hold a clear name or ID.
 */
export function renderPreview(jobId: string, bytes: Uint8Array, paper: PaperWidth): ReceiptPreview {
  const parser = new EscPosParser()
  parser.push(bytes)
  const png = renderReceiptPng(parser.items, { paper })
  return {
    jobId,
    png: `data:image/png;base64,${Buffer.from(png).toString('base64')}`,
    lines: textLines(parser.items),
    qrPayloads: qrPayloads(parser.items),
  }
}
