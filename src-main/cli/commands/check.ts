import type { Command } from 'commander'
import type { EndpointCheck, EndpointCheckInput } from '../../../src-shared/api/webhooks'
import { withoutCredentials } from '../../../src-shared/http-url'
import { addConnectionFlags, callEngine, CliFailure, resolveEngineConnection, type EngineConnectionFlags } from '../engine-connection'

export interface CheckFlags extends EngineConnectionFlags {
  type?: string
  json?: boolean
}

const MARK = { pass: 'PASS', fail: 'FAIL', inconclusive: '  ? ' } as const

/** The check as text: one block per probe (verdict, what was sent, the answer, what it shows, the fix). */
export function formatCheck(c: EndpointCheck): string {
  const inconclusive = c.probes.length - c.passed - c.failed
  const lines = [`Checked ${withoutCredentials(c.url)} with ${c.probes.length} ${c.eventType} probes: ${c.passed} passed, ${c.failed} failed${inconclusive ? `, ${inconclusive} inconclusive` : ''}`]
  // Before the verdicts: they describe that inbox's response rules, not the user's handler.
  if (c.inbox) lines.push(`Note: ${c.inbox.note}`)
  for (const p of c.probes) {
    const answer = p.status !== null ? String(p.status) : p.error ? p.error.code : 'no answer'
    lines.push('', `${MARK[p.verdict]}  ${p.title} (must be ${p.expect}; answered ${answer})`, `      ${p.finding}`)
    if (p.fix) lines.push(`      Fix: ${p.fix}`)
  }
  lines.push('', ...c.notes.map((n) => `Note: ${n}`))
  return lines.join('\n') + '\n'
}

/** `hookbench check WEBHOOK`: the endpoint check of a webhook, run by the running engine. */
export async function runCheck(webhookId: string, flags: CheckFlags): Promise<EndpointCheck> {
  const input: EndpointCheckInput = flags.type ? { type: flags.type } : {}
  const conn = resolveEngineConnection(flags)
  try {
    return await callEngine<EndpointCheck>(conn, 'POST', `/api/webhooks/${encodeURIComponent(webhookId)}/check`, input)
  } catch (err) {
    if (err instanceof CliFailure && err.field === '/type') throw new CliFailure(`${err.message} Set it with --type.`, err.exitCode, err.field)
    throw err
  }
}

export function registerCheck(program: Command): void {
  addConnectionFlags(
    program
      .command('check')
      .description(
        "probe how a webhook's endpoint verifies signatures: requests signed right and wrong, each answer judged; exit 1 when a probe fails (a check for CI)",
      )
      .argument('<webhook>', 'webhook id, e.g. wh_01…')
      .option('--type <event-type>', 'the event type the probes carry (default: the first the webhook subscribes to)')
      .option('--json', 'print the whole check as one JSON line'),
  ).action(async (webhookId: string, flags: CheckFlags) => {
    try {
      const check = await runCheck(webhookId, flags)
      process.stdout.write(flags.json ? JSON.stringify(check) + '\n' : formatCheck(check))
      process.exitCode = check.failed > 0 ? 1 : 0
    } catch (err) {
      if (!(err instanceof CliFailure)) throw err
      process.stderr.write(`hookbench: ${err.message}\n`)
      process.exitCode = err.exitCode
    }
  })
}
