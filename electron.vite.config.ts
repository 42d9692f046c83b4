import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

/**
 * One build for the three targets: the main bundle holds the desktop shell and the CLI (both
 * start the same engine), the preload is CommonJS (required under sandbox: true), and the
 * renderer is one bundle served by the engine to Electron and to browsers alike.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: { desktop: 'src-main/desktop/main.ts', cli: 'src-main/cli/index.ts' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: 'src-main/desktop/preload.ts' },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      emptyOutDir: true,
      rollupOptions: { input: 'src-renderer/index.html' },
    },
  },
})
