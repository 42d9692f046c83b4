// Builds out/ (main + CLI, preload, renderer) when it is missing or older than the sources,
// so `npm start`, `npm run serve` and `hookbench` always run what is in the working tree.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const stamp = join(root, 'out', '.built')
const inputs = ['src-main', 'src-renderer', 'src-shared', 'resources', 'electron.vite.config.ts', 'package.json']

function newestMtime(path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

export function isBuildStale() {
  if (!existsSync(stamp)) return true
  const built = statSync(stamp).mtimeMs
  return inputs.some((input) => newestMtime(join(root, input)) > built)
}

export function ensureBuilt({ quiet = false } = {}) {
  if (!isBuildStale()) return
  if (!quiet) process.stderr.write('Building Hookbench (electron-vite build)…\n')
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  const result = spawnSync(process.execPath, [bin, 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  if (result.status !== 0) {
    process.stderr.write('The build failed (see above). Fix it, then run the command again.\n')
    process.exit(result.status ?? 1)
  }
  writeFileSync(stamp, new Date().toISOString() + '\n')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureBuilt()
