/** Deterministic pseudo-random numbers for fuzz tests (mulberry32), so a failure can be replayed from its seed. */
export function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1))
  const bytes = (n: number, exclude?: number) => {
    const out = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      let b = int(0, 255)
      while (b === exclude) b = int(0, 255)
      out[i] = b
    }
    return out
  }
  return { next, int, bytes }
}

/** Splits bytes into random chunks of 1..maxChunk bytes. */
export function randomChunks(data: Uint8Array, rand: ReturnType<typeof prng>, maxChunk: number): Uint8Array[] {
  const chunks: Uint8Array[] = []
  for (let at = 0; at < data.length;) {
    const n = rand.int(1, maxChunk)
    chunks.push(data.subarray(at, at + n))
    at += n
  }
  return chunks
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
