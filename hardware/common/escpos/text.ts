import iconv from 'iconv-lite'

/**
 * Printable text for a Chinese receipt printer in GB mode.
 *
 * Every character is sent as GB18030 (through iconv-lite). Printers in Chinese
 * mode print the 1-byte (ASCII) area at one column and the 2-byte area at two
 * columns; many cannot print GB18030's 4-byte area (rare characters such as
 * 𠈌 U+2020C, CJK extension B and later, emoji) and print garbage or stall.
 * Such characters are replaced by FALLBACK_CHAR "□" (A1 F5, a 2-byte code every
 * GB printer has): the receipt shows plainly that a character could not be
 * printed, keeps its column width, and the beneficiary's proof stays intact
 * through the masked ID, the claim number and the QR trace code. A raster of
 * the glyph was rejected: raster images need an empty line buffer, so a glyph
 * could not sit inside a line of text, and the driver would need a font.
 * Control characters are replaced by a space so user text can never become a
 * command (ESC, GS, DLE EOT …).
 */
export const FALLBACK_CHAR = '□'

const byteLengthCache = new Map<number, number>()

/** GB18030 byte length of one code point (1, 2 or 4). */
function gbByteLength(codePoint: number): number {
  if (codePoint < 0x80) return 1
  let len = byteLengthCache.get(codePoint)
  if (len === undefined) {
    len = iconv.encode(String.fromCodePoint(codePoint), 'gb18030').length
    byteLengthCache.set(codePoint, len)
  }
  return len
}

function isControl(codePoint: number): boolean {
  return codePoint < 0x20 || codePoint === 0x7f || (codePoint >= 0x80 && codePoint < 0xa0)
}

/** The text exactly as the printer will print it: controls → space, 4-byte GB18030 → □. */
export function toPrintable(text: string): string {
  let out = ''
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    if (isControl(cp)) out += ' '
    else if (cp >= 0xd800 && cp <= 0xdfff)
      out += FALLBACK_CHAR // lone surrogate
    else out += gbByteLength(cp) <= 2 ? ch : FALLBACK_CHAR
  }
  return out
}

/** Characters of `text` the printer cannot print and that toPrintable replaces (not counting controls). */
export function unprintableChars(text: string): string[] {
  return [...text].filter((ch) => {
    const cp = ch.codePointAt(0)!
    return !isControl(cp) && ((cp >= 0xd800 && cp <= 0xdfff) || gbByteLength(cp) > 2)
  })
}

/** Printer columns the text occupies at normal width: ASCII 1, everything else 2. */
export function displayWidth(text: string): number {
  let width = 0
  for (const ch of text) width += ch.codePointAt(0)! < 0x80 ? 1 : 2
  return width
}

/** GB18030 bytes for text that is already printable (see toPrintable). */
export function encodeGb18030(printable: string): Uint8Array {
  return new Uint8Array(iconv.encode(printable, 'gb18030'))
}

/** Punctuation that must not start a line (Chinese line-breaking rules, 避头点). */
const NO_LINE_START = new Set([...'，。、；：！？）》」』】〕…,.;:!?)'])

/**
 * Splits text into lines of at most `columns` columns, never splitting a
 * character; a character wider than the whole line goes on its own line.
 * Closing punctuation never starts a line: the character before it moves down
 * with it.
 */
export function wrapToWidth(text: string, columns: number): string[] {
  if (columns < 2) throw new RangeError(`columns must be >= 2, got ${columns}`)
  const lines: string[] = []
  let line = ''
  let width = 0
  for (const ch of text) {
    const w = displayWidth(ch)
    if (width + w > columns && line) {
      const chars = [...line]
      const carry = NO_LINE_START.has(ch) && chars.length > 1 ? chars.pop()! : ''
      lines.push(chars.join(''))
      line = carry
      width = displayWidth(carry)
    }
    line += ch
    width += w
  }
  if (line || lines.length === 0) lines.push(line)
  return lines
}

/** Pads text on the right (or left) with spaces to exactly `columns` columns; text must fit. */
export function padToWidth(text: string, columns: number, side: 'right' | 'left' = 'right'): string {
  const pad = Math.max(0, columns - displayWidth(text))
  return side === 'right' ? text + ' '.repeat(pad) : ' '.repeat(pad) + text
}
