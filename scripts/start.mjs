// `npm start`: the desktop app when an Electron runtime and a display exist; otherwise one
// line saying why, then `hookbench serve` so the same UI opens in a browser.
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureBuilt } from './ensure-built.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(import.meta.url)
const args = process.argv.slice(2)

ensureBuilt()

const electron = findElectron()
let reason = electron.reason
if (!reason) reason = ensureElectronSqlite(electron.version)

if (!reason) {
  const child = spawn(electron.binary, [root, ...args], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: '' } })
  forwardSignals(child)
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)))
} else {
  console.log(`Electron cannot run here (${reason}); serving the UI for a browser instead.`)
  const child = spawn(process.execPath, [join(root, 'bin', 'hookbench.js'), 'serve', ...args], { stdio: 'inherit' })
  forwardSignals(child)
  child.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 0)))
}

function findElectron() {
  if (process.env.HOOKBENCH_NO_ELECTRON) return { reason: 'HOOKBENCH_NO_ELECTRON is set' }
  let binary
  try {
    binary = require('electron') // the path of the binary, or a throw when it was never downloaded
  } catch {
    return {
      reason:
        'the Electron binary is not installed; its download comes from outside the npm registry. Where the network allows, `node node_modules/electron/install.js` fetches it',
    }
  }
  if (!existsSync(binary)) return { reason: `the Electron binary is missing at ${binary}` }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display: neither DISPLAY nor WAYLAND_DISPLAY is set' }
  }
  const version = require('electron/package.json').version
  return { binary, version }
}

/**
 * better-sqlite3 for Electron's ABI, built once into .cache/electron-native/<version>/ and
 * loaded by the engine through `nativeBinding` (see src-main/desktop/native-binding.ts).
 * Returns a reason string when it cannot be built.
 */
function ensureElectronSqlite(version) {
  const target = join(root, '.cache', 'electron-native', version, 'better_sqlite3.node')
  if (existsSync(target)) return undefined
  const gyp = process.env.npm_config_node_gyp || join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
  if (!existsSync(gyp)) return 'node-gyp was not found to build better-sqlite3 for Electron'
  const src = join(root, '.cache', 'electron-native', 'src')
  const pkgDir = dirname(require.resolve('better-sqlite3/package.json'))
  // The Node build in pkgDir/build stays where it is: npm test needs it.
  cpSync(pkgDir, src, { recursive: true, filter: (p) => !p.startsWith(join(pkgDir, 'build')) })
  console.log(`Building better-sqlite3 for Electron ${version} (once)…`)
  const result = spawnSync(process.execPath, [gyp, 'rebuild', '--release', `--target=${version}`, '--dist-url=https://electronjs.org/headers', `--arch=${process.arch}`], { cwd: src, stdio: 'inherit' })
  if (result.status !== 0) return 'better-sqlite3 could not be built for Electron (node-gyp failed; see above)'
  mkdirSync(dirname(target), { recursive: true })
  copyFileSync(join(src, 'build', 'Release', 'better_sqlite3.node'), target)
  return undefined
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
}
