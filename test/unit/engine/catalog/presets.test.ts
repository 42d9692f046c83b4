import { describe, expect, it } from 'vitest'
import { PRESET_PROFILE_IDS } from '../../../../src-shared/catalog'
import {
  getPresetEventType,
  getPresetProfile,
  listPresetEventTypes,
  listPresetProfiles,
} from '../../../../src-main/engine/catalog/presets'

const names = (id: string): string[] => listPresetEventTypes(id).map((e) => e.name)
const byCategory = (id: string): Record<string, string[]> => {
  const out: Record<string, string[]> = {}
  for (const e of listPresetEventTypes(id)) (out[e.category] ??= []).push(e.name)
  return out
}
const descriptions = (id: string): Record<string, string> =>
  Object.fromEntries(listPresetEventTypes(id).map((e) => [e.name, e.description]))

describe('preset lookup', () => {
  it('lists the seven presets in the documented order, all built in', () => {
    const profiles = listPresetProfiles()
    expect(profiles.map((p) => p.id)).toEqual(['workestra', 'connectgain', 'workflows', 'taskhub', 'standard-webhooks', 'stripe', 'github'])
    expect(profiles.every((p) => p.builtIn)).toBe(true)
    expect(PRESET_PROFILE_IDS).toEqual(profiles.map((p) => p.id))
  })

  it('hands out copies, so a caller cannot edit a built-in preset', () => {
    const p = getPresetProfile('taskhub')!
    p.retrySchedule.push(1)
    p.name = 'changed'
    listPresetEventTypes('taskhub')[0]!.example = 'changed'
    expect(getPresetProfile('taskhub')!.retrySchedule).toEqual([60, 300, 1800])
    expect(getPresetProfile('taskhub')!.name).toBe('TaskHub')
    expect(listPresetEventTypes('taskhub')[0]!.example).not.toBe('changed')
  })

  it('answers undefined / [] for an unknown profile or event', () => {
    expect(getPresetProfile('nope')).toBeUndefined()
    expect(getPresetProfile('__proto__')).toBeUndefined()
    expect(listPresetEventTypes('nope')).toEqual([])
    expect(getPresetEventType('workestra', 'nope.nope')).toBeUndefined()
    expect(getPresetEventType('workestra', 'deal.won')?.description).toBe('Deal closed won')
  })
})

