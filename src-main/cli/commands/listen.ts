/**
 * `hookbench listen --forward-to URL`: the `stripe listen` / smee experience, offline. Prints
 * the inbox URL to give to the sender, then one line per request as it arrives, forwarding
 * each to the local app through the engine's replay (so every forward is recorded and shown
 * in the UI under its request). Uses the running engine, or starts one in this process.
 */
import type { Command } from 'commander'
import WebSocket from 'ws'
import type { Inbox, InboxList } from '../../../src-shared/api/inboxes'
import type { Replay } from '../../../src-shared/api/replay'
import type { RequestList, RequestListItem } from '../../../src-shared/api/requests'
import { forwardUrl, httpUrlProblem } from '../../../src-shared/http-url'
import type { LiveMessage } from '../../../src-shared/live'
import type { Engine } from '../../engine'
import { addConnectionFlags, callEngine, CliFailure, resolveEngineConnection, type EngineConnection, type EngineConnectionFlags } from '../engine-connection'
import { parsePort } from '../options'
import { addResignFlags, resignFromFlags, type ResignFlags } from '../resign-flags'
import { onStdoutClosed } from '../stdout'

export interface ListenFlags extends EngineConnectionFlags, ResignFlags {
  inbox?: string
  /** Ports of the engine listen starts when none is running (default 4310/4320, else free ones). */
  port?: number
  ingestPort?: number
  forwardTo: string
  json?: boolean
  insecure?: boolean
}

const DEFAULT_SLUG = 'listen'

/** The line printed for one forwarded request. */
export function formatListenLine(item: RequestListItem, replay: Replay | null, error?: string): string {
  const time = item.receivedAt.slice(11, 19)
  const event = item.eventType ?? '-'
  const outcome = error
    ? `forward failed: ${error}`
    : replay?.response
      ? `→ ${replay.response.status} in ${Math.round(replay.durationMs)} ms`
      : `→ ${replay?.error?.code ?? 'error'} (${replay?.error?.message ?? 'no answer'}) after ${Math.round(replay?.durationMs ?? 0)} ms`
  return `${time}  ${item.method.padEnd(6)} ${item.path}  ${event}  [${item.verdict}]  ${outcome}`
}

/** Finds the inbox by slug or id, creating it (by slug) when there is none. */
async function ensureInbox(conn: EngineConnection, wanted: string | undefined): Promise<Inbox> {
  const { items } = await callEngine<InboxList>(conn, 'GET', '/api/inboxes')
  const slug = wanted ?? DEFAULT_SLUG
  const found = items.find((i) => i.slug === slug || i.id === slug)
  if (found) return found
  return callEngine<Inbox>(conn, 'POST', '/api/inboxes', { name: `hookbench listen (${slug})`, slug })
}

