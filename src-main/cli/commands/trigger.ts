import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import type { EventInput, FiredEvent } from '../../../src-shared/api/events'
import { addConnectionFlags, callEngine, CliFailure, resolveEngineConnection, type EngineConnectionFlags } from '../engine-connection'
import { collect } from '../options'

export interface TriggerFlags extends EngineConnectionFlags {
  data?: string
  webhook?: string[]
  profile?: string
  json?: boolean
}

/** `--data '{"a":1}'` or `--data @file.json` (`@-`: stdin). */
export function parseDataFlag(value: string, readStdin: () => string = () => readFileSync(0, 'utf8')): unknown {
  let text = value
  let where = '--data'
  if (value.startsWith('@')) {
    const file = value.slice(1)
    where = file === '-' ? 'stdin' : file
    try {
      text = file === '-' ? readStdin() : readFileSync(file, 'utf8')
    } catch (err) {
      throw new CliFailure(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}.`, 2)
    }
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new CliFailure(`${where} is not valid JSON (${(err as Error).message}): give a JSON object, e.g. --data '{"id":"con_1"}' or --data @data.json.`, 2)
  }
}

export function formatFired(fired: FiredEvent): string {
  const lines = [`Fired ${fired.event.type} ${fired.event.id} (profile ${fired.event.profileId})`]
  if (fired.deliveries.length === 0) lines.push('  no deliveries: no active webhook of this profile subscribes to this event type')
  for (const d of fired.deliveries) lines.push(`  ${d.id} → ${d.webhookId} ${d.status}${d.heldReason ? ` (${d.heldReason})` : ''}`)
  for (const w of fired.skipped ?? []) lines.push(`  not sent to ${w.webhookId} "${w.webhookName}": it is ${w.status} (resume or re-enable it to receive new events)`)
  for (const w of fired.event.warnings) lines.push(`  warning: ${w.message}`)
  return lines.join('\n') + '\n'
}

/** `hookbench trigger TYPE`: fires an event in a running engine, as a local app would through the API. */
export async function runTrigger(type: string, flags: TriggerFlags): Promise<FiredEvent> {
  const input: EventInput = { type }
  if (flags.data !== undefined) input.data = parseDataFlag(flags.data)
  if (flags.profile) input.profileId = flags.profile
  if (flags.webhook?.length) input.webhookIds = flags.webhook
  const conn = resolveEngineConnection(flags)
  try {
    return await callEngine<FiredEvent>(conn, 'POST', '/api/events', input)
  } catch (err) {
    throw err instanceof CliFailure ? inFlagTerms(err, flags) : err
  }
}

/** The flag of `hookbench trigger` that sets each field of POST /api/events, and the word the engine uses for it. */
const FLAGS: ReadonlyArray<{ field: string; flag: string; key: keyof TriggerFlags }> = [
  { field: '/profileId', flag: '--profile <id>', key: 'profile' },
  { field: '/webhookIds', flag: '--webhook <id>', key: 'webhook' },
  { field: '/data', flag: '--data <json|@file>', key: 'data' },
]

/**
 * The engine speaks of API fields ("give profileId"); say the flags instead. A refused field
 * whose flag was not given gets "Set it with --flag"; one that was given is the value to check.
 */
export function inFlagTerms(err: CliFailure, flags: TriggerFlags): CliFailure {
  let message = err.message
  // Only the camel-case names: "data" is also an English word in the engine's sentences. And only
  // a free-standing word: in a URL (?profileId=…) or a JSON key ("profileId":) it stays the API's.
  for (const { field, flag } of FLAGS) {
    if (/[A-Z]/.test(field)) message = message.replace(new RegExp(`(?<=^|[\\s(])${field.slice(1)}(?=$|[\\s.,;:)])`, 'g'), flag.split(' ')[0]!)
  }
  const named = err.field ? FLAGS.find((f) => err.field!.startsWith(f.field)) : undefined
  if (named) message += flags[named.key] === undefined ? ` Set it with ${named.flag}.` : ` Check ${named.flag.split(' ')[0]}.`
  return new CliFailure(message, err.exitCode, err.field)
}

export function registerTrigger(program: Command): void {
  addConnectionFlags(
    program
      .command('trigger')
      .description('fire an event in the running engine: one delivery per subscribed webhook (data generated from the schema unless given)')
      .argument('<type>', 'event type, e.g. contact.created')
      .option('--data <json|@file>', 'event data as JSON, or @file.json (@- reads stdin); generated from the schema when absent')
      .option('--webhook <id>', 'send only to this webhook (repeatable)', collect)
      .option('--profile <id>', 'the profile that fires it (needed when several profiles have this event type)')
      .option('--json', 'print the event and its deliveries as one JSON line'),
  ).action(async (type: string, flags: TriggerFlags) => {
    try {
      const fired = await runTrigger(type, flags)
      process.stdout.write(flags.json ? JSON.stringify(fired) + '\n' : formatFired(fired))
    } catch (err) {
      if (!(err instanceof CliFailure)) throw err
      process.stderr.write(`hookbench: ${err.message}\n`)
      process.exitCode = err.exitCode
    }
  })
}
