import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { InvalidArgumentError, type Command } from 'commander'
import { queryParameterPhrase } from '../../../src-shared/api/errors'
import { EXPORT_FORMATS, type ExportFormat } from '../../../src-shared/api/export'
import { addConnectionFlags, CliFailure, findInbox, requestEngine, resolveEngineConnection, type EngineConnectionFlags } from '../engine-connection'
import { collect } from '../options'
import { isClosedPipe } from '../stdout'

export interface ExportFlags extends EngineConnectionFlags {
  format: ExportFormat
  out?: string
  redact?: boolean
  inbox?: string
  method?: string[]
  verdict?: string[]
  eventType?: string[]
  status?: string[]
  from?: string
  to?: string
  search?: string
  webhook?: string
  deliveryStatus?: string
  profile?: string
}

const parseFormat = (value: string): ExportFormat => {
  if (!(EXPORT_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`"${value}" is not a format: use ${EXPORT_FORMATS.join(', ')}.`)
  return value as ExportFormat
}

type ExportKind = 'requests' | 'deliveries'

/** The filters of one export kind: each flag, its ExportFlags key and the query field the engine names in errors. */
const FILTERS: Record<ExportKind, ReadonlyArray<{ flag: string; key: keyof ExportFlags; field: string }>> = {
  requests: [
    { flag: '--inbox', key: 'inbox', field: '/inboxId' },
    { flag: '--method', key: 'method', field: '/method' },
    { flag: '--verdict', key: 'verdict', field: '/verdict' },
    { flag: '--event-type', key: 'eventType', field: '/eventType' },
    { flag: '--status', key: 'status', field: '/status' },
    { flag: '--from', key: 'from', field: '/from' },
    { flag: '--to', key: 'to', field: '/to' },
    { flag: '--search', key: 'search', field: '/q' },
  ],
  deliveries: [
    { flag: '--webhook', key: 'webhook', field: '/webhookId' },
    { flag: '--delivery-status', key: 'deliveryStatus', field: '/status' },
    { flag: '--event-type', key: 'eventType', field: '/eventType' },
    { flag: '--profile', key: 'profile', field: '/profileId' },
  ],
}

/** The export URL's query: the same filters as the screens (the field without its "/" is the query name). */
export function exportQuery(kind: ExportKind, f: ExportFlags): URLSearchParams {
  const q = new URLSearchParams({ format: f.format })
  if (f.redact) q.set('redact', 'true')
  for (const { key, field } of FILTERS[kind]) {
    for (const v of ([] as unknown[]).concat(f[key] ?? [])) q.append(field.slice(1), String(v))
  }
  return q
}

/** Refuses a filter of the other kind, which the export would otherwise drop (exporting everything). */
export function checkExportFilters(kind: ExportKind, f: ExportFlags): void {
  const other: ExportKind = kind === 'requests' ? 'deliveries' : 'requests'
  const own = FILTERS[kind].map((x) => x.flag)
  for (const { flag, key } of FILTERS[other]) {
    if (f[key] === undefined || own.includes(flag)) continue
    throw new CliFailure(`${flag} applies to "export ${other}" only; "export ${kind}" filters with ${own.join(', ')}.`, 2)
  }
  if (kind === 'deliveries' && (f.eventType?.length ?? 0) > 1) {
    throw new CliFailure('--event-type is repeatable for "export requests" only; "export deliveries" takes one event type.', 2)
  }
}

/**
 * The engine names a query field (`/status`) and words it as 'query parameter "status" …': say
 * the flag of this command instead, as `trigger` does for its body fields.
 */
export function withExportFlag(kind: ExportKind, err: CliFailure): CliFailure {
  const field = err.field
  const filter = field ? FILTERS[kind].find((x) => field === x.field || field.startsWith(`${x.field}/`)) : undefined
  if (!field || !filter) return err
  const named = queryParameterPhrase(field)
  const message = err.message.includes(named)
    ? err.message.replace(named, filter.flag).replace(` [${field}]`, '')
    : `${err.message} Set it with ${filter.flag}.`
  return new CliFailure(message, err.exitCode, field)
}

/** Streams an export from the running engine to a file or stdout, at flat memory. */
export async function runExport(kind: string, flags: ExportFlags): Promise<void> {
  if (kind !== 'requests' && kind !== 'deliveries') throw new CliFailure(`Export "requests" or "deliveries", not "${kind}".`, 2)
  checkExportFilters(kind, flags)
  const conn = resolveEngineConnection(flags)
  // --inbox takes a slug or an id, as import and listen do; the engine filters by id.
  const query = flags.inbox ? exportQuery(kind, { ...flags, inbox: (await findInbox(conn, flags.inbox)).id }) : exportQuery(kind, flags)
  let res: Response
  try {
    res = await requestEngine(conn, 'GET', `/api/export/${kind}?${query}`)
  } catch (err) {
    throw err instanceof CliFailure ? withExportFlag(kind, err) : err
  }
  if (!res.body) throw new CliFailure(`The engine at ${conn.api} sent an empty export (HTTP ${res.status}).`)
  const source = Readable.fromWeb(res.body as unknown as WebReadableStream)
  try {
    await pipeline(source, flags.out ? createWriteStream(flags.out) : process.stdout)
  } catch (err) {
    // `| head`: the reader has what it wanted; pipeline has already stopped the download.
    if (!flags.out && isClosedPipe(err)) return
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : code === 'ENOTDIR' ? 'a part of the path is not a folder' : null
    if (flags.out && why) throw new CliFailure(`Cannot write ${flags.out}: ${why}. Give -o a file in a folder that exists.`, 2)
    throw err
  }
  if (flags.out) process.stderr.write(`hookbench: wrote ${kind} as ${flags.format} to ${flags.out}\n`)
}

export function registerExport(program: Command): void {
  addConnectionFlags(
    program
      .command('export')
      .description('export captured requests or deliveries (with all attempts) from the running engine, streamed; a filter of the other kind is refused')
      .argument('<what>', 'requests | deliveries')
      .option('--format <format>', `${EXPORT_FORMATS.join(' | ')}`, parseFormat, 'ndjson' as ExportFormat)
      .option('-o, --out <file>', 'write to this file (default: stdout)')
      .option('--redact', 'hide the values of credential headers (Authorization, Cookie, API keys), of credential query parameters (api_key, token…) and URL passwords, for a log to share')
      .option('--inbox <slug|id>', 'requests: one inbox (default: all)')
      .option('--method <m>', 'requests: HTTP method (repeatable)', collect)
      .option('--verdict <v>', 'requests: signature verdict, e.g. invalid (repeatable)', collect)
      .option('--event-type <t>', 'both: event type (repeatable for requests, one for deliveries)', collect)
      .option('--status <s>', 'requests: response status sent, e.g. 200, 5xx, hang (repeatable)', collect)
      .option('--from <iso>', 'requests: received at or after')
      .option('--to <iso>', 'requests: received before')
      .option('--search <text>', 'requests: full-text search over path, headers and body')
      .option('--webhook <id>', 'deliveries: one webhook')
      .option('--delivery-status <s>', 'deliveries: pending | succeeded | failed | held')
      .option('--profile <id>', 'deliveries: one provider profile'),
  ).action(async (what: string, flags: ExportFlags) => {
    try {
      await runExport(what, flags)
    } catch (err) {
      if (!(err instanceof CliFailure)) throw err
      process.stderr.write(`hookbench: ${err.message}\n`)
      process.exitCode = err.exitCode
    }
  })
}
