import QRCode from 'qrcode'
import {
  type Align,
  LF,
  align as alignCmd,
  bold as boldCmd,
  characterSize,
  chineseModeOn,
  feedAndCut,
  feedLines,
  initialize,
  nativeQr,
  rasterImage,
  underline as underlineCmd,
} from './commands'
import { PAPER_COLUMNS, PAPER_DOTS, type PrintDocument, type PrintElement, type TextStyle } from './document'
import { qrBitmap } from './raster-qr'
import { encodeGb18030, toPrintable, wrapToWidth } from './text'

export interface EncodeOptions {
  /** The printer understands `GS ( k` QR codes; otherwise QR codes are sent as raster images. */
  nativeQr: boolean
}

interface State {
  align: Align
  bold: boolean
  underline: boolean
  width: number
  height: number
}

const DEFAULT_STATE: State = { align: 'left', bold: false, underline: false, width: 1, height: 1 }
const DEFAULT_QR_MODULE = 6

/** Growable byte buffer. */
class Bytes {
  private chunks: Uint8Array[] = []
  private length = 0
  push(bytes: number[] | Uint8Array): void {
    const chunk = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes)
    this.chunks.push(chunk)
    this.length += chunk.length
  }
  concat(): Uint8Array {
    const out = new Uint8Array(this.length)
    let at = 0
    for (const c of this.chunks) {
      out.set(c, at)
      at += c.length
    }
    return out
  }
}

/**
 * Turns a print document into one ESC/POS job: initialise, Chinese (GB18030)
 * mode on, then each element. Text is made printable (see text.ts), wrapped to
 * the paper's columns divided by the width multiplier, and styled with the
 * fewest commands (only changes are sent).
 */
export function encodeDocument(doc: PrintDocument, options: EncodeOptions): Uint8Array {
  const out = new Bytes()
  const columns = PAPER_COLUMNS[doc.paper]
  const dots = PAPER_DOTS[doc.paper]
  let state: State = { ...DEFAULT_STATE }
  const setStyle = (style: TextStyle | undefined) => {
    const next: State = { ...DEFAULT_STATE, ...definedOnly(style) }
    if (next.align !== state.align) out.push(alignCmd(next.align))
    if (next.bold !== state.bold) out.push(boldCmd(next.bold))
    if (next.underline !== state.underline) out.push(underlineCmd(next.underline))
    if (next.width !== state.width || next.height !== state.height) out.push(characterSize(next.width, next.height))
    state = next
  }

  out.push(initialize())
  out.push(chineseModeOn())
  for (const el of doc.elements) encodeElement(el)
  return out.concat()

  function encodeElement(el: PrintElement): void {
    switch (el.kind) {
      case 'text': {
        setStyle(el.style)
        for (const line of wrapToWidth(toPrintable(el.text), Math.floor(columns / state.width))) {
          out.push(encodeGb18030(line))
          out.push([LF])
        }
        return
      }
      case 'separator':
        setStyle(undefined)
        out.push(encodeGb18030((el.char ?? '-').repeat(columns)))
        out.push([LF])
        return
      case 'qr': {
        setStyle({ align: el.align ?? 'center' })
        const ec = el.errorCorrection ?? 'M'
        const modules = QRCode.create(el.payload, { errorCorrectionLevel: ec }).modules.size
        const moduleSize = Math.max(1, Math.min(el.moduleSize ?? DEFAULT_QR_MODULE, Math.floor(dots / (modules + 8))))
        if (options.nativeQr) {
          out.push(nativeQr(new TextEncoder().encode(el.payload), moduleSize, ec))
        } else {
          const bmp = qrBitmap(el.payload, moduleSize, ec)
          out.push(rasterImage(bmp.widthBytes, bmp.height, bmp.data))
        }
        return
      }
      case 'image':
        setStyle({ align: el.align ?? 'center' })
        out.push(rasterImage(el.widthBytes, el.height, el.data))
        return
      case 'feed':
        out.push(feedLines(el.lines))
        return
      case 'cut':
        out.push(feedAndCut(el.partial ?? true))
        return
    }
  }
}

function definedOnly(style: TextStyle | undefined): Partial<State> {
  const out: Partial<State> = {}
  if (!style) return out
  for (const [k, v] of Object.entries(style)) if (v !== undefined) (out as Record<string, unknown>)[k] = v
  return out
}
