import { defineConfig } from 'electron-vite'
import rendererConfig from './renderer/vite.config'

/**
 * electron-vite builds the three Electron bundles. Native modules stay
 * external (rebuilt for Electron by electron-builder at packaging); the
 * preload is a single CommonJS file because sandboxed preloads cannot load ESM.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // Worker threads are entries of their own, named as in electron/node/workers/spawn-worker.ts.
        input: {
          index: 'electron/main/index.ts',
          'audit-index-worker': 'electron/node/audit/index-worker.ts',
          'audit-range-reader': 'electron/node/audit/range-reader.ts',
        },
        external: ['electron', 'better-sqlite3', 'serialport', 'node-hid', '@serialport/bindings-cpp'],
        // Shared chunks sit next to the entries, so a worker's URL resolves the same from any of them.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron': bundle everything else into it.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: 'electron/preload/index.ts' },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: { ...rendererConfig.build, rollupOptions: { input: { index: 'renderer/index.html' } } },
  },
})
