import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import type { ImportResult } from '../../../src-shared/api/export'
import type { Replay } from '../../../src-shared/api/replay'
import { addConnectionFlags, callEngine, CliFailure, findInbox, readEngineJson, requestEngine, resolveEngineConnection, type EngineConnectionFlags } from '../engine-connection'
import { addResignFlags, resignFromFlags, resignSignsTimestamp, type ResignFlags } from '../resign-flags'

export interface ReplayFlags extends EngineConnectionFlags, ResignFlags {
  to: string
  newEventId?: boolean
  insecure?: boolean
  json?: boolean
  fail?: boolean
}

/** `signsTimestamp`: the re-signing scheme signs a timestamp (Workestra's, TaskHub's do not: no fresh one to speak of). */
export function formatReplay(r: Replay, signsTimestamp = false): string {
  const lines = [`Replayed ${r.sourceId} → ${r.request.url} (${r.id})`]
  if (r.response) lines.push(`  ${r.response.status} in ${Math.round(r.durationMs)} ms${r.response.size ? `, ${r.response.size} bytes` : ''}`)
  else lines.push(`  ${r.error?.code}: ${r.error?.message}`)
  if (r.resigned) lines.push(signsTimestamp ? '  re-signed with a fresh timestamp' : '  re-signed')
  if (r.eventId) lines.push(`  event id ${r.eventId}`)
  for (const w of r.warnings) lines.push(`  warning: ${w}`)
  return lines.join('\n') + '\n'
}

export function registerReplay(program: Command): void {
  addResignFlags(
    addConnectionFlags(
      program
        .command('replay')
        .description('replay a captured request to any URL, byte for byte (optionally re-signed, with a fresh timestamp where the scheme signs one)')
        .argument('<request-id>', 'id of a captured request (req_…)')
        .requiredOption('--to <url>', 'target URL, e.g. http://localhost:3000/webhooks')
        .option('--new-event-id', 'issue a new event id in the same style instead of the original')
        .option('--insecure', 'accept a self-signed certificate at the target')
        .option('--fail', 'exit 1 when the target answers outside 2xx too (always: when it cannot be reached), like curl --fail')
        .option('--json', 'print the replay as one JSON line'),
    ),
  ).action(async (id: string, flags: ReplayFlags) => {
    try {
      const conn = resolveEngineConnection(flags)
      const resign = resignFromFlags(flags)
      const replay = await callEngine<Replay>(conn, 'POST', `/api/requests/${encodeURIComponent(id)}/replay`, {
        url: flags.to,
        resign,
        eventId: flags.newEventId ? 'new' : 'keep',
        insecureTls: flags.insecure,
      })
      if (flags.json) process.stdout.write(JSON.stringify(replay) + '\n')
      else process.stdout.write(formatReplay(replay, replay.resigned && resign !== undefined && (await resignSignsTimestamp(conn, resign))))
      const answered2xx = replay.response !== null && replay.response.status >= 200 && replay.response.status < 300
      if (!replay.response || (flags.fail && !answered2xx)) process.exitCode = 1
    } catch (err) {
      if (!(err instanceof CliFailure)) throw err
      process.stderr.write(`hookbench: ${err.message}\n`)
      process.exitCode = err.exitCode
    }
  })
}

export function registerImport(program: Command): void {
  addConnectionFlags(
    program
      .command('import')
      .description('import a HAR 1.2 file or a Hookbench requests export (ndjson or json) into an inbox (all requests or none)')
      .argument('<file>', 'the file to import (- reads stdin)')
      .requiredOption('--inbox <slug|id>', 'the inbox to import into'),
  ).action(async (file: string, flags: EngineConnectionFlags & { inbox: string }) => {
    try {
      let bytes: Buffer
      try {
        bytes = readFileSync(file === '-' ? 0 : file)
      } catch (err) {
        throw new CliFailure(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}.`, 2)
      }
      const conn = resolveEngineConnection(flags)
      const inbox = await findInbox(conn, flags.inbox)
      const path = `/api/inboxes/${encodeURIComponent(inbox.id)}/import`
      const result = await readEngineJson<ImportResult>(conn, await requestEngine(conn, 'POST', path, { data: bytes, contentType: 'application/octet-stream' }))
      process.stdout.write(`Imported ${result.imported} requests (${result.format}) into ${inbox.slug}: ${inbox.url}\n`)
    } catch (err) {
      if (!(err instanceof CliFailure)) throw err
      process.stderr.write(`hookbench: ${err.message}\n`)
      process.exitCode = err.exitCode
    }
  })
}