describe('Workestra (seed 000)', () => {
  it('has the 27 documented events with their categories and descriptions', () => {
    expect(byCategory('workestra')).toEqual({
      CRM: ['contact.created', 'contact.updated', 'contact.deleted', 'deal.created', 'deal.updated', 'deal.stage_changed', 'deal.won', 'deal.lost', 'activity.created'],
      Recruiting: ['candidate.created', 'candidate.updated', 'job.created', 'application.received', 'interview.scheduled'],
      Project: ['task.created', 'task.updated', 'task.completed', 'cycle.started', 'cycle.ended'],
      Finance: ['invoice.created', 'invoice.paid', 'invoice.overdue', 'expense.created'],
      Support: ['ticket.created', 'ticket.updated', 'ticket.resolved', 'ticket.escalated'],
    })
    expect(names('workestra')).toHaveLength(27)
    expect(descriptions('workestra')).toEqual({
      'contact.created': 'New contact added',
      'contact.updated': 'Contact modified',
      'contact.deleted': 'Contact removed',
      'deal.created': 'New deal created',
      'deal.updated': 'Deal changed',
      'deal.stage_changed': 'Deal moved stages',
      'deal.won': 'Deal closed won',
      'deal.lost': 'Deal closed lost',
      'activity.created': 'Activity logged',
      'candidate.created': 'New candidate applied',
      'candidate.updated': 'Candidate modified',
      'job.created': 'New job posted',
      'application.received': 'Application submitted',
      'interview.scheduled': 'Interview booked',
      'task.created': 'Task created',
      'task.updated': 'Task modified',
      'task.completed': 'Task marked done',
      'cycle.started': 'Cycle began',
      'cycle.ended': 'Cycle completed',
      'invoice.created': 'Invoice generated',
      'invoice.paid': 'Payment received',
      'invoice.overdue': 'Invoice past due',
      'expense.created': 'Expense logged',
      'ticket.created': 'Ticket received',
      'ticket.updated': 'Ticket modified',
      'ticket.resolved': 'Ticket closed',
      'ticket.escalated': 'Priority increased',
    })
  })

  it('signs sha256=<hex> into X-Workestra-Signature, retries 5 s/30 s/2 min/10 min, disables when the 5 attempts fail', () => {
    const p = getPresetProfile('workestra')!
    expect(p.scheme).toBe('hmac-sha256')
    expect(p.signing).toEqual({ headerName: 'X-Workestra-Signature', prefix: 'sha256=' })
    expect(p.retrySchedule).toEqual([5, 30, 120, 600])
    expect(1 + p.retrySchedule.length).toBe(5)
    expect(p.disableAfter).toBe(1)
    expect(p.envelope).toEqual({ id: '{{event.id}}', type: '{{event.type}}', created_at: '{{timestamp.iso}}', workspace_id: 'ws_abc123', data: '{{data}}' })
    expect(p.idPrefix).toBe('evt_')
  })

  it('sends endpoint.verify on creation and expects 200; HTTPS only; documented source IPs', () => {
    const p = getPresetProfile('workestra')!
    expect(p.handshake).toMatchObject({ eventType: 'endpoint.verify', expectStatus: 200 })
    expect(names('workestra')).not.toContain('endpoint.verify')
    expect(p.policy).toEqual({ httpsOnly: true, blockPrivate: false })
    expect(p.sourceIpRanges).toEqual(['203.0.113.0/24', '198.51.100.0/24'])
  })
})

describe('ConnectGain (seeds 001, 002)', () => {
  it('has the 17 documented events in 6 groups with their descriptions', () => {
    expect(byCategory('connectgain')).toEqual({
      Contact: ['contact.created', 'contact.updated', 'contact.assigned'],
      'Deal/Lead': ['deal.created', 'deal.updated', 'deal.stage.changed', 'deal.assigned'],
      Conversation: ['conversation.created', 'conversation.assigned', 'conversation.status.changed'],
      Message: ['message.received', 'message.sent', 'message.delivered', 'message.read', 'message.failed'],
      Broadcast: ['broadcast.response'],
      Meeting: ['zoom.recording.completed'],
    })
    expect(descriptions('connectgain')).toMatchObject({
      'contact.assigned': 'Fired when a contact is assigned to someone',
      'deal.stage.changed': 'Fired when a deal moves to a different pipeline stage',
      'conversation.status.changed': 'Fired when conversation status changes (OPEN/CLOSED)',
      'message.delivered': 'Fired when a sent message is delivered to the recipient',
      'broadcast.response': 'Fired when a contact replies to a broadcast/campaign message',
      'zoom.recording.completed': 'Fired when a Zoom cloud recording finishes processing',
    })
  })

  it('uses X-Webhook-Event, an ISO X-Webhook-Timestamp, a plain-hex X-Webhook-Signature, an optional secret and 5 s', () => {
    const p = getPresetProfile('connectgain')!
    expect(p.headers).toEqual({ eventType: 'X-Webhook-Event', timestamp: { name: 'X-Webhook-Timestamp', format: 'iso' } })
    expect(p.scheme).toBe('hmac-sha256')
    expect(p.signing).toEqual({ headerName: 'X-Webhook-Signature', prefix: '' })
    expect(p.secret.required).toBe(false)
    expect(p.timeoutMs).toBe(5000)
    expect(p.envelope).toEqual({ event: '{{event.type}}', timestamp: '{{timestamp.iso}}', data: '{{data}}' })
    expect(p.disableAfter).toBeNull()
  })

  it('closes conversation status to OPEN/CLOSED', () => {
    const schema = getPresetEventType('connectgain', 'conversation.status.changed')!.schema as { properties: Record<string, { enum?: string[] }> }
    expect(schema.properties.status!.enum).toEqual(['OPEN', 'CLOSED'])
  })
})

