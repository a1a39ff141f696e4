/**
 * Starts a worker thread from one of the app's TypeScript worker entries.
 * From source (tsx, vitest) the entry is loaded through tsx's loader, which a
 * worker does not inherit from its parent; in the electron-vite bundle every
 * worker is its own entry file next to the main bundle (electron.vite.config.ts
 * lists the same names).
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { type Transferable, Worker } from 'node:worker_threads'

/** Worker entries by bundle name, relative to this file. */
export const WORKER_SOURCES = {
  'audit-index-worker': '../audit/index-worker.ts',
  'audit-range-reader': '../audit/range-reader.ts',
} as const

export type WorkerName = keyof typeof WORKER_SOURCES

/** `transferList` moves what workerData holds that cannot be copied, such as a MessagePort. */
export function spawnWorker(name: WorkerName, workerData: unknown, transferList: Transferable[] = []): Worker {
  const fromSource = import.meta.url.endsWith('.ts')
  // A variable, not a literal, so bundlers leave the URL alone.
  const bundled = `${name}.js`
  if (!fromSource) return new Worker(new URL(bundled, import.meta.url), { workerData, transferList })
  const entry = new URL(WORKER_SOURCES[name], import.meta.url).href
  const tsx = tsxLoaderUrl()
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}) })`
  return new Worker(boot, { eval: true, workerData, transferList })
}

/** tsx's ESM register API (its `import` export; require.resolve only finds the CommonJS twin). */
function tsxLoaderUrl(): string {
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api')
  return pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href
}
