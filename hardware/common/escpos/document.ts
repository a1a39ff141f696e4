import type { Align, QrErrorCorrection } from './commands'

/** Paper widths the kiosk supports, by printable columns at normal size (12×24 font). */
export type PaperWidth = '58mm' | '80mm'

export const PAPER_COLUMNS: Record<PaperWidth, number> = { '58mm': 32, '80mm': 48 }
/** Printable dots across the paper at 203 dpi. */
export const PAPER_DOTS: Record<PaperWidth, number> = { '58mm': 384, '80mm': 576 }

export interface TextStyle {
  align?: Align
  bold?: boolean
  underline?: boolean
  /** Width multiplier 1..8; the line holds columns / width characters' worth. */
  width?: number
  /** Height multiplier 1..8. */
  height?: number
}

/**
 * What a receipt is made of, before it becomes bytes. Layouts build these;
 * the encoder turns them into ESC/POS; the simulator parses bytes back into
 * the same vocabulary.
 */
export type PrintElement =
  /** One line of text; the encoder wraps it if it is wider than the paper. */
  | { kind: 'text'; text: string; style?: TextStyle }
  /** A full-width rule made of `char` (ASCII), sized to the paper. */
  | { kind: 'separator'; char?: '-' | '=' | '*' }
  | { kind: 'qr'; payload: string; moduleSize?: number; errorCorrection?: QrErrorCorrection; align?: Align }
  /** A 1-bit image, rows top to bottom, bit 7 = left pixel, 1 = black. */
  | { kind: 'image'; widthBytes: number; height: number; data: Uint8Array; align?: Align }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut'; partial?: boolean }

export interface PrintDocument {
  paper: PaperWidth
  elements: PrintElement[]
}
