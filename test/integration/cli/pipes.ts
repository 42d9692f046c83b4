/** Runs the built CLI with its stdout going to a reader that stops early, as `| head` does. */
import { spawn } from 'node:child_process'
import { assertBuilt, cliPath } from '../../helpers/cli'

export interface ClosedStdoutResult {
  code: number | null
  signal: NodeJS.Signals | null
  stderr: string
  /** Bytes of stdout read before closing it. */
  read: number
}

/**
 * `readBytes` 0: stdout is closed before the CLI can write anything (deterministic EPIPE on its
 * first write). Otherwise the pipe is closed once that many bytes arrived, like `head -c N`.
 */
export function runWithClosedStdout(
  args: string[],
  options: { readBytes?: number; input?: string | Buffer; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ClosedStdoutResult> {
  assertBuilt()
  const readBytes = options.readBytes ?? 0
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] })
    let stderr = ''
    let read = 0
    child.stderr.on('data', (d) => (stderr += d))
    if (readBytes === 0) child.stdout.destroy()
    else
      child.stdout.on('data', (d: Buffer) => {
        read += d.length
        if (read >= readBytes) child.stdout.destroy()
      })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`hookbench ${args.join(' ')} did not end after its stdout closed.\nstderr: ${stderr}`))
    }, options.timeoutMs ?? 20_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stderr, read })
    })
    child.stdin.end(options.input ?? '')
  })
}
