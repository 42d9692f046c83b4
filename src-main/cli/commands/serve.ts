import type { Command } from 'commander'
import type { Engine } from '../../engine'
import { createScaledClock } from '../../engine/clock'
import { HostUnavailableError } from '../../engine/api/listen'
import { EngineError, PortInUseError } from '../../engine/errors'
import { DEFAULT_INGEST_PORT, DEFAULT_PORT } from '../../engine/options'
import { parsePort, parsePositiveNumber } from '../options'
import { onStdoutClosed } from '../stdout'
import { builtUiDir } from '../ui-dir'

export interface ServeFlags {
  dataDir?: string
  port: number
  /** Undefined: the binding saved from Settings, else 4320. */
  ingestPort?: number
  host: string
  ingestHost?: string
  ingestTls?: boolean
  json?: boolean
  timeScale?: number
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the engine headless: the UI for a browser, the API and the inboxes')
    .option('--data-dir <dir>', 'data folder (default: $HOOKBENCH_DATA_DIR or the platform app-data folder)')
    .option('--port <n>', 'control plane port: UI + API (0 = any free port)', parsePort, DEFAULT_PORT)
    .option('--ingest-port <n>', `ingest plane port: the inboxes (0 = any free port; default ${DEFAULT_INGEST_PORT} or the one saved in Settings)`, parsePort)
    .option('--host <host>', 'control plane address (loopback only)', '127.0.0.1')
    .option('--ingest-host <host>', 'ingest plane address; a LAN address or 0.0.0.0 exposes the inboxes to other machines (default 127.0.0.1 or the one saved in Settings)')
    .option('--ingest-tls', 'serve the inboxes over HTTPS with a self-signed certificate kept in the data folder')
    .option('--time-scale <n>', 'run domain time N times faster (watch a retry schedule in seconds)', parsePositiveNumber)
    .option('--json', 'print one JSON line {ui, api, ingest, token, dataDir} and nothing else on stdout')
    .action(async (flags: ServeFlags) => {
      const engine = await startOrExplain(flags)
      if (!engine) return
      // Handlers first: a supervisor may signal as soon as it reads the printed URL.
      stopOnSignals(engine)
      printStarted(engine, flags)
    })
}

/** Starts the engine; on a known failure prints one line saying what to change and sets the exit code. */
export async function startOrExplain(flags: ServeFlags): Promise<Engine | null> {
  try {
    // Loaded on demand: `hookbench --help`, `sign` and `verify` need none of the engine.
    const { createEngine } = await import('../../engine')
    return await createEngine({
      dataDir: flags.dataDir,
      port: flags.port,
      ingestPort: flags.ingestPort,
      host: flags.host,
      ingestHost: flags.ingestHost,
      ingestTls: flags.ingestTls,
      uiDir: builtUiDir(),
      clock: flags.timeScale ? createScaledClock(flags.timeScale) : undefined,
    })
  } catch (err) {
    if (err instanceof PortInUseError) {
      const flag = err.plane === 'control' ? '--port' : '--ingest-port'
      process.stderr.write(`hookbench: port ${err.port} is already in use on ${err.host}; choose another with ${flag} <n> (or ${flag} 0 for any free port)\n`)
    } else if (err instanceof HostUnavailableError) {
      process.stderr.write(`hookbench: ${err.message} Change it with ${err.plane === 'control' ? '--host' : '--ingest-host'}.\n`)
    } else if (err instanceof EngineError) {
      process.stderr.write(`hookbench: ${err.message}\n`)
    } else {
      throw err
    }
    process.exitCode = 1
    return null
  }
}

function printStarted(engine: Engine, flags: ServeFlags): void {
  const ui = `${engine.urls.ui}?token=${engine.token}`
  if (flags.json) {
    process.stdout.write(JSON.stringify({ ui, api: engine.urls.api, ingest: engine.urls.ingest, token: engine.token, dataDir: engine.dataDir }) + '\n')
    return
  }
  const lines = [
    `Hookbench ${engine.ctx.version} is running.`,
    `  UI:      ${ui}`,
    `  API:     ${engine.urls.api}   (Authorization: Bearer ${engine.token})`,
    `  Inboxes: ${engine.urls.ingest}/<inbox-slug>`,
    `  Data:    ${engine.dataDir}`,
  ]
  const ingest = engine.services.ingest?.settings()
  if (ingest?.exposed) {
    lines.push(`  Warning: the inboxes listen on ${ingest.host}; anyone on the network who can reach it can post to them (the API stays on 127.0.0.1).`)
    for (const u of ingest.urls.filter((u) => u.scope === 'lan')) lines.push(`           ${u.url}/<inbox-slug>`)
  }
  if (ingest?.certificate) lines.push(`  TLS:     self-signed certificate, SHA-256 ${ingest.certificate.fingerprint256}`)
  lines.push('Press Ctrl-C to stop.')
  process.stdout.write(lines.join('\n') + '\n')
}

/** Ctrl-C, SIGTERM or a closed stdout: close both listeners and the database, then exit 0. */
export function stopOnSignals(engine: Engine, onStop?: () => void): void {
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    engine.ctx.log.info({ signal }, 'stopping')
    onStop?.()
    engine.close().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`hookbench: error while stopping: ${(err as Error).message}\n`)
        process.exit(1)
      },
    )
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
  // stdout closed before the start line could be written: nobody can read where the engine is.
  onStdoutClosed(() => stop('stdout closed'))
}
