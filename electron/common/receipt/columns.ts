import { displayWidth, padToWidth, toPrintable, wrapToWidth } from '../../../hardware/common/escpos/text'
import type { PrintElement, TextStyle } from '../../../hardware/common/escpos/document'

/** Label column width on receipts: five CJK characters (e.g. "身份证号：" fits). */
export const LABEL_COLUMNS = 10

/**
 * A "label value" row sized to the paper: the label is padded to
 * LABEL_COLUMNS, the value wraps onto continuation lines indented under
 * itself. Text is made printable first so widths are the printed widths.
 */
export function labelRow(label: string, value: string, columns: number, style?: TextStyle): PrintElement[] {
  const valueColumns = columns - LABEL_COLUMNS
  const lines = wrapToWidth(toPrintable(value), valueColumns)
  return lines.map((line, i) => ({
    kind: 'text' as const,
    text: (i === 0 ? padToWidth(toPrintable(label), LABEL_COLUMNS) : ' '.repeat(LABEL_COLUMNS)) + line,
    ...(style ? { style } : {}),
  }))
}

/** Left and right text on one line (right-aligned), or on two lines when they do not fit. */
export function spreadRow(left: string, right: string, columns: number): PrintElement[] {
  const l = toPrintable(left)
  const r = toPrintable(right)
  const gap = columns - displayWidth(l) - displayWidth(r)
  if (gap >= 1) return [{ kind: 'text', text: l + ' '.repeat(gap) + r }]
  return [...wrapToWidth(l, columns).map((text) => ({ kind: 'text' as const, text })), { kind: 'text', text: padToWidth(r, columns, 'left') }]
}

/** Centred text lines (wrapped to the paper at the style's width multiplier). */
export function centred(text: string, columns: number, style: TextStyle = {}): PrintElement[] {
  const perLine = Math.floor(columns / (style.width ?? 1))
  return wrapToWidth(toPrintable(text), perLine).map((line) => ({ kind: 'text' as const, text: line, style: { ...style, align: 'center' as const } }))
}
