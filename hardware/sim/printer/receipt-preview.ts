import { existsSync } from 'node:fs'
import { Resvg } from '@resvg/resvg-js'
import { PAPER_DOTS, type PaperWidth } from '../../common/escpos/document'
import { qrBitmap } from '../../common/escpos/raster-qr'
import { displayWidth } from '../../common/escpos/text'
import { GlyphCache } from './glyph-cache'
import type { ParsedItem } from './parsed-receipt'

/**
 * A PNG of a receipt as the printer would print it, at the printer's own
 * resolution (203 dpi: 384 dots across 58 mm paper, 576 across 80 mm).
 *
 * Built as SVG and rasterised by resvg (@resvg/resvg-js): a maintained Rust
 * renderer shipped as a prebuilt binary inside its npm package (no Cairo, no
 * browser, no download at install), which reads OpenType collections and
 * shapes CJK text itself. The font is Noto Sans Mono CJK SC from Debian's
 * fonts-noto-cjk (ASCII half an em, CJK one em, like a printer's 12×24 and
 * 24×24 cells). Each character's outline comes from the GlyphCache and is
 * placed in its own printer cell, so the columns match the printer's even
 * where the font's advance would differ.
 */
export const PREVIEW_FONT_FAMILY = 'Noto Sans Mono CJK SC'
/** Debian fonts-noto-cjk; the collections hold the Mono CJK SC faces. */
export const NOTO_CJK_FILES = ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc']

const CELL = 12 // dots per column
const GLYPH = 24 // dots per character height
const LINE_GAP = 6 // dots between lines (printers default to ~30-dot line pitch)
const MARGIN = 16
/** Baseline inside a 24-dot cell for Noto CJK (ascent 0.88 em, descent 0.12 em). */
const BASELINE = 21

export interface PreviewOptions {
  paper: PaperWidth
  /** Font files to load instead of Debian's Noto CJK, e.g. a font shipped in resources/. */
  fontFiles?: string[]
}

/** The receipt as SVG: glyph outlines from the cache placed in printer cells, QR and raster images as runs of black dots. */
export function renderReceiptSvg(items: readonly ParsedItem[], paper: PaperWidth, glyphs: GlyphCache): { svg: string; width: number; height: number } {
  glyphs.prepare(items.flatMap((i) => (i.kind === 'text' ? [...i.text].filter((ch) => ch !== ' ').map((ch) => ({ ch, bold: i.style.bold })) : [])))
  const paperDots = PAPER_DOTS[paper]
  const parts: string[] = [] // glyph definitions
  const body: string[] = []
  // Each glyph outline is defined once and placed with <use>.
  const defs = new Map<string, string>()
  const glyphRef = (ch: string, bold: boolean): string | null => {
    const key = (bold ? 'b' : 'r') + ch
    let id = defs.get(key)
    if (id === undefined) {
      const d = glyphs.get(ch, bold)
      if (!d) return null
      id = `g${defs.size}`
      defs.set(key, id)
      parts.unshift(`<path id="${id}" d="${d}"/>`)
    }
    return id
  }
  let y = MARGIN
  const xFor = (align: string, w: number) => MARGIN + (align === 'center' ? Math.floor((paperDots - w) / 2) : align === 'right' ? paperDots - w : 0)

  for (const item of items) {
    switch (item.kind) {
      case 'text': {
        const { width: sx, height: sy, bold, underline, align } = item.style
        const lineHeight = GLYPH * sy
        const columns = displayWidth(item.text)
        const x0 = xFor(align, columns * CELL * sx)
        let col = 0
        for (const ch of item.text) {
          const id = ch === ' ' ? null : glyphRef(ch, bold)
          if (id) body.push(`<use href="#${id}" transform="translate(${x0 + col * CELL * sx} ${y})${sx !== 1 || sy !== 1 ? ` scale(${sx} ${sy})` : ''}"/>`)
          col += displayWidth(ch)
        }
        if (underline) body.push(`<rect x="${x0}" y="${y + lineHeight - 2}" width="${columns * CELL * sx}" height="2"/>`)
        y += lineHeight + LINE_GAP
        break
      }
      case 'qr': {
        const bmp = qrBitmap(item.payload, item.moduleSize, item.errorCorrection)
        body.push(bitmapPath(bmp.data, bmp.widthBytes, bmp.height, xFor(item.align, bmp.widthBytes * 8), y))
        y += bmp.height
        break
      }
      case 'image':
        body.push(bitmapPath(item.data, item.widthBytes, item.height, xFor(item.align, item.widthBytes * 8), y))
        y += item.height
        break
      case 'feed':
        y += item.lines * (GLYPH + LINE_GAP)
        break
      case 'cut':
        y += GLYPH / 2
        body.push(`<line x1="0" y1="${y}" x2="${paperDots + 2 * MARGIN}" y2="${y}" stroke="#888" stroke-width="2" stroke-dasharray="8 6"/>`)
        y += GLYPH / 2
        break
    }
  }
  const width = paperDots + 2 * MARGIN
  const height = y + MARGIN
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<defs>${parts.join('')}</defs><g fill="#000">${body.join('')}</g></svg>`
  return { svg, width, height }
}

/** A 1-bit bitmap as one SVG path of horizontal runs. */
function bitmapPath(data: Uint8Array, widthBytes: number, height: number, x0: number, y0: number): string {
  let d = ''
  for (let row = 0; row < height; row++) {
    let run = -1
    for (let x = 0; x <= widthBytes * 8; x++) {
      const black = x < widthBytes * 8 && (data[row * widthBytes + (x >> 3)]! & (0x80 >> (x & 7))) !== 0
      if (black && run < 0) run = x
      if (!black && run >= 0) {
        d += `M${x0 + run} ${y0 + row}h${x - run}v1h${run - x}z`
        run = -1
      }
    }
  }
  return `<path d="${d}"/>`
}

const caches = new Map<string, GlyphCache>()

/** One glyph cache per font set, shared by every preview in the process. */
function glyphCacheFor(fontFiles: string[]): GlyphCache {
  const k = fontFiles.join('\n')
  let cache = caches.get(k)
  if (!cache) caches.set(k, (cache = new GlyphCache(PREVIEW_FONT_FAMILY, fontFiles, GLYPH, BASELINE)))
  return cache
}

/** Renders parsed items to PNG bytes. */
export function renderReceiptPng(items: readonly ParsedItem[], options: PreviewOptions): Uint8Array {
  const fontFiles = options.fontFiles ?? NOTO_CJK_FILES.filter((f) => existsSync(f))
  const { svg } = renderReceiptSvg(items, options.paper, glyphCacheFor(fontFiles))
  return new Uint8Array(new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng())
}
