import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './engine'

export const cliPath = join(repoRoot, 'bin', 'hookbench.js')

export function assertBuilt(): void {
  if (!existsSync(join(repoRoot, 'out', 'main', 'cli.js'))) throw new Error('The CLI is not built: run `npm run build` (npm test does).')
}

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface CliOptions {
  input?: string | Buffer
  env?: NodeJS.ProcessEnv
  timeoutMs?: number
  /**
   * Closes the CLI's stdout once this many bytes arrived, as `| head -c N` does; 0 closes it
   * before the CLI can write anything (a sure EPIPE on its first write).
   */
  closeStdoutAfter?: number
}

/** Runs the built `hookbench` CLI to completion. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  assertBuilt()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    const close = options.closeStdoutAfter
    if (close === 0) child.stdout.destroy()
    child.stdout.on('data', (d) => {
      stdout += d
      if (close !== undefined && Buffer.byteLength(stdout) >= close) child.stdout.destroy()
    })
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`hookbench ${args.join(' ')} did not finish in time${close !== undefined ? ' after its stdout closed' : ''}.\nstdout: ${stdout}\nstderr: ${stderr}`))
    }, options.timeoutMs ?? 20_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
    child.stdin.end(options.input ?? '')
  })
}

export interface ServeProcess {
  child: ChildProcess
  info: { ui: string; api: string; ingest: string; token: string; dataDir: string }
  stderr: () => string
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Starts `hookbench serve --json` and resolves once it printed its JSON line. */
export function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  assertBuilt()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'serve', '--json', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`serve did not start in time. stderr: ${stderr}`))
    }, 20_000)
    child.stderr.on('data', (d) => (stderr += d))
    child.stdout.on('data', (d) => {
      stdout += d
      const line = stdout.split('\n')[0]
      if (stdout.includes('\n') && line) {
        clearTimeout(timer)
        try {
          resolve({
            child,
            info: JSON.parse(line),
            stderr: () => stderr,
            stop: (signal = 'SIGTERM') => {
              child.kill(signal)
              return exited
            },
          })
        } catch (err) {
          reject(new Error(`serve printed a line that is not JSON: ${line}\n${String(err)}`))
        }
      }
    })
    void exited.then(({ code }) => {
      clearTimeout(timer)
      if (!stdout) reject(new Error(`serve exited with ${code} before printing. stderr: ${stderr}`))
    })
  })
}
