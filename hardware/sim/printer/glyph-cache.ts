import { Resvg } from '@resvg/resvg-js'

/**
 * Glyph outlines for the receipt preview, as SVG path data in a 24-dot cell
 * (origin top-left, baseline at 21). resvg spends about a millisecond shaping
 * each character of a CJK font, so a receipt drawn as text takes most of a
 * second; instead each character is shaped once, its outline read back from
 * resvg's simplified SVG (text converted to paths), and kept for the life of
 * the process. A receipt then renders as plain paths in a few milliseconds.
 */
export class GlyphCache {
  private readonly paths = new Map<string, string>()

  constructor(
    private readonly fontFamily: string,
    private readonly fontFiles: string[],
    private readonly cellHeight = 24,
    private readonly baseline = 21,
  ) {}

  /** Outline of a character ('' for a blank or a glyph the font lacks); call prepare() first. */
  get(ch: string, bold: boolean): string {
    return this.paths.get(key(ch, bold)) ?? ''
  }

  /** Shapes every character not yet cached, all in one resvg pass. */
  prepare(chars: Iterable<{ ch: string; bold: boolean }>): void {
    const missing = new Map<string, { ch: string; bold: boolean }>()
    for (const c of chars) if (!this.paths.has(key(c.ch, c.bold))) missing.set(key(c.ch, c.bold), c)
    if (missing.size === 0) return
    const list = [...missing.values()]
    const texts = list
      .map((c, i) => `<text id="g${i}" x="0" y="${this.baseline}" font-size="${this.cellHeight}" font-weight="${c.bold ? 700 : 400}">${escapeXml(c.ch)}</text>`)
      .join('')
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><g font-family="${this.fontFamily}">${texts}</g></svg>`
    const simplified = new Resvg(svg, {
      font: { loadSystemFonts: this.fontFiles.length === 0, defaultFontFamily: this.fontFamily, fontFiles: this.fontFiles },
    }).toString()
    const outlines = new Map<number, string>()
    for (const m of simplified.matchAll(/<g id="g(\d+)">([\s\S]*?)<\/g>/g)) {
      const d = [...m[2]!.matchAll(/ d="([^"]*)"/g)].map((p) => p[1]).join(' ')
      outlines.set(Number(m[1]), d)
    }
    list.forEach((c, i) => this.paths.set(key(c.ch, c.bold), outlines.get(i) ?? ''))
  }
}

const key = (ch: string, bold: boolean) => (bold ? 'b' : 'r') + ch

export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
}
