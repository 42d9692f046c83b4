import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { InvalidArgumentError, type Command } from 'commander'
import { EXPORT_FORMATS, type ExportFormat } from '../../../src-shared/api/export'
import { addConnectionFlags, CliFailure, requestEngine, resolveEngineConnection, type EngineConnectionFlags } from '../engine-connection'
import { collect } from '../options'

export interface ExportFlags extends EngineConnectionFlags {
  format: ExportFormat
  out?: string
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

/** The export URL's query: the same filters as the screens. */
export function exportQuery(kind: 'requests' | 'deliveries', f: ExportFlags): URLSearchParams {
  const q = new URLSearchParams({ format: f.format })
  const add = (name: string, values: string | string[] | undefined) => {
    for (const v of ([] as string[]).concat(values ?? [])) q.append(name, v)
  }
  if (kind === 'requests') {
    add('inboxId', f.inbox)
    add('method', f.method)
    add('verdict', f.verdict)
    add('eventType', f.eventType)
    add('status', f.status)
    add('from', f.from)
    add('to', f.to)
    add('q', f.search)
  } else {
    add('webhookId', f.webhook)
    add('status', f.deliveryStatus)
    add('eventType', f.eventType?.[0])
    add('profileId', f.profile)
  }
  return q
}

/** Streams an export from the running engine to a file or stdout, at flat memory. */
export async function runExport(kind: string, flags: ExportFlags): Promise<void> {
  if (kind !== 'requests' && kind !== 'deliveries') throw new CliFailure(`Export "requests" or "deliveries", not "${kind}".`, 2)
  const conn = resolveEngineConnection(flags)
  const res = await requestEngine(conn, 'GET', `/api/export/${kind}?${exportQuery(kind, flags)}`)
  if (!res.body) throw new CliFailure(`The engine at ${conn.api} sent an empty export (HTTP ${res.status}).`)
  const source = Readable.fromWeb(res.body as unknown as WebReadableStream)
  await pipeline(source, flags.out ? createWriteStream(flags.out) : process.stdout)
  if (flags.out) process.stderr.write(`hookbench: wrote ${kind} as ${flags.format} to ${flags.out}\n`)
}

export function registerExport(program: Command): void {
  addConnectionFlags(
    program
      .command('export')
      .description('export captured requests or deliveries (with all attempts) from the running engine, streamed')
      .argument('<what>', 'requests | deliveries')
      .option('--format <format>', `${EXPORT_FORMATS.join(' | ')}`, parseFormat, 'ndjson' as ExportFormat)
      .option('-o, --out <file>', 'write to this file (default: stdout)')
      .option('--inbox <id>', 'requests: one inbox (default: all)')
      .option('--method <m>', 'requests: HTTP method (repeatable)', collect)
      .option('--verdict <v>', 'requests: signature verdict, e.g. invalid (repeatable)', collect)
      .option('--event-type <t>', 'event type (repeatable for requests)', collect)
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
