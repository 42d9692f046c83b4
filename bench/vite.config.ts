import { defineConfig } from 'vite'

/**
 * Benchmarks are TypeScript that imports the engine (and its `?raw` SQL), so they are bundled
 * like the app: `npm run bench` builds bench/run.ts into out/bench/run.js, then runs it.
 */
export default defineConfig({
  build: {
    ssr: 'bench/run.ts',
    outDir: 'out/bench',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { format: 'es', entryFileNames: 'run.js' } },
  },
  ssr: { external: ['better-sqlite3'] },
  logLevel: 'warn',
})
