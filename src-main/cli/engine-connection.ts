/**
 * How CLI commands find a running engine: the API URL from `--api`, else `HOOKBENCH_API`, and
 * the token from `--token`, else `HOOKBENCH_TOKEN` (`--token` combines with HOOKBENCH_API; a
 * URL typed as `--api` is never sent the environment's token; a flag wins over its variable); with neither URL nor token, the data folder's
 * record of the running engine (`engine.json`, written by `hookbench serve` and the desktop
 * app) and its `token` file. Shared by `trigger`, `listen`, `replay`, `export` and `import`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import type { Inbox, InboxList } from '../../src-shared/api/inboxes'
import { resolveDataDir } from '../engine/options'
import { isAlive, readRuntimeRecord, RUNTIME_FILE } from '../engine/runtime-record'
import { TOKEN_FILE } from '../engine/token'

export interface EngineConnectionFlags {
  api?: string
  token?: string
  dataDir?: string
}

export interface EngineConnection {
  /** Base of the API, e.g. http://127.0.0.1:4310/api */
  api: string
  token: string
  /** Where the connection came from, for messages. */
  source: string
}

/** A failure to print as one line; `exitCode` 1 (failure) or 2 (usage). */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
    /** The API field the engine named (a JSON pointer), for a command to say which flag sets it. */
    readonly field?: string,
  ) {
    super(message)
    this.name = 'CliFailure'
  }
}

/** Adds --api, --token and --data-dir to a command. */
export function addConnectionFlags(command: Command): Command {
  return command
    .option('--api <url>', 'API URL of the running engine, e.g. http://127.0.0.1:4310/api (default: $HOOKBENCH_API, else the data folder)')
    .option('--token <token>', 'bearer token of the engine (default: $HOOKBENCH_TOKEN, else the data folder)')
    .option('--data-dir <dir>', 'data folder of the running engine (default: $HOOKBENCH_DATA_DIR or the platform app-data folder)')
}

function normaliseApi(url: string, where: string): string {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new CliFailure(`${where} "${url}" is not a URL: give the engine's API URL, e.g. http://127.0.0.1:4310/api`, 2)
  }
  const path = u.pathname.replace(/\/+$/, '')
  return `${u.origin}${path.endsWith('/api') ? path : `${path}/api`}`
}

/** Finds the engine to talk to, or throws a CliFailure saying how to start or name one. */
export function resolveEngineConnection(flags: EngineConnectionFlags, env: NodeJS.ProcessEnv = process.env): EngineConnection {
  // Each value on its own: `--token T` with HOOKBENCH_API set (or `--api` with HOOKBENCH_TOKEN) is a pair.
  const api = flags.api ? { value: flags.api, from: '--api' } : env.HOOKBENCH_API ? { value: env.HOOKBENCH_API, from: 'HOOKBENCH_API' } : null
  const token = flags.token ? { value: flags.token, from: '--token' } : env.HOOKBENCH_TOKEN ? { value: env.HOOKBENCH_TOKEN, from: 'HOOKBENCH_TOKEN' } : null
  if (api || token) {
    const neither = ' (or neither, to use the running engine of the data folder)'
    // The environment's token never goes to a URL typed on the command line (a typo, another host).
    if (api?.from === '--api' && token?.from === 'HOOKBENCH_TOKEN') {
      throw new CliFailure(`--api names an engine: give its --token too; the token in HOOKBENCH_TOKEN is only sent to HOOKBENCH_API${neither}.`, 2)
    }
    if (!token) throw new CliFailure(`${api!.from} names an engine but no token was given: add --token <token>${api!.from === '--api' ? '' : ' or set HOOKBENCH_TOKEN'}${neither}.`, 2)
    if (!api) throw new CliFailure(`${token.from} gives a token but no engine: add --api <url> or set HOOKBENCH_API${neither}.`, 2)
    return { api: normaliseApi(api.value, api.from), token: token.value, source: api.from }
  }
  const dataDir = resolveDataDir(flags.dataDir, env)
  const record = readRuntimeRecord(dataDir)
  const start = `Start one with \`hookbench serve${flags.dataDir ? ` --data-dir ${flags.dataDir}` : ''}\` (or the desktop app), or pass --api <url> --token <token>.`
  if (!record) throw new CliFailure(`No running Hookbench engine found: ${join(dataDir, RUNTIME_FILE)} does not exist. ${start}`)
  if (!isAlive(record.pid)) throw new CliFailure(`No running Hookbench engine found: the engine recorded in ${join(dataDir, RUNTIME_FILE)} (pid ${record.pid}) is no longer running. ${start}`)
  const tokenFile = join(dataDir, TOKEN_FILE)
  if (!existsSync(tokenFile)) throw new CliFailure(`The engine of ${dataDir} has no token file (${tokenFile}); pass --token <token>.`)
  return { api: normaliseApi(record.urls.api, RUNTIME_FILE), token: readFileSync(tokenFile, 'utf8').trim(), source: dataDir }
}

