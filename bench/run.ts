import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { type BenchFigure, type Benchmark, formatFigure } from './harness'

/**
 * `npm run bench [-- --only SUBSTRING] [-- --json FILE]`: runs every
 * `bench/*.bench.ts` one after the other, printing each figure with its ratio
 * to the peer measured in the same run.
 */
const here = path.dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const option = (name: string) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const only = option('--only')
const jsonFile = option('--json')

const files = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()
const results: { benchmark: string; figures: BenchFigure[]; error?: string }[] = []
let failed = false

for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { benchmark?: Benchmark }
  const bench = mod.benchmark
  if (!bench) continue
  if (only && !bench.name.includes(only) && !file.includes(only)) continue
  console.log(`\n▶ ${bench.name} (${file})`)
  const figures: BenchFigure[] = []
  try {
    await bench.run((figure) => {
      figures.push(figure)
      console.log(`  ${formatFigure(figure)}`)
    })
    results.push({ benchmark: bench.name, figures })
  } catch (e) {
    failed = true
    console.error(`  failed: ${(e as Error).stack ?? String(e)}`)
    results.push({ benchmark: bench.name, figures, error: (e as Error).message })
  }
}

if (jsonFile) {
  fs.mkdirSync(path.dirname(path.resolve(jsonFile)), { recursive: true })
  fs.writeFileSync(jsonFile, JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2))
  console.log(`\nwrote ${jsonFile}`)
}
process.exit(failed ? 1 : 0)