describe('WorkFlows (seed 003)', () => {
  it('has 30 events in the 6 documented categories', () => {
    const cats = byCategory('workflows')
    expect(Object.fromEntries(Object.entries(cats).map(([k, v]) => [k, v.length]))).toEqual({
      Alerts: 6,
      Data: 4,
      Projects: 6,
      Users: 4,
      Billing: 4,
      'Webhooks & API Keys': 6,
    })
    expect(names('workflows')).toEqual([
      'alert.created', 'alert.acknowledged', 'alert.assigned', 'alert.resolved', 'alert.critical', 'alert.deleted',
      'csv.uploaded', 'data.db_import', 'query.completed', 'query.deleted',
      'project.created', 'project.updated', 'project.deleted', 'db_connection.created', 'db_connection.updated', 'db_connection.deleted',
      'user.invited', 'user.joined', 'user.activated', 'user.deactivated',
      'billing.subscription_activated', 'billing.subscription_cancelled', 'billing.trial_expired', 'billing.payment_failed',
      'webhook.created', 'webhook.enabled', 'webhook.disabled', 'webhook.deleted', 'api_key.created', 'api_key.deleted',
    ])
    expect(descriptions('workflows')).toMatchObject({
      'alert.critical': 'A critical alert was triggered',
      'data.db_import': 'Data was imported from a database connection',
      'query.completed': 'An AI query finished processing',
      'db_connection.updated': 'A DB connection was modified',
      'billing.payment_failed': 'A payment failed',
      'api_key.deleted': 'An API key was revoked',
    })
  })

  it('signs sha256=<hex> into X-WorkFlows-Signature, sends X-WorkFlows-Event, whsec_ secret shown once, HTTPS + no private targets, names ≤ 100, 10 s', () => {
    const p = getPresetProfile('workflows')!
    expect(p.signing).toEqual({ headerName: 'X-WorkFlows-Signature', prefix: 'sha256=' })
    expect(p.headers.eventType).toBe('X-WorkFlows-Event')
    expect(p.secret).toEqual({ required: true, format: 'whsec', showOnce: true })
    expect(p.policy).toEqual({ httpsOnly: true, blockPrivate: true, nameMaxLength: 100 })
    expect(p.timeoutMs).toBe(10000)
    expect(p.envelope).toEqual({ event: '{{event.type}}', orgId: 'org_abc123', timestamp: '{{timestamp.iso_ms}}', data: '{{data}}' })
  })
})

describe('TaskHub (seed 004)', () => {
  it('has the 15 documented events', () => {
    expect(byCategory('taskhub')).toEqual({
      Task: ['task.created', 'task.updated', 'task.completed', 'task.deleted', 'task.assigned'],
      Project: ['project.created', 'project.updated', 'project.archived', 'project.deleted'],
      Comment: ['comment.created', 'comment.updated', 'comment.deleted'],
      User: ['user.added', 'user.removed', 'user.role_changed'],
    })
    expect(descriptions('taskhub')).toMatchObject({
      'task.created': 'New task created',
      'task.updated': 'Task modified',
      'task.completed': 'Task marked done',
      'task.deleted': 'Task removed',
      'task.assigned': 'Task assigned to user',
    })
  })

  it('retries after 1, 5 and 30 min and disables after 3 consecutive failures', () => {
    const p = getPresetProfile('taskhub')!
    expect(p.retrySchedule).toEqual([60, 300, 1800])
    expect(p.disableAfter).toBe(3)
  })

  it('sends X-Webhook-Signature sha256=<hex>, X-Webhook-ID and a unix X-Webhook-Timestamp; documented IPs', () => {
    const p = getPresetProfile('taskhub')!
    expect(p.signing).toEqual({ headerName: 'X-Webhook-Signature', prefix: 'sha256=' })
    expect(p.headers).toEqual({ webhookId: 'X-Webhook-ID', timestamp: { name: 'X-Webhook-Timestamp', format: 'unix' } })
    expect(p.envelope).toEqual({ event: '{{event.type}}', timestamp: '{{timestamp.iso}}', webhook_id: '{{webhook.id}}', data: '{{data}}' })
    expect(p.sourceIpRanges).toEqual(['203.0.113.0/24', '198.51.100.0/24'])
  })
})

