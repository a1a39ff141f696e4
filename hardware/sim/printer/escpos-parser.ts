import { EC_LEVEL_BY_CODE, type Align, type QrErrorCorrection } from '../../common/escpos/commands'
import { DEFAULT_STYLE, type ParsedItem, type ParsedStyle } from './parsed-receipt'

const ALIGNS: Align[] = ['left', 'center', 'right']
const NEED_MORE = 0

/**
 * The printer's side of ESC/POS: a streaming parser that turns bytes (in any
 * chunking) back into lines of styled text, QR payloads, raster images, feeds
 * and cuts. Text in Chinese mode is decoded as GB18030 with the platform's
 * own decoder (not iconv-lite, so an encoder mistake cannot cancel itself
 * out); outside Chinese mode bytes >= 0x80 come out as U+FFFD, which is what
 * a receipt with a forgotten `FS &` looks like. Real-time status requests are
 * consumed here; answering them is the simulator's job (it scans the raw
 * stream, as printers do).
 */
export class EscPosParser {
  readonly items: ParsedItem[] = []
  /** Commands the parser skipped without understanding, e.g. "1B 7A". */
  readonly unknown: string[] = []
  private pending = new Uint8Array(0)
  private style: ParsedStyle = { ...DEFAULT_STYLE }
  private chineseMode: boolean
  private line = ''
  private lineStyle: ParsedStyle | null = null
  private qr = { moduleSize: 3, errorCorrection: 'L' as QrErrorCorrection, data: new Uint8Array(0) }
  private readonly gb = new TextDecoder('gb18030')

  constructor(options: { startsInChineseMode?: boolean } = {}) {
    this.chineseMode = options.startsInChineseMode ?? false
  }

  push(chunk: Uint8Array): void {
    const buf = new Uint8Array(this.pending.length + chunk.length)
    buf.set(this.pending)
    buf.set(chunk, this.pending.length)
    let i = 0
    while (i < buf.length) {
      const used = this.step(buf, i)
      if (used === NEED_MORE) break
      i += used
    }
    this.pending = buf.slice(i)
  }

  /** Bytes held back because a command or character is not complete yet. */
  get pendingBytes(): number {
    return this.pending.length
  }

  private step(b: Uint8Array, i: number): number {
    const c = b[i]!
    const avail = b.length - i
    const at = (k: number) => b[i + k]!
    if (c === 0x0a) return (this.flushLine(true), 1)
    if (c === 0x1b || c === 0x1d || c === 0x1c || c === 0x10) {
      if (avail < 2) return NEED_MORE
      return this.command(c, at(1), b, i)
    }
    if (c < 0x20 || c === 0x7f) return 1 // other controls (CR, HT, …) are ignored
    if (c < 0x80) return (this.addText(String.fromCharCode(c)), 1)
    if (!this.chineseMode) return (this.addText('\uFFFD'), 1)
    if (c === 0x80 || c === 0xff) return (this.addText('\uFFFD'), 1)
    if (avail < 2) return NEED_MORE
    const len = at(1) >= 0x30 && at(1) <= 0x39 ? 4 : 2
    if (avail < len) return NEED_MORE
    this.addText(this.gb.decode(b.subarray(i, i + len)))
    return len
  }

