/**
 * Streaming frame extraction shared by the SAM and EF01 codecs: sync on a
 * preamble, let the codec judge the candidate frame (need more bytes / bad /
 * good), resync one byte past a bad candidate, and never hold more than one
 * maximum-size frame (plus the newest chunk) in memory.
 */
export type FrameJudgement<F> = { kind: 'need' } | { kind: 'bad'; reason: 'length' | 'checksum' | 'header' } | { kind: 'frame'; frame: F; size: number }

export interface ScannerCounters {
  frames: number
  /** Bytes skipped while looking for a preamble. */
  garbageBytes: number
  checksumErrors: number
  lengthErrors: number
  headerErrors: number
  /** Partial frames dropped by reset() (a reply that stopped mid-way). */
  truncated: number
}

export class FrameScanner<F> {
  private buf = new Uint8Array(0)
  readonly counters: ScannerCounters = { frames: 0, garbageBytes: 0, checksumErrors: 0, lengthErrors: 0, headerErrors: 0, truncated: 0 }

  constructor(
    private readonly preamble: Uint8Array,
    private readonly judge: (buf: Uint8Array) => FrameJudgement<F>,
    /** The largest frame the codec accepts; the buffer never grows past it. */
    readonly maxFrameBytes: number,
  ) {
    if (preamble.length === 0) throw new TypeError('FrameScanner: empty preamble')
    if (!(maxFrameBytes > preamble.length)) throw new TypeError('FrameScanner: maxFrameBytes must exceed the preamble')
  }

  /** Bytes currently held waiting for the rest of a frame. */
  get bufferedBytes(): number {
    return this.buf.length
  }

  /** Feeds a chunk; returns the complete, valid frames it finished, in order. */
  push(chunk: Uint8Array): F[] {
    const frames: F[] = []
    let buf = concat(this.buf, chunk)
    for (;;) {
      const at = indexOf(buf, this.preamble)
      if (at < 0) {
        // Keep a tail that could be the start of a preamble split across chunks.
        const keep = Math.min(buf.length, this.preamble.length - 1)
        this.counters.garbageBytes += buf.length - keep
        buf = buf.slice(buf.length - keep)
        break
      }
      if (at > 0) {
        this.counters.garbageBytes += at
        buf = buf.subarray(at)
      }
      const verdict = this.judge(buf)
      if (verdict.kind === 'need') break
      if (verdict.kind === 'bad') {
        if (verdict.reason === 'checksum') this.counters.checksumErrors++
        else if (verdict.reason === 'length') this.counters.lengthErrors++
        else this.counters.headerErrors++
        // Resync: the false preamble's first byte is garbage; look again from the next byte.
        this.counters.garbageBytes += 1
        buf = buf.subarray(1)
        continue
      }
      this.counters.frames++
      frames.push(verdict.frame)
      buf = buf.subarray(verdict.size)
    }
    this.buf = buf.length ? buf.slice() : new Uint8Array(0)
    return frames
  }

  /** Drops a partial frame (call when a reply timed out) so the next reply starts clean. */
  reset(): void {
    if (this.buf.length >= this.preamble.length && indexOf(this.buf, this.preamble) === 0) this.counters.truncated++
    else this.counters.garbageBytes += this.buf.length
    this.buf = new Uint8Array(0)
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  const first = needle[0]!
  outer: for (let i = haystack.indexOf(first); i >= 0 && i <= haystack.length - needle.length; i = haystack.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  // A preamble cut off at the end of the buffer is not a match yet.
  return -1
}
