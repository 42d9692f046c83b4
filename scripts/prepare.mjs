// `npm install` / `npm ci` build the app once, so `npm start` opens it at once.
import { existsSync } from 'node:fs'

if (existsSync(new URL('../node_modules/electron-vite', import.meta.url))) {
  const { ensureBuilt } = await import('./ensure-built.mjs')
  ensureBuilt()
}