describe('Standard Webhooks, Stripe-style, GitHub-style', () => {
  it('Standard Webhooks: {type, timestamp, data}, whsec_ secret, the spec example retry schedule, 15 s', () => {
    const p = getPresetProfile('standard-webhooks')!
    expect(p.scheme).toBe('standard-webhooks')
    expect(p.envelope).toEqual({ type: '{{event.type}}', timestamp: '{{timestamp.iso_ms}}', data: '{{data}}' })
    expect(p.secret.format).toBe('whsec')
    // immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h
    expect(p.retrySchedule).toEqual([5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 14 * 3600, 20 * 3600, 24 * 3600])
    expect(p.timeoutMs).toBeGreaterThanOrEqual(15000)
    expect(p.timeoutMs).toBeLessThanOrEqual(30000)
    expect(names('standard-webhooks').every((n) => /^[a-zA-Z0-9_]+(\.[a-zA-Z0-9_]+)+$/.test(n))).toBe(true)
  })

  it('Stripe-style: the Event object with data.object, Stripe-Signature, retries within three days', () => {
    const p = getPresetProfile('stripe')!
    expect(p.scheme).toBe('stripe')
    expect(Object.keys(p.envelope)).toEqual(['id', 'object', 'api_version', 'created', 'data', 'livemode', 'pending_webhooks', 'request', 'type'])
    expect(p.envelope).toMatchObject({ id: '{{event.id}}', object: 'event', created: '{{timestamp.unix}}', data: { object: '{{data}}' }, type: '{{event.type}}' })
    expect(p.idPrefix).toBe('evt_')
    const total = p.retrySchedule.reduce((a, b) => a + b, 0)
    expect(total).toBeLessThanOrEqual(3 * 86400)
    expect(total).toBeGreaterThan(2 * 86400)
    // exponential: every delay at least the previous one
    expect(p.retrySchedule.every((d, i, a) => i === 0 || d >= a[i - 1]!)).toBe(true)
    expect(names('stripe')).toEqual(expect.arrayContaining(['payment_intent.succeeded', 'customer.created', 'invoice.paid', 'checkout.session.completed']))
  })

  it('GitHub-style: bare payload, X-GitHub-Event/Delivery, Hookshot user agent, no automatic retry, 10 s', () => {
    const p = getPresetProfile('github')!
    expect(p.scheme).toBe('github')
    expect(p.envelope).toBe('{{data}}')
    expect(p.headers).toMatchObject({ eventType: 'X-GitHub-Event', deliveryId: 'X-GitHub-Delivery', webhookId: 'X-GitHub-Hook-ID' })
    expect(p.headers.userAgent).toMatch(/^GitHub-Hookshot\//)
    expect(p.retrySchedule).toEqual([])
    expect(p.timeoutMs).toBe(10000)
    expect(p.idFormat).toBe('uuid')
    expect(names('github')).toEqual(expect.arrayContaining(['ping', 'push', 'pull_request', 'issues']))
  })

  it('every profile explains its sources and choices', () => {
    for (const p of listPresetProfiles()) {
      expect(p.docs, p.id).toBeTruthy()
      expect(p.notes?.length, p.id).toBeGreaterThan(3)
    }
  })
})
