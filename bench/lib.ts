/**
 * Shared benchmark plumbing: start the built engine as a child process (so the load generator
 * does not share its event loop), a bounded load loop over undici with N connections, latency
 * percentiles and peak RSS. Every loop stops by itself on a request count or a time limit.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { Pool } from 'undici'

export const repoRoot = process.cwd()

export interface ChildServer {
  child: ChildProcess
  info: { ui: string; api: string; ingest: string; token: string; dataDir: string }
  /** Peak resident set size of the child so far, in MiB (Linux /proc; NaN elsewhere). */
  peakRssMiB(): number
  /** CPU time (user + system) the child has used so far, in ms (Linux /proc; NaN elsewhere). */
  cpuMs(): number
  stop(): Promise<void>
}

/** `hookbench serve --json` on free ports and a temp data folder. */
export async function startEngineProcess(extraArgs: string[] = []): Promise<ChildServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-bench-'))
  // BENCH_ENGINE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the engine under load.
  const nodeArgs = (process.env.BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...nodeArgs, join(repoRoot, 'bin', 'hookbench.js'), 'serve', '--json', '--port', '0', '--ingest-port', '0', '--data-dir', dataDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const line = await firstLine(child)
  return {
    child,
    info: JSON.parse(line),
    peakRssMiB: () => peakRssMiB(child.pid!),
    cpuMs: () => cpuTimeMs(child.pid!),
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Runs a node script (ESM source given as text) as a child that prints its URL on its first line. */
export async function startScriptProcess(source: string): Promise<{ child: ChildProcess; url: string; peakRssMiB(): number; cpuMs(): number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] })
  const url = (await firstLine(child)).trim()
  return {
    child,
    url,
    peakRssMiB: () => peakRssMiB(child.pid!),
    cpuMs: () => cpuTimeMs(child.pid!),
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    },
  }
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      if (out.includes('\n')) resolve(out.split('\n')[0]!)
    })
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before printing its URL (run npm run build?)`)))
  })
}

export function peakRssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1])
    return Math.round((kb / 1024) * 10) / 10
  } catch {
    return NaN
  }
}

let clockTicks: number | undefined
/** Kernel clock ticks per second (the unit of utime/stime in /proc/<pid>/stat), usually 100. */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      clockTicks = 100
    }
  }
  return clockTicks
}

/**
 * CPU time (user + system, all threads) a process has used so far, in ms, from /proc/<pid>/stat
 * (NaN elsewhere). Unlike wall-clock rates, CPU time per operation hardly moves when other
 * processes share the cores, so it is the steadier figure on a busy machine.
 */
export function cpuTimeMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after "(comm)": state is field 3, utime field 14, stime field 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond()
  } catch {
    return NaN
  }
}

/**
 * Starts counting the instructions a process retires (all its threads) with Linux `perf stat`;
 * `stop()` gives the count, or null when perf is missing or not permitted. Unlike time, the
 * count hardly moves when other processes share the cores: the figure to compare builds by.
 */
export async function startInstructionCount(pid: number): Promise<{ stop(): Promise<number | null> }> {
  let stderr = ''
  let failed = false
  const perf = spawn('perf', ['stat', '-x', ',', '-e', 'instructions', '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] })
  perf.on('error', () => (failed = true))
  perf.stderr!.on('data', (d) => (stderr += d))
  const exited = new Promise<void>((r) => perf.once('close', () => r()))
  // perf attaches asynchronously: give it a moment before the measured work starts.
  await new Promise((r) => setTimeout(r, 200))
  return {
    async stop() {
      if (failed || perf.exitCode !== null) return null
      perf.kill('SIGINT')
      await exited
      const line = stderr.split('\n').find((l) => l.includes(',instructions'))
      const count = line ? Number(line.split(',')[0]) : NaN
      return Number.isFinite(count) ? count : null
    },
  }
}

export interface LoadOptions {
  /** Origin, e.g. http://127.0.0.1:4320 */
  origin: string
  connections: number
  /** Stop after this many requests... */
  maxRequests: number
  /** ...or after this many seconds, whichever comes first. */
  maxSeconds: number
  /** Builds request i. */
  request: (i: number) => { method: 'POST' | 'GET' | 'PUT'; path: string; headers: Record<string, string>; body?: Buffer | string }
  /** Requests sent before measuring, to warm connections and JIT. */
  warmup?: number
  /** The server's CPU time so far, in ms (ChildServer.cpuMs): reported per request over the measured loop. */
  serverCpuMs?: () => number
  /** The server's pid: its instructions per request over the measured loop are counted with perf, where available. */
  serverPid?: number
}

export interface LoadResult {
  requests: number
  errors: number
  non2xx: number
  seconds: number
  rps: number
  p50: number
  p99: number
  /** CPU time of this (client) process during the measured loop, in ms, warmup excluded. */
  cpuMs: number
  /** The server's CPU time per request over the measured loop, in µs (NaN without serverCpuMs). */
  serverCpuUsPerRequest: number
  /** The server's instructions per request over the measured loop, in thousands (NaN without perf). */
  serverKInstrPerRequest: number
}

/**
 * Runs `op(0)`, `op(1)`… from `connections` concurrent loops, each starting its next op when the
 * last one settles, until `maxRequests` ops or `maxSeconds`; latencies come back sorted.
 */
export async function closedLoop(
  o: Pick<LoadOptions, 'connections' | 'maxRequests' | 'maxSeconds'>,
  op: (i: number) => Promise<unknown>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = []
  let next = 0
  const started = performance.now()
  const deadline = started + o.maxSeconds * 1000
  const loop = async () => {
    while (next < o.maxRequests && performance.now() < deadline) {
      const t0 = performance.now()
      await op(next++)
      latencies.push(performance.now() - t0)
    }
  }
  await Promise.all(Array.from({ length: o.connections }, loop))
  const seconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return { latencies, seconds }
}

/** A closed-loop load over HTTP: `connections` workers each send one request at a time until a limit. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const pool = new Pool(o.origin, { connections: o.connections, pipelining: 1, keepAliveTimeout: 10_000 })
  const send = async (i: number) => {
    const r = o.request(i)
    const res = await pool.request({ method: r.method, path: r.path, headers: r.headers, body: r.body })
    await res.body.dump()
    return res.statusCode
  }
  for (let i = 0; i < (o.warmup ?? 0); i++) await send(-1 - i).catch(() => 0)

  let errors = 0
  let non2xx = 0
  const instructions = o.serverPid ? await startInstructionCount(o.serverPid) : null
  const cpuBefore = process.cpuUsage()
  const serverCpuBefore = o.serverCpuMs?.() ?? NaN
  const { latencies, seconds } = await closedLoop(o, async (i) => {
    try {
      const status = await send(i)
      if (status < 200 || status >= 300) non2xx++
    } catch {
      errors++
    }
  })
  const cpu = process.cpuUsage(cpuBefore)
  const serverCpu = (o.serverCpuMs?.() ?? NaN) - serverCpuBefore
  const serverInstructions = (await instructions?.stop()) ?? NaN
  await pool.close()
  return {
    requests: latencies.length,
    errors,
    non2xx,
    seconds: round(seconds, 2),
    rps: round(latencies.length / seconds, 0),
    p50: round(percentile(latencies, 0.5), 2),
    p99: round(percentile(latencies, 0.99), 2),
    cpuMs: round((cpu.user + cpu.system) / 1000, 1),
    serverCpuUsPerRequest: round((serverCpu * 1000) / Math.max(1, latencies.length), 1),
    serverKInstrPerRequest: round(serverInstructions / 1000 / Math.max(1, latencies.length), 0),
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}

export const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits

/**
 * The load generator, the engine and any sink share this machine's cores, so while every core
 * is busy a target's rate is at most (cores ÷ the CPU all processes spend per operation),
 * however the engine spreads its work over threads; and its ratio to the baseline is at most
 * (baseline CPU per operation ÷ target CPU per operation). CPU per operation is steadier than a
 * rate on a shared machine, so this bound moves less than the measured ratio. A bound under the
 * aim means CPU per operation must fall; moving work to another thread cannot lift it.
 */
export function allCoresBound(target: { cpuUsPerOp: number }, baseline: { cpuUsPerOp: number }, spentBy: string): string {
  const cores = availableParallelism()
  return (
    `all cores busy (${spentBy}): ${round(target.cpuUsPerOp, 1)} µs CPU per operation vs the baseline's ${round(baseline.cpuUsPerOp, 1)} µs, ` +
    `so at most ${round((cores * 1e6) / target.cpuUsPerOp, 0)}/s on ${cores} cores and ratio ≤ ${round(baseline.cpuUsPerOp / target.cpuUsPerOp, 2)} at this cost`
  )
}

/** Prints a titled table of figures. */
export function report(title: string, rows: Array<Record<string, string | number>>): void {
  console.log(`\n## ${title}`)
  console.table(rows)
}

/** JSON call to a running engine's control API. */
export async function callApi<T = any>(info: ChildServer['info'], method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(info.api.replace(/\/api$/, '') + path, {
    method,
    headers: { authorization: `Bearer ${info.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}