export async function runListen(flags: ListenFlags, out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<{ stop: () => Promise<void>; inbox: Inbox }> {
  const problem = httpUrlProblem(flags.forwardTo)
  if (problem) throw new CliFailure(`--forward-to: ${problem}`, 2)
  const resign = resignFromFlags(flags)

  let conn: EngineConnection
  let ownEngine: Engine | null = null
  try {
    conn = resolveEngineConnection(flags)
  } catch (err) {
    // A usage mistake (half an --api/--token pair) is said, not replaced by an engine of our own.
    if (!(err instanceof CliFailure) || err.exitCode === 2 || flags.api) throw err
    // No engine running: start one here, on the usual ports when free.
    const { createEngine } = await import('../../engine')
    const { PortInUseError } = await import('../../engine/errors')
    const start = (port?: number, ingestPort?: number) => createEngine({ dataDir: flags.dataDir, port, ingestPort })
    const started = await start(flags.port, flags.ingestPort).catch((e) => (e instanceof PortInUseError ? start(0, flags.ingestPort) : Promise.reject(e)))
    ownEngine = started
    conn = { api: started.urls.api, token: started.token, source: 'started by listen' }
    process.stderr.write(`hookbench: no engine was running, so listen started one (${started.dataDir}); it stops with listen.\n`)
  }

  try {
    return await attach(conn, flags, resign, out, ownEngine)
  } catch (err) {
    await ownEngine?.close() // an engine listen started must not outlive it
    throw err
  }
}

/** Ensures the inbox, opens the live feed, then says Ready: nothing captured after that line is missed. */
async function attach(conn: EngineConnection, flags: ListenFlags, resign: ReturnType<typeof resignFromFlags>, out: (line: string) => void, ownEngine: Engine | null) {
  const inbox = await ensureInbox(conn, flags.inbox)

  // Forward one at a time, in arrival order, so the local app sees what the sender sent, in order.
  let chain = Promise.resolve()
  let lastSeen = '' // ids sort by capture time: what came in while the feed was down is after this
  const forward = (item: RequestListItem) => {
    if (item.id <= lastSeen) return
    lastSeen = item.id
    chain = chain.then(async () => {
      try {
        // The same URL the inbox forwarder builds: the path below the slug, then the raw query as received.
        const url = forwardUrl(flags.forwardTo, item.pathSuffix, item.query)
        const replay = await callEngine<Replay>(conn, 'POST', `/api/requests/${item.id}/replay`, { url, resign, insecureTls: flags.insecure })
        out(flags.json ? JSON.stringify({ request: item, forward: replay }) : formatListenLine(item, replay))
      } catch (err) {
        out(flags.json ? JSON.stringify({ request: item, error: (err as Error).message }) : formatListenLine(item, null, (err as Error).message))
      }
    })
  }
  /** After a reconnect: forward what was captured while the feed was down, oldest first. */
  const catchUp = async () => {
    if (!lastSeen) return
    const page = await callEngine<RequestList>(conn, 'GET', `/api/inboxes/${inbox.id}/requests?limit=500`).catch(() => null)
    for (const item of (page?.items ?? []).filter((i) => i.id > lastSeen).reverse()) forward(item)
  }

  const liveUrl = `${conn.api.replace(/^http/, 'ws')}/live`
  let ws: WebSocket | null = null
  let stopped = false
  let retry: NodeJS.Timeout | undefined
  const connect = (reconnect: boolean) => {
    ws = new WebSocket(liveUrl, { headers: { authorization: `Bearer ${conn.token}` } })
    ws.on('open', () => {
      if (reconnect) void catchUp()
    })
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as LiveMessage
      if (msg.type === 'event' && msg.topic === 'request.captured' && (msg.data as RequestListItem).inboxId === inbox.id) forward(msg.data as RequestListItem)
    })
    ws.on('close', () => {
      if (stopped) return
      process.stderr.write('hookbench: lost the engine’s live feed; reconnecting…\n')
      retry = setTimeout(() => connect(true), 1000)
    })
    ws.on('error', () => undefined) // 'close' follows and reconnects
  }
  connect(false)
  await new Promise<void>((resolve, reject) => {
    ws!.once('open', () => resolve())
    ws!.once('unexpected-response', (_req, res) => reject(new CliFailure(`The engine refused the live feed (HTTP ${res.statusCode}). Check --token.`)))
  })
  // Forward from here on: anything older was there before listen started.
  lastSeen = (await callEngine<RequestList>(conn, 'GET', `/api/inboxes/${inbox.id}/requests?limit=1`)).items[0]?.id ?? ''

  const lan = inbox.urls.filter((u) => u.kind === 'lan').map((u) => u.url)
  const resignedWith = resign ? (resign.profileId ?? resign.scheme ?? null) : null
  if (flags.json) {
    // Like `serve --json`: stdout carries JSON lines only, this one first, so `| jq` reads every line.
    out(JSON.stringify({ ready: true, inbox: { id: inbox.id, slug: inbox.slug, url: inbox.url, lanUrls: lan }, forwardTo: flags.forwardTo, resignedWith }))
  } else {
    out(`Ready! Send webhooks to ${inbox.url}${lan.length ? `  (also ${lan.join(', ')})` : ''}`)
    out(`Forwarding to ${flags.forwardTo}${resignedWith ? ` re-signed with ${resignedWith}` : ''}. Press Ctrl-C to stop.`)
  }

  return {
    inbox,
    async stop() {
      stopped = true
      clearTimeout(retry)
      ws?.close()
      await chain
      await ownEngine?.close()
    },
  }
}

export function registerListen(program: Command): void {
  addResignFlags(
    addConnectionFlags(
      program
        .command('listen')
        .description('print each request an inbox receives and forward it to a local app (like stripe listen), offline')
        .requiredOption('--forward-to <url>', 'where to forward, e.g. http://localhost:3000/webhooks (the path below the inbox slug is appended)')
        .option('--inbox <slug|id>', `the inbox to listen on; created when missing (default: "${DEFAULT_SLUG}")`)
        .option('--insecure', 'accept a self-signed certificate at --forward-to')
        .option('--port <n>', 'control port of the engine listen starts when none is running', parsePort)
        .option('--ingest-port <n>', 'inbox port of the engine listen starts when none is running', parsePort)
        .option(
          '--json',
          'JSON lines only on stdout: first {ready: true, inbox: {id, slug, url, lanUrls}, forwardTo, resignedWith}, then one per request, {request, forward} or {request, error}; notices go to stderr',
        ),
    ),
  ).action(async (flags: ListenFlags) => {
    // Handlers first: a supervisor may signal as soon as it reads the "Ready!" line.
    let session: Awaited<ReturnType<typeof runListen>> | null = null
    let stopping = false
    const stop = () => {
      if (stopping) return
      stopping = true
      // Before the session exists, runListen is still starting: its failure path closes what it opened.
      if (session) void session.stop().then(() => process.exit(0))
      else setTimeout(() => process.exit(0), 5000).unref()
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    onStdoutClosed(stop) // `listen | head -n 5`: stop as on Ctrl-C once the reader has gone
    try {
      session = await runListen(flags)
      if (stopping) await session.stop().then(() => process.exit(0))
    } catch (err) {
      if (!(err instanceof CliFailure)) throw err
      process.stderr.write(`hookbench: ${err.message}\n`)
      process.exitCode = err.exitCode
    }
  })
}
