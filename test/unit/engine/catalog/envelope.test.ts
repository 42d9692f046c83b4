import { describe, expect, it } from 'vitest'
import type { ProviderProfile } from '../../../../src-shared/catalog'
import {
  buildEventPayload,
  buildProfileHeaders,
  checkEnvelopeTemplate,
  envelopeDataPath,
  envelopePlaceholders,
  formatTimestamp,
  newEventId,
} from '../../../../src-main/engine/catalog/envelope'
import { getPresetProfile } from '../../../../src-main/engine/catalog/presets'

const T = Date.UTC(2024, 2, 15, 10, 30, 0, 123) // 2024-03-15T10:30:00.123Z
const at = (envelope: unknown) => ({ envelope }) as Pick<ProviderProfile, 'envelope'>

describe('buildEventPayload', () => {
  it('replaces whole-value placeholders by typed values and keeps key order and constants', () => {
    const body = buildEventPayload({
      profile: at({
        created: '{{timestamp.unix}}',
        created_ms: '{{timestamp.unix_ms}}',
        at: '{{timestamp.iso}}',
        at_ms: '{{timestamp.iso_ms}}',
        type: '{{event.type}}',
        id: '{{event.id}}',
        hook: '{{webhook.id}}',
        constant: { workspace: 'ws_1', live: false, n: 1, nothing: null, list: ['a', 2] },
        data: '{{data}}',
      }),
      eventType: 'deal.won',
      eventId: 'evt_1',
      timestamp: T,
      webhookId: 'wh_9',
      data: { amount: 10 },
    })
    expect(body).toEqual({
      created: 1710498600,
      created_ms: 1710498600123,
      at: '2024-03-15T10:30:00Z',
      at_ms: '2024-03-15T10:30:00.123Z',
      type: 'deal.won',
      id: 'evt_1',
      hook: 'wh_9',
      constant: { workspace: 'ws_1', live: false, n: 1, nothing: null, list: ['a', 2] },
      data: { amount: 10 },
    })
    expect(Object.keys(body as object)).toEqual(['created', 'created_ms', 'at', 'at_ms', 'type', 'id', 'hook', 'constant', 'data'])
    expect(typeof (body as Record<string, unknown>).created).toBe('number')
  })

  it('interpolates placeholders inside longer strings as text', () => {
    const body = buildEventPayload({
      profile: at({ ref: 'evt-{{event.id}}/{{event.type}}', hook: 'for {{webhook.id}}', data: '{{data}}' }),
      eventType: { name: 'a.b' },
      eventId: 'x1',
      timestamp: T,
      data: null,
    })
    expect(body).toEqual({ ref: 'evt-x1/a.b', hook: 'for ', data: null })
  })

  it('gives null for {{webhook.id}} without a webhook, and the bare data for "{{data}}"', () => {
    expect(buildEventPayload({ profile: at({ w: '{{webhook.id}}', data: '{{data}}' }), eventType: 'a', eventId: 'e', timestamp: T, data: 1 })).toEqual({ w: null, data: 1 })
    const data = { action: 'opened', number: 1 }
    expect(buildEventPayload({ profile: getPresetProfile('github')!, eventType: 'pull_request', eventId: 'e', timestamp: T, data })).toEqual(data)
  })

  it('nests data where the template says (Stripe data.object)', () => {
    const body = buildEventPayload({ profile: getPresetProfile('stripe')!, eventType: 'customer.created', eventId: 'evt_1', timestamp: T, data: { id: 'cus_1' } }) as Record<string, unknown>
    expect(body.data).toEqual({ object: { id: 'cus_1' } })
    expect(body.created).toBe(1710498600)
    expect(body.object).toBe('event')
    expect(JSON.stringify(body)).toBe(
      '{"id":"evt_1","object":"event","api_version":"2024-06-20","created":1710498600,"data":{"object":{"id":"cus_1"}},"livemode":false,"pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"type":"customer.created"}',
    )
  })

  it('refuses an unknown placeholder, naming the ones it knows', () => {
    expect(() => buildEventPayload({ profile: at({ x: '{{event.uuid}}', data: '{{data}}' }), eventType: 'a', eventId: 'e', timestamp: T, data: 1 })).toThrow(
      /Unknown placeholder "\{\{event.uuid\}\}".*\{\{event.id\}\}/,
    )
  })

  it('treats a "__proto__" key in a template as plain data', () => {
    const template = JSON.parse('{"__proto__": {"polluted": true}, "data": "{{data}}"}') as unknown
    const body = buildEventPayload({ profile: at(template), eventType: 'a', eventId: 'e', timestamp: T, data: 1 }) as Record<string, unknown>
    expect(Object.keys(body)).toEqual(['__proto__', 'data'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype)
    expect(JSON.stringify(body)).toBe('{"__proto__":{"polluted":true},"data":1}')
  })
})

describe('checkEnvelopeTemplate', () => {
  it('accepts every preset envelope and "{{data}}" alone', () => {
    expect(checkEnvelopeTemplate('{{data}}')).toEqual([])
    expect(checkEnvelopeTemplate({ a: { b: '{{data}}' }, t: '{{timestamp.unix}}' })).toEqual([])
  })

  it('says what to fix', () => {
    expect(checkEnvelopeTemplate({ event: '{{event.type}}' })).toEqual([
      'The envelope template has no "{{data}}": add it where the event data goes (e.g. "data": "{{data}}").',
    ])
    expect(checkEnvelopeTemplate({ a: '{{data}}', b: '{{data}}' })[0]).toMatch(/exactly once/)
    expect(checkEnvelopeTemplate({ a: 'x{{data}}' }).join(' ')).toMatch(/\/a: "\{\{data\}\}" must be the whole value/)
    expect(checkEnvelopeTemplate({ a: ['{{data}}'] }).join(' ')).toMatch(/cannot be inside an array/)
    expect(checkEnvelopeTemplate({ a: '{{evnt.id}}', data: '{{data}}' })).toEqual([
      expect.stringMatching(/^\/a: unknown placeholder "\{\{evnt.id\}\}"; use one of \{\{event.id\}\}/),
    ])
    expect(checkEnvelopeTemplate(['{{data}}'])[0]).toMatch(/must be a JSON object/)
    expect(checkEnvelopeTemplate('data')[0]).toMatch(/must be a JSON object/)
  })
})

describe('helpers', () => {
  it('formats timestamps', () => {
    expect(formatTimestamp(T, 'iso')).toBe('2024-03-15T10:30:00Z')
    expect(formatTimestamp(T, 'iso_ms')).toBe('2024-03-15T10:30:00.123Z')
    expect(formatTimestamp(T, 'unix')).toBe(1710498600)
    expect(formatTimestamp(T, 'unix_ms')).toBe(1710498600123)
  })

  it('finds the data path and the placeholders used', () => {
    expect(envelopeDataPath(getPresetProfile('stripe')!.envelope)).toEqual(['data', 'object'])
    expect(envelopeDataPath('{{data}}')).toEqual([])
    expect(envelopeDataPath(getPresetProfile('taskhub')!.envelope)).toEqual(['data'])
    expect(envelopePlaceholders(getPresetProfile('taskhub')!.envelope).sort()).toEqual(['{{data}}', '{{event.type}}', '{{timestamp.iso}}', '{{webhook.id}}'])
  })

  it('makes event ids in the profile style', () => {
    const a = newEventId(getPresetProfile('workestra')!)
    expect(a).toMatch(/^evt_[A-Za-z0-9]{24}$/)
    expect(newEventId(getPresetProfile('workestra')!)).not.toBe(a)
    expect(newEventId(getPresetProfile('standard-webhooks')!)).toMatch(/^msg_[A-Za-z0-9]{24}$/)
    expect(newEventId(getPresetProfile('github')!)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(newEventId(getPresetProfile('workestra')!, 'evt_test_')).toMatch(/^evt_test_[A-Za-z0-9]{24}$/)
  })

  it('builds the profile headers of each preset', () => {
    const h = (id: string) =>
      buildProfileHeaders({ profile: getPresetProfile(id)!, eventType: 'task.created', eventId: 'evt_1', attemptAt: T, webhookId: 'webhook_123' })
    expect(h('taskhub')).toEqual({ 'X-Webhook-ID': 'webhook_123', 'X-Webhook-Timestamp': '1710498600' })
    expect(h('connectgain')).toEqual({ 'X-Webhook-Event': 'task.created', 'X-Webhook-Timestamp': '2024-03-15T10:30:00Z' })
    expect(h('workflows')).toEqual({ 'X-WorkFlows-Event': 'task.created' })
    expect(h('workestra')).toEqual({})
    expect(h('github')).toEqual({
      'User-Agent': 'GitHub-Hookshot/044aadd',
      'X-GitHub-Event': 'task.created',
      'X-GitHub-Hook-ID': 'webhook_123',
      'X-GitHub-Delivery': 'evt_1',
      'X-GitHub-Hook-Installation-Target-Type': 'repository',
      'X-GitHub-Hook-Installation-Target-ID': '79929171',
    })
    expect(h('stripe')).toEqual({ 'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)', 'Content-Type': 'application/json; charset=utf-8' })
  })
})
