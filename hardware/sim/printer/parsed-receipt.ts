import type { Align, QrErrorCorrection } from '../../common/escpos/commands'

export interface ParsedStyle {
  align: Align
  bold: boolean
  underline: boolean
  width: number
  height: number
}

/** What a printer made of the byte stream, in print order. */
export type ParsedItem =
  | { kind: 'text'; text: string; style: ParsedStyle }
  | { kind: 'qr'; payload: string; moduleSize: number; errorCorrection: QrErrorCorrection; align: Align }
  | { kind: 'image'; widthBytes: number; height: number; data: Uint8Array; align: Align }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut'; partial: boolean }

export const DEFAULT_STYLE: ParsedStyle = { align: 'left', bold: false, underline: false, width: 1, height: 1 }

/** The text lines of some parsed items, in order. */
export function textLines(items: readonly ParsedItem[]): string[] {
  return items.flatMap((i) => (i.kind === 'text' ? [i.text] : []))
}

/** The QR payloads of some parsed items, in order. */
export function qrPayloads(items: readonly ParsedItem[]): string[] {
  return items.flatMap((i) => (i.kind === 'qr' ? [i.payload] : []))
}

/** Splits items into receipts, each ending with its cut (a trailing uncut part is its own receipt). */
export function splitAtCuts(items: readonly ParsedItem[]): ParsedItem[][] {
  const receipts: ParsedItem[][] = []
  let current: ParsedItem[] = []
  for (const item of items) {
    current.push(item)
    if (item.kind === 'cut') {
      receipts.push(current)
      current = []
    }
  }
  if (current.length) receipts.push(current)
  return receipts
}
