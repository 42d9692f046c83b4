import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/engine'

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx)$/.test(entry) ? [path] : []
  })
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)].map(
    (m) => (m[1] ?? m[2] ?? m[3])!,
  )
}

function violations(folder: string, forbidden: (spec: string, file: string) => boolean): string[] {
  return sourceFiles(join(repoRoot, folder)).flatMap((file) =>
    imports(file)
      .filter((spec) => forbidden(spec, file))
      .map((spec) => `${relative(repoRoot, file)} imports ${spec}`),
  )
}

describe('architecture', () => {
  it('the engine never imports electron, the CLI, the desktop shell or the renderer', () => {
    expect(violations('src-main/engine', (s) => s === 'electron' || /\/(cli|desktop)\//.test(s) || s.includes('src-renderer'))).toEqual([])
  })

  it('src-shared is pure: no node:, no electron, nothing from src-main or src-renderer', () => {
    expect(
      violations('src-shared', (s) => s.startsWith('node:') || s === 'electron' || s.includes('src-main') || s.includes('src-renderer')),
    ).toEqual([])
  })

  it('the renderer talks to the engine over HTTP only: it never imports src-main or node modules', () => {
    expect(violations('src-renderer', (s) => s.includes('src-main') || s.startsWith('node:') || s === 'electron')).toEqual([])
  })

  it('the renderer never injects HTML', () => {
    const offenders = sourceFiles(join(repoRoot, 'src-renderer')).filter((f) => /dangerouslySetInnerHTML|\.innerHTML\s*=/.test(readFileSync(f, 'utf8')))
    expect(offenders.map((f) => relative(repoRoot, f))).toEqual([])
  })

  it('the preload exposes named functions, never ipcRenderer itself', () => {
    const preload = readFileSync(join(repoRoot, 'src-main/desktop/preload.ts'), 'utf8')
    expect(preload).toMatch(/exposeInMainWorld\('hookbench'/)
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*[,)]/)
    expect(preload).not.toMatch(/ipcRenderer\s*:/)
  })

  it('the desktop window keeps context isolation, the sandbox and no Node integration', () => {
    const window = readFileSync(join(repoRoot, 'src-main/desktop/window.ts'), 'utf8')
    expect(window).toMatch(/contextIsolation: true/)
    expect(window).toMatch(/sandbox: true/)
    expect(window).toMatch(/nodeIntegration: false/)
    expect(window).toMatch(/setWindowOpenHandler/)
    expect(window).toMatch(/will-navigate/)
    // the token must not travel on the renderer's command line (readable by other local users)
    expect(window).not.toMatch(/additionalArguments/)
    expect(readFileSync(join(repoRoot, 'src-main/desktop/preload.ts'), 'utf8')).not.toMatch(/process\.argv/)
  })
})
