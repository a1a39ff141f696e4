/** One figure a benchmark reports, with its ratio to a named peer measured in the same run. */
export interface BenchFigure {
  name: string
  value: number
  unit: string
  peer?: string
  peerValue?: number
  /** value / peerValue unless the benchmark states its own (e.g. time ratios where lower is better). */
  ratio?: number
  target?: string
  note?: string
}

export type Report = (figure: BenchFigure) => void

export interface Benchmark {
  name: string
  run(report: Report): Promise<void>
}

/** Runs `fn` repeatedly for about `ms` milliseconds after a warm-up; returns operations per second. */
export async function opsPerSecond(fn: () => unknown, ms = 1000, warmup = 200): Promise<number> {
  const until = (deadline: number) => performance.now() < deadline
  let end = performance.now() + warmup
  while (until(end)) await fn()
  let n = 0
  const start = performance.now()
  end = start + ms
  while (until(end)) {
    await fn()
    n++
  }
  return (n * 1000) / (performance.now() - start)
}

export function formatFigure(f: BenchFigure): string {
  const v = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3))
  let line = `${f.name}: ${v(f.value)} ${f.unit}`
  if (f.peer !== undefined && f.peerValue !== undefined) line += ` | ${f.peer}: ${v(f.peerValue)} ${f.unit}`
  const ratio = f.ratio ?? (f.peerValue ? f.value / f.peerValue : undefined)
  if (ratio !== undefined) line += ` | ratio ${ratio.toFixed(2)}×`
  if (f.target) line += ` (target ${f.target})`
  if (f.note) line += ` — ${f.note}`
  return line
}
