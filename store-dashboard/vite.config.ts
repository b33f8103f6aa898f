import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import { SOURCE_HASH_FILE, sourceHash } from './tooling/source-hash.js'

const root = fileURLToPath(new URL('.', import.meta.url))

/** Writes the sources' hash into the build, so `npm start` and the tests rebuild only when a source changed. */
const recordSourceHash: Plugin = {
  name: 'basketwise-source-hash',
  apply: 'build',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: SOURCE_HASH_FILE, source: `${sourceHash(root)}\n` })
  },
}

/**
 * The store dashboard: a Preact single-page app. JSX goes through esbuild's automatic runtime
 * (no Babel preset), the output is static files the API server serves at `/`.
 */
export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  plugins: [recordSourceHash],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Assets as files, never data: URIs inlined into the script.
    assetsInlineLimit: 0,
    // ECharts is loaded on demand in a chunk of its own (src/charts/load-echarts.ts); it is the big one.
    chunkSizeWarningLimit: 700,
    reportCompressedSize: false,
  },
})