  private command(prefix: number, code: number, b: Uint8Array, i: number): number {
    const avail = b.length - i
    const arg = (k: number) => (avail > k ? b[i + k]! : -1)
    const need = (n: number) => avail >= n
    const key = (prefix << 8) | code
    switch (key) {
      case 0x1b40: // ESC @
        this.style = { ...DEFAULT_STYLE }
        this.line = ''
        this.lineStyle = null
        return 2
      case 0x1b45: // ESC E n
        if (!need(3)) return NEED_MORE
        this.style.bold = (arg(2) & 1) === 1
        return 3
      case 0x1b2d: // ESC - n
        if (!need(3)) return NEED_MORE
        this.style.underline = (arg(2) & 3) !== 0
        return 3
      case 0x1b61: // ESC a n
        if (!need(3)) return NEED_MORE
        this.style.align = ALIGNS[arg(2) % 48] ?? 'left'
        return 3
      case 0x1b21: {
        // ESC ! n
        if (!need(3)) return NEED_MORE
        const n = arg(2)
        Object.assign(this.style, { bold: (n & 8) !== 0, height: n & 16 ? 2 : 1, width: n & 32 ? 2 : 1, underline: (n & 128) !== 0 })
        return 3
      }
      case 0x1b64: // ESC d n
        if (!need(3)) return NEED_MORE
        this.flushLine(false)
        this.items.push({ kind: 'feed', lines: arg(2) })
        return 3
      case 0x1b4a: // ESC J n (feed n dots): treated as a feed of n/24 lines
        if (!need(3)) return NEED_MORE
        this.flushLine(false)
        this.items.push({ kind: 'feed', lines: Math.round(arg(2) / 24) })
        return 3
      case 0x1b74:
      case 0x1b4d:
      case 0x1b20:
      case 0x1b33:
      case 0x1b7b:
      case 0x1b47: // 1-arg settings we do not model
        return need(3) ? 3 : NEED_MORE
      case 0x1b32: // ESC 2 default line spacing
        return 2
      case 0x1b63: // ESC c 3 n / ESC c 4 n (paper sensors)
        return need(4) ? 4 : NEED_MORE
      case 0x1b70: // ESC p m t1 t2 (drawer pulse)
        return need(5) ? 5 : NEED_MORE
      case 0x1d21: {
        // GS ! n
        if (!need(3)) return NEED_MORE
        this.style.width = (arg(2) >> 4) + 1
        this.style.height = (arg(2) & 7) + 1
        return 3
      }
      case 0x1d56: {
        // GS V m [n]
        if (!need(3)) return NEED_MORE
        const m = arg(2)
        const len = m === 65 || m === 66 ? 4 : 3
        if (!need(len)) return NEED_MORE
        this.flushLine(false)
        this.items.push({ kind: 'cut', partial: m === 1 || m === 49 || m === 66 })
        return len
      }
      case 0x1d76:
        return this.raster(b, i)
      case 0x1d28:
        return this.gsParen(b, i)
      case 0x1d42:
      case 0x1d61:
      case 0x1d48:
      case 0x1d68:
      case 0x1d77:
      case 0x1d66:
        return need(3) ? 3 : NEED_MORE
      case 0x1d4c:
      case 0x1d57: // GS L / GS W nL nH
        return need(4) ? 4 : NEED_MORE
      case 0x1c26: // FS &
        this.chineseMode = true
        return 2
      case 0x1c2e: // FS .
        this.chineseMode = false
        return 2
      case 0x1c21:
      case 0x1c2d:
      case 0x1c43:
      case 0x1c57: // FS ! n, FS - n, FS C n, FS W n
        return need(3) ? 3 : NEED_MORE
      case 0x1004:
      case 0x1005: // DLE EOT n / DLE ENQ n: real-time, answered by the simulator's raw scan
        return need(3) ? 3 : NEED_MORE
      case 0x1014: // DLE DC4 fn m t
        return need(5) ? 5 : NEED_MORE
      default:
        this.unknown.push(`${hex(prefix)} ${hex(code)}`)
        return 2
    }
  }

  private raster(b: Uint8Array, i: number): number {
    if (b.length - i < 8) return NEED_MORE
    if (b[i + 2] !== 0x30) {
      this.unknown.push(`1D 76 ${hex(b[i + 2]!)}`)
      return 3
    }
    const widthBytes = b[i + 4]! | (b[i + 5]! << 8)
    const height = b[i + 6]! | (b[i + 7]! << 8)
    const total = 8 + widthBytes * height
    if (b.length - i < total) return NEED_MORE
    this.flushLine(false)
    this.items.push({ kind: 'image', widthBytes, height, data: b.slice(i + 8, i + total), align: this.style.align })
    return total
  }

  private gsParen(b: Uint8Array, i: number): number {
    if (b.length - i < 5) return NEED_MORE
    const fnGroup = b[i + 2]!
    const len = b[i + 3]! | (b[i + 4]! << 8)
    const total = 5 + len
    if (b.length - i < total) return NEED_MORE
    if (fnGroup !== 0x6b || len < 2 || b[i + 5] !== 0x31) return total // not a QR function: skip it whole
    const fn = b[i + 6]!
    const p = b.subarray(i + 7, i + total)
    if (fn === 0x43) this.qr.moduleSize = p[0] ?? 3
    else if (fn === 0x45) this.qr.errorCorrection = EC_LEVEL_BY_CODE[p[0] ?? 48] ?? 'L'
    else if (fn === 0x50) this.qr.data = p.slice(1)
    else if (fn === 0x51) {
      this.flushLine(false)
      this.items.push({
        kind: 'qr',
        payload: new TextDecoder().decode(this.qr.data),
        moduleSize: this.qr.moduleSize,
        errorCorrection: this.qr.errorCorrection,
        align: this.style.align,
      })
    }
    return total
  }

  private addText(text: string): void {
    if (this.lineStyle === null) this.lineStyle = { ...this.style }
    this.line += text
  }

  /** LF prints the line even when empty; other print commands only print pending text. */
  private flushLine(evenIfEmpty: boolean): void {
    if (this.lineStyle === null && !evenIfEmpty) return
    this.items.push({ kind: 'text', text: this.line, style: this.lineStyle ?? { ...this.style } })
    this.line = ''
    this.lineStyle = null
  }
}

const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, '0')
