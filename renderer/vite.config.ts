import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

/** The renderer build, shared by the browser host (`npm run build:renderer`) and electron-vite. */
export const rendererRoot = fileURLToPath(new URL('.', import.meta.url))
export const rendererOutDir = fileURLToPath(new URL('../out/renderer', import.meta.url))

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [vue()],
  build: {
    outDir: rendererOutDir,
    emptyOutDir: true,
    target: 'es2022',
    // No inline scripts or styles: the CSP forbids them.
    assetsInlineLimit: 0,
    // One bundle for a local app is fine; echarts (the audit display's Sankey) makes it ~1 MB.
    chunkSizeWarningLimit: 1600,
  },
})
