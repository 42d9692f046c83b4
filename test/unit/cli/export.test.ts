import { describe, expect, it } from 'vitest'
import { checkExportFilters, exportQuery, withExportFlag, type ExportFlags } from '../../../src-main/cli/commands/export'
import { CliFailure } from '../../../src-main/cli/engine-connection'

const base: ExportFlags = { format: 'ndjson' }

/** Every filter only one kind reads, as commander hands it over. */
const REQUESTS_ONLY: Array<[string, Partial<ExportFlags>]> = [
  ['--inbox', { inbox: 'inb_1' }],
  ['--method', { method: ['POST'] }],
  ['--verdict', { verdict: ['invalid'] }],
  ['--status', { status: ['5xx'] }],
  ['--from', { from: '2026-01-01T00:00:00Z' }],
  ['--to', { to: '2026-01-02T00:00:00Z' }],
  ['--search', { search: 'charge' }],
]
const DELIVERIES_ONLY: Array<[string, Partial<ExportFlags>]> = [
  ['--webhook', { webhook: 'wh_1' }],
  ['--delivery-status', { deliveryStatus: 'failed' }],
  ['--profile', { profile: 'stripe' }],
]

const refusal = (run: () => void): CliFailure => {
  try {
    run()
  } catch (err) {
    expect(err).toBeInstanceOf(CliFailure)
    return err as CliFailure
  }
  return expect.unreachable('no refusal') as never
}

describe('export filters', () => {
  it.each(REQUESTS_ONLY)('refuses %s for export deliveries as a usage error', (flag, flags) => {
    const err = refusal(() => checkExportFilters('deliveries', { ...base, ...flags }))
    expect(err.exitCode).toBe(2)
    expect(err.message).toBe(`${flag} applies to "export requests" only; "export deliveries" filters with --webhook, --delivery-status, --event-type, --profile.`)
  })

  it.each(DELIVERIES_ONLY)('refuses %s for export requests as a usage error', (flag, flags) => {
    const err = refusal(() => checkExportFilters('requests', { ...base, ...flags }))
    expect(err.exitCode).toBe(2)
    expect(err.message).toBe(`${flag} applies to "export deliveries" only; "export requests" filters with --inbox, --method, --verdict, --event-type, --status, --from, --to, --search.`)
  })

  it('takes --event-type for both, repeated for requests only (deliveries filter on one)', () => {
    expect(() => checkExportFilters('requests', { ...base, eventType: ['a', 'b'] })).not.toThrow()
    expect(() => checkExportFilters('deliveries', { ...base, eventType: ['a'] })).not.toThrow()
    expect(refusal(() => checkExportFilters('deliveries', { ...base, eventType: ['a', 'b'] })).message).toBe(
      '--event-type is repeatable for "export requests" only; "export deliveries" takes one event type.',
    )
  })

  it('sends each kind its own filters under the engine’s query names', () => {
    const requests = Object.assign({}, base, ...REQUESTS_ONLY.map(([, f]) => f), { eventType: ['a', 'b'], method: ['POST', 'PUT'] }) as ExportFlags
    expect(exportQuery('requests', requests).toString()).toBe(
      'format=ndjson&inboxId=inb_1&method=POST&method=PUT&verdict=invalid&eventType=a&eventType=b&status=5xx&from=2026-01-01T00%3A00%3A00Z&to=2026-01-02T00%3A00%3A00Z&q=charge',
    )
    const deliveries = Object.assign({}, base, ...DELIVERIES_ONLY.map(([, f]) => f), { eventType: ['a'] }) as ExportFlags
    expect(exportQuery('deliveries', deliveries).toString()).toBe('format=ndjson&webhookId=wh_1&status=failed&eventType=a&profileId=stripe')
  })
})

describe('engine errors about a filter name the flag', () => {
  const engineError = (message: string, field?: string) => new CliFailure(`${message}${field ? ` [${field}]` : ''} (HB_ERR_VALIDATION)`, 2, field)

  it('says the flag where the engine names the query parameter, per export kind', () => {
    const status = 'query parameter "status" must be one of: pending, succeeded, failed, held'
    expect(withExportFlag('deliveries', engineError(status, '/status')).message).toBe('--delivery-status must be one of: pending, succeeded, failed, held (HB_ERR_VALIDATION)')
    expect(withExportFlag('requests', engineError('query parameter "status" (value 1) must NOT have fewer than 1 characters', '/status/0')).message).toBe(
      '--status must NOT have fewer than 1 characters (HB_ERR_VALIDATION)',
    )
    expect(withExportFlag('requests', engineError('query parameter "q" must NOT have fewer than 1 characters', '/q')).message).toBe('--search must NOT have fewer than 1 characters (HB_ERR_VALIDATION)')
  })

  it('adds the flag when the message names no field, and leaves other errors as they are', () => {
    const err = withExportFlag('deliveries', engineError('No such webhook.', '/webhookId'))
    expect(err.message).toBe('No such webhook. [/webhookId] (HB_ERR_VALIDATION) Set it with --webhook.')
    expect(err.exitCode).toBe(2)
    const other = engineError('Something else.')
    expect(withExportFlag('requests', other)).toBe(other)
    const token = engineError('query parameter "token" is odd', '/token')
    expect(withExportFlag('requests', token)).toBe(token) // not --to: a field matches whole segments
  })
})
