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
        input: { index: 'electron/main/index.ts' },
        external: ['electron', 'better-sqlite3', 'serialport', 'node-hid', '@serialport/bindings-cpp'],
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
