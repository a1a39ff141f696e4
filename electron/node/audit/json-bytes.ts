/**
 * A cursor over JSON held as UTF-8 bytes that walks punctuation and reports
 * where strings and values start and end, without building any objects:
 * the audit index reads a county's events out of eth_getLogs answers
 * without paying for JSON.parse and the garbage of a million small strings.
 *
 * Strings are found with a native byte search for the closing quote, so a
 * text may only be read this way when it holds no backslash (escapeFree);
 * node answers of hex strings never do. Anything not shaped as the caller
 * expects throws JsonShapeError, and callers fall back to JSON.parse.
 */
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
export const OPEN_OBJECT = 0x7b
export const CLOSE_OBJECT = 0x7d
export const OPEN_ARRAY = 0x5b
export const CLOSE_ARRAY = 0x5d

export class JsonShapeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'JsonShapeError'
  }
}

/** True when no string in the text can hold an escape, so strings end at the next quote. */
export function escapeFree(bytes: Uint8Array): boolean {
  return bytes.indexOf(BACKSLASH) < 0
}

/** Bytes of a key or literal, for comparing against a span. */
export const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))

export class JsonBytes {
  pos = 0
  /** The span of the last string's contents (without quotes) or literal. */
  start = 0
  end = 0

  constructor(readonly bytes: Buffer) {}

  /** The next byte after whitespace (0 at the end of the text); the cursor stays on it. */
  peek(): number {
    const b = this.bytes
    let p = this.pos
    let c = b[p]
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++p]
    this.pos = p
    return c ?? 0
  }

  expect(byte: number): void {
    if (this.peek() !== byte) throw this.shapeError(`expected '${String.fromCharCode(byte)}'`)
    this.pos++
  }

  /**
   * Enters an object or array; false when it is empty (and already left).
   * Members then follow as: read one, then next(close) until it is false.
   */
  open(openByte: number, closeByte: number): boolean {
    this.expect(openByte)
    if (this.peek() !== closeByte) return true
    this.pos++
    return false
  }

  /** After a member: true when another follows (its comma consumed), false at the close (consumed). */
  next(closeByte: number): boolean {
    const c = this.peek()
    this.pos++
    if (c === COMMA) return true
    if (c === closeByte) return false
    this.pos--
    throw this.shapeError(`expected ',' or '${String.fromCharCode(closeByte)}'`)
  }

  /** Reads a string; its contents are bytes[start, end). */
  string(): void {
    this.expect(QUOTE)
    const close = this.bytes.indexOf(QUOTE, this.pos)
    if (close < 0) throw this.shapeError('unterminated string')
    this.start = this.pos
    this.end = close
    this.pos = close + 1
  }

  /** Reads an object key and its colon; the key is bytes[start, end). */
  key(): void {
    this.string()
    this.expect(COLON)
  }

  /** Reads a number, true, false or null; its text is bytes[start, end). */
  literal(): void {
    const b = this.bytes
    const first = this.peek()
    let p = this.pos
    for (let c = b[p]; c !== undefined && isLiteralByte(c); c = b[++p]);
    if (p === this.pos) throw this.shapeError(`unexpected '${String.fromCharCode(first)}'`)
    this.start = this.pos
    this.end = p
    this.pos = p
  }

  /** Reads a string or a literal: null reads as an empty span at `start === -1`. */
  stringOrNull(): void {
    if (this.peek() === QUOTE) return this.string()
    this.literal()
    if (!this.spanIs(NULL)) throw this.shapeError('expected a string or null')
    this.start = this.end = -1
  }

  /** Steps over any value, nested ones included. */
  skipValue(): void {
    const c = this.peek()
    if (c === QUOTE) return this.string()
    if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) return this.literal()
    const close = c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY
    if (!this.open(c, close)) return
    do {
      if (close === CLOSE_OBJECT) this.key()
      this.skipValue()
    } while (this.next(close))
  }

  /** True when the last span equals `word` byte for byte. */
  spanIs(word: Uint8Array): boolean {
    if (this.end - this.start !== word.length) return false
    const b = this.bytes
    for (let i = 0; i < word.length; i++) if (b[this.start + i] !== word[i]) return false
    return true
  }

  shapeError(what: string): JsonShapeError {
    return new JsonShapeError(`${what} at byte ${this.pos}`)
  }
}

const NULL = ascii('null')

/** Digits, signs, exponent and the letters of true/false/null. */
function isLiteralByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x45
}