/** A body sent as is (e.g. a file to import), with its content type. */
export interface RawBody {
  data: NonNullable<RequestInit['body']>
  contentType: string
}

/**
 * Sends one request to the engine and returns its 2xx response unread (`export` streams it).
 * The one place engine failures are worded: an unreachable engine says how to start it, and an
 * error answer becomes the engine's fix-it message (see `engineFailure`).
 */
export async function requestEngine(conn: EngineConnection, method: string, path: string, body?: RawBody): Promise<Response> {
  const url = conn.api.replace(/\/api$/, '') + path
  let res: Response
  try {
    res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${conn.token}`, ...(body ? { 'content-type': body.contentType } : {}) },
      body: body?.data,
    })
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code
    throw new CliFailure(
      `Cannot reach the Hookbench engine at ${conn.api}${cause ? ` (${cause})` : ''}: is it running? Start it with \`hookbench serve\`, or check --api / HOOKBENCH_API.`,
    )
  }
  if (!res.ok) throw engineFailure(conn, res.status, await res.text().catch(() => ''))
  return res
}

/**
 * The CliFailure for an engine's non-2xx answer: its `{error, message, field}` as
 * "message [field] (error)", or the bare status when the answer is not JSON. A 401 says which
 * flag names the token; a 400 is the caller's input, so a usage error (exit 2).
 */
function engineFailure(conn: EngineConnection, status: number, text: string): CliFailure {
  const e = (parseJson(text) ?? {}) as { error?: string; message?: string; field?: string }
  if (status === 401) return new CliFailure(`The engine at ${conn.api} refused the token (${e.message ?? 'unauthorized'}). Check --token / HOOKBENCH_TOKEN.`)
  return new CliFailure(`${e.message ?? `HTTP ${status}`}${e.field ? ` [${e.field}]` : ''}${e.error ? ` (${e.error})` : ''}`, status === 400 ? 2 : 1, e.field)
}

/** Reads a 2xx answer as JSON (an empty one as undefined); anything else is a CliFailure, not a SyntaxError. */
export async function readEngineJson<T>(conn: EngineConnection, res: Response): Promise<T> {
  const text = await res.text()
  if (!text) return undefined as T
  const json = parseJson(text)
  if (json === undefined) {
    throw new CliFailure(`The engine at ${conn.api} answered HTTP ${res.status} with something other than JSON: check that --api / HOOKBENCH_API is the engine's API URL.`)
  }
  return json as T
}

const parseJson = (text: string): unknown => {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined
  } catch {
    return undefined
  }
}

/** One JSON call to the engine; API errors become CliFailures carrying the engine's fix-it message. */
export async function callEngine<T>(conn: EngineConnection, method: string, path: string, body?: unknown): Promise<T> {
  const res = await requestEngine(conn, method, path, body === undefined ? undefined : { data: JSON.stringify(body), contentType: 'application/json' })
  return readEngineJson<T>(conn, res)
}

/** Resolves an inbox given by slug or id. */
export async function findInbox(conn: EngineConnection, slugOrId: string): Promise<Inbox> {
  const { items } = await callEngine<InboxList>(conn, 'GET', '/api/inboxes')
  const inbox = items.find((i) => i.slug === slugOrId || i.id === slugOrId)
  if (!inbox) throw new CliFailure(`No inbox "${slugOrId}": give a slug or id from the Inboxes screen (${items.map((i) => i.slug).join(', ') || 'none yet'}).`, 2)
  return inbox
}
