/**
 * The sender's API as the UI uses it: profiles (presets, clone, edit), event catalogs (user
 * event types, samples, validation, OpenAPI round trip), webhooks (CRUD, warnings, secrets),
 * events and deliveries lists.
 */
import { describe, expect, it } from 'vitest'
import { deliveryStatus, engineAndSink } from './helpers'

describe('sender API', () => {
  const env = engineAndSink()

  describe('profiles', () => {
    it('lists the seven presets first, with the core fields', async () => {
      const res = await env.t.api('GET', '/api/profiles')
      expect(res.status).toBe(200)
      expect(res.body.nextCursor).toBeNull()
      expect(res.body.items.map((p: { id: string }) => p.id)).toEqual(['workestra', 'connectgain', 'workflows', 'taskhub', 'standard-webhooks', 'stripe', 'github'])
      expect(res.body.items[3]).toMatchObject({ id: 'taskhub', name: 'TaskHub', builtIn: true, scheme: 'hmac-sha256', retrySchedule: [60, 300, 1800], timeoutMs: 10000, disableAfter: 3, eventTypeCount: 15 })
      expect(res.body.items[0]).toMatchObject({ id: 'workestra', retrySchedule: [5, 30, 120, 600], eventTypeCount: 27, signature: { signatureHeader: 'X-Workestra-Signature', prefix: 'sha256=' } })
      expect(res.body.items[0].envelope).toEqual({ id: '{{event.id}}', type: '{{event.type}}', created_at: '{{timestamp.iso}}', workspace_id: 'ws_abc123', data: '{{data}}' })
      expect(res.body.items[6].envelope).toBe('{{data}}')
    })

    it('clones a preset with its catalog, edits the clone, and deletes it', async () => {
      const clone = await env.t.api('POST', '/api/profiles/workestra/clone', {})
      expect(clone.status).toBe(201)
      expect(clone.body).toMatchObject({ id: 'workestra-copy', name: 'Workestra (copy)', builtIn: false, clonedFrom: 'workestra', eventTypeCount: 27, createdAt: expect.any(String) })
      const edited = await env.t.api('PATCH', '/api/profiles/workestra-copy', { disableAfter: 5, envelope: { id: '{{event.id}}', type: '{{event.type}}', created_at: '{{timestamp.iso}}', workspace_id: 'ws_mine', data: '{{data}}' } })
      expect(edited.status, JSON.stringify(edited.body)).toBe(200)
      expect(edited.body).toMatchObject({ disableAfter: 5, envelope: { workspace_id: 'ws_mine' } })
      const bad = await env.t.api('PATCH', '/api/profiles/workestra-copy', { envelope: { id: '{{event.id}}' } })
      expect(bad.status).toBe(400)
      expect(bad.body).toMatchObject({ field: '/envelope', message: expect.stringMatching(/has no "\{\{data\}\}"/) })
      expect((await env.t.api('DELETE', '/api/profiles/workestra-copy')).status).toBe(204)
      expect((await env.t.api('GET', '/api/profiles/workestra-copy')).status).toBe(404)
    })

    it('creates a profile from scratch and refuses to delete it while a webhook uses it', async () => {
      const p = await env.t.api('POST', '/api/profiles', {
        name: 'Acme Events',
        description: 'Our own webhooks',
        scheme: 'hmac-sha256',
        signing: { headerName: 'X-Acme-Signature', prefix: 'v1=' },
        secret: { required: true, format: 'any', showOnce: false },
        envelope: { id: '{{event.id}}', kind: '{{event.type}}', at: '{{timestamp.unix}}', payload: '{{data}}' },
        headers: { eventType: 'X-Acme-Event' },
        idPrefix: 'ev_',
        retrySchedule: [10, 60],
        timeoutMs: 5000,
        successRule: '2xx',
        disableAfter: 2,
        handshake: null,
        policy: { httpsOnly: false, blockPrivate: false },
        sourceIpRanges: [],
        dataValidation: 'warn',
      })
      expect(p.status, JSON.stringify(p.body)).toBe(201)
      expect(p.body).toMatchObject({ id: 'acme-events', builtIn: false, eventTypeCount: 0 })
      const et = await env.t.api('POST', '/api/event-types', {
        profileId: 'acme-events',
        name: 'order.paid',
        category: 'Orders',
        description: 'An order was paid',
        schema: { type: 'object', required: ['id', 'amount'], properties: { id: { type: 'string', pattern: '^ord_' }, amount: { type: 'integer', minimum: 1 } } },
      })
      expect(et.status, JSON.stringify(et.body)).toBe(201)
      expect(et.body.example).toMatchObject({ id: expect.stringMatching(/^ord_/), amount: expect.any(Number) })

      const wh = await env.t.api('POST', '/api/webhooks', { name: 'acme', url: `${env.sink.url}/acme`, profileId: 'acme-events', events: ['order.*'] })
      expect(wh.status).toBe(201)
      // dataValidation "warn": bad data is sent, with the problems reported.
      const fired = await env.t.api('POST', '/api/events', { type: 'order.paid', profileId: 'acme-events', data: { id: 'x', amount: 0 } })
      expect(fired.status).toBe(201)
      expect(fired.body.event.warnings.map((w: { path: string }) => w.path).sort()).toEqual(['/amount', '/id'])
      const d = await deliveryStatus(env.t, fired.body.deliveries[0].id, 'succeeded')
      const body = JSON.parse(d.attempts[0]!.request.body)
      expect(body).toEqual({ id: fired.body.event.id, kind: 'order.paid', at: Date.UTC(2026, 0, 1) / 1000, payload: { id: 'x', amount: 0 } })
      expect(d.attempts[0]!.request.headers).toContainEqual(['X-Acme-Event', 'order.paid'])
      expect(d.attempts[0]!.request.headers.find(([n]) => n === 'X-Acme-Signature')?.[1]).toMatch(/^v1=[0-9a-f]{64}$/)

      const del = await env.t.api('DELETE', '/api/profiles/acme-events')
      expect(del.status).toBe(409)
      expect(del.body).toMatchObject({ error: 'HB_ERR_PROFILE_IN_USE', message: expect.stringMatching(/1 webhook uses the profile "acme-events"/) })
    })
  })

  describe('event types', () => {
    it('lists a catalog with name, category, description, schema and example', async () => {
      const res = await env.t.api('GET', '/api/event-types?profileId=connectgain')
      expect(res.status).toBe(200)
      expect(res.body.items).toHaveLength(17)
      const first = res.body.items[0]
      expect(first).toMatchObject({ profileId: 'connectgain', builtIn: true, name: 'contact.created', category: expect.any(String), description: expect.any(String), schema: { type: 'object' } })
      expect(Object.keys(first.schema.properties ?? {})).toContain('first_name')
      const filtered = await env.t.api('GET', '/api/event-types?profileId=connectgain&q=zoom')
      expect(filtered.body.items.map((e: { name: string }) => e.name)).toEqual(['zoom.recording.completed'])
      const one = await env.t.api('GET', `/api/event-types/connectgain/${encodeURIComponent('deal.stage.changed')}`)
      expect(one.body.name).toBe('deal.stage.changed')
    })

    it('generates fresh samples and validates data for the fire dialog', async () => {
      const a = await env.t.api('POST', '/api/event-types/sample', { profileId: 'workestra', type: 'deal.won' })
      const b = await env.t.api('POST', '/api/event-types/sample', { profileId: 'workestra', type: 'deal.won' })
      expect(a.status).toBe(200)
      expect(a.body.payload).toMatchObject({ type: 'deal.won', workspace_id: 'ws_abc123', data: a.body.data })
      expect(a.body.data).not.toEqual(b.body.data)
      const seeded = await env.t.api('POST', '/api/event-types/sample', { profileId: 'workestra', type: 'deal.won', seed: 7 })
      expect((await env.t.api('POST', '/api/event-types/sample', { profileId: 'workestra', type: 'deal.won', seed: 7 })).body.data).toEqual(seeded.body.data)
      const v = await env.t.api('POST', '/api/event-types/validate', { profileId: 'workestra', type: 'deal.won', data: { nope: true } })
      expect(v.body).toMatchObject({ ok: false, dataValidation: 'reject' })
      expect(v.body.errors.length).toBeGreaterThan(0)
      expect((await env.t.api('POST', '/api/event-types/validate', { profileId: 'workestra', type: 'deal.won', data: a.body.data })).body).toMatchObject({ ok: true, errors: [] })
    })

    it('exports a catalog as OpenAPI 3.1 and imports it into a user profile', async () => {
      const doc = await env.t.api('GET', '/api/event-types/openapi?profileId=taskhub')
      expect(doc.status).toBe(200)
      expect(doc.body.openapi).toMatch(/^3\.1/)
      expect(Object.keys(doc.body.webhooks)).toHaveLength(15)
      await env.t.api('POST', '/api/profiles/taskhub/clone', { id: 'taskhub-mine' })
      const replaced = await env.t.api('POST', '/api/event-types/openapi', { profileId: 'taskhub-mine', document: doc.body, mode: 'replace' })
      expect(replaced.status, JSON.stringify(replaced.body)).toBe(200)
      expect(replaced.body.imported).toHaveLength(15)
      expect(replaced.body.removed).toEqual([])
      const original = (await env.t.api('GET', '/api/event-types?profileId=taskhub')).body.items
      const imported = (await env.t.api('GET', '/api/event-types?profileId=taskhub-mine')).body.items
      expect(imported.map((e: { name: string; schema: unknown }) => [e.name, e.schema])).toEqual(original.map((e: { name: string; schema: unknown }) => [e.name, e.schema]))
      const refused = await env.t.api('POST', '/api/event-types/openapi', { profileId: 'taskhub-mine', document: { openapi: '3.0.3', info: { title: 'x', version: '1' }, paths: {} } })
      expect(refused.status).toBe(400)
      expect(refused.body).toMatchObject({ error: 'HB_ERR_OPENAPI_INVALID', field: '/document', message: expect.stringMatching(/OpenAPI 3\.1 only/) })

      const edited = await env.t.api('PUT', `/api/event-types/taskhub-mine/${encodeURIComponent('task.created')}`, { name: 'task.opened', description: 'Renamed' })
      expect(edited.status, JSON.stringify(edited.body)).toBe(200)
      expect(edited.body).toMatchObject({ name: 'task.opened', description: 'Renamed', builtIn: false })
      expect((await env.t.api('DELETE', `/api/event-types/taskhub-mine/${encodeURIComponent('task.opened')}`)).status).toBe(204)
      expect((await env.t.api('GET', '/api/profiles/taskhub-mine')).body.eventTypeCount).toBe(14)
    })

    it('answers what a replacing import would remove and replace without changing the catalog (dryRun)', async () => {
      await env.t.api('POST', '/api/profiles/taskhub/clone', { id: 'taskhub-dry' })
      const doc = (await env.t.api('GET', '/api/event-types/openapi?profileId=taskhub')).body
      // two of the catalog's 15 event types and a new one (a copy of the first, renamed where Hookbench's export names it)
      const kept = Object.keys(doc.webhooks).slice(0, 2)
      const archived = structuredClone(doc.webhooks[kept[0]!])
      archived.post['x-hookbench-event'].name = 'task.archived'
      const smaller = { ...doc, webhooks: { ...Object.fromEntries(kept.map((k) => [k, doc.webhooks[k]])), 'task.archived': archived } }
      expect(kept).toEqual(['task.created', 'task.updated'])
      const webhook = async (name: string, profileId: string, events: string[]) =>
        (await env.t.api('POST', '/api/webhooks', { name, url: `${env.sink.url}/dry`, profileId, events, allowLocal: true, skipVerification: true })).body.id as string
      const gone = await webhook('Projects and comments', 'taskhub-dry', ['project.*', 'comment.created'])
      const narrowed = await webhook('All tasks', 'taskhub-dry', ['task.*'])
      const half = await webhook('Created and added', 'taskhub-dry', ['task.created', 'user.added'])
      await webhook('Untouched', 'taskhub-dry', ['task.updated'])
      await webhook('Other profile', 'taskhub', ['project.*'])
      const preview = await env.t.api('POST', '/api/event-types/openapi', { profileId: 'taskhub-dry', document: smaller, mode: 'replace', dryRun: true })
      expect(preview.status, JSON.stringify(preview.body)).toBe(200)
      expect(preview.body.imported).toEqual([...kept, 'task.archived'])
      expect(preview.body.replaced).toEqual(kept)
      expect(preview.body.removed).toHaveLength(13)
      // the profile's webhooks that would lose types, and which subscriptions would then match nothing
      expect(preview.body.affectedWebhooks).toEqual([
        {
          id: gone,
          name: 'Projects and comments',
          lost: ['project.created', 'project.updated', 'project.archived', 'project.deleted', 'comment.created'],
          unmatched: ['project.*', 'comment.created'],
          matchesNothing: true,
        },
        { id: narrowed, name: 'All tasks', lost: ['task.completed', 'task.deleted', 'task.assigned'], unmatched: [], matchesNothing: false },
        { id: half, name: 'Created and added', lost: ['user.added'], unmatched: ['user.added'], matchesNothing: false },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)))
      expect((await env.t.api('GET', '/api/profiles/taskhub-dry')).body.eventTypeCount).toBe(15)
      expect((await env.t.api('GET', '/api/event-types?profileId=taskhub-dry')).body.items.map((e: { name: string }) => e.name)).not.toContain('task.archived')

      const done = await env.t.api('POST', '/api/event-types/openapi', { profileId: 'taskhub-dry', document: smaller, mode: 'replace' })
      expect(done.body).toMatchObject({ imported: preview.body.imported, replaced: kept, removed: preview.body.removed, affectedWebhooks: preview.body.affectedWebhooks })
      // a merge removes nothing, so it affects no webhook
      expect((await env.t.api('POST', '/api/event-types/openapi', { profileId: 'taskhub-dry', document: smaller, dryRun: true })).body.affectedWebhooks).toEqual([])
      expect((await env.t.api('GET', '/api/profiles/taskhub-dry')).body.eventTypeCount).toBe(3)
    })

    it('refuses a test or check without a type when the webhook subscribes to no type of the catalog any more, naming its subscriptions', async () => {
      await env.t.api('POST', '/api/profiles/taskhub/clone', { id: 'taskhub-gone' })
      const doc = (await env.t.api('GET', '/api/event-types/openapi?profileId=taskhub')).body
      const wh = (await env.t.api('POST', '/api/webhooks', { name: 'Gone', url: `${env.sink.url}/gone`, profileId: 'taskhub-gone', events: ['task.created', 'comment.*'], secret: 'gone-secret-1', allowLocal: true, skipVerification: true })).body
      // the replacing import keeps only task.updated: neither subscription matches it
      const only = { ...doc, webhooks: { 'task.updated': doc.webhooks['task.updated'] } }
      expect((await env.t.api('POST', '/api/event-types/openapi', { profileId: 'taskhub-gone', document: only, mode: 'replace' })).status).toBe(200)
      for (const action of ['test', 'check']) {
        const refused = await env.t.api('POST', `/api/webhooks/${wh.id}/${action}`, {})
        expect(refused.status, action).toBe(400)
        expect(refused.body).toMatchObject({
          error: 'HB_ERR_WEBHOOK_SUBSCRIBES_TO_NONE',
          field: '/type',
          message:
            'The webhook "Gone" subscribes to task.created, comment.*, which match no event type of the TaskHub (copy) profile\'s catalog now: ' +
            'name an event type of the catalog to send ("type"), or edit the webhook\'s events to subscribe to the catalog\'s types.',
        })
      }
      // a type asked for is still sent
      const sent = await env.t.api('POST', `/api/webhooks/${wh.id}/test`, { type: 'task.updated' })
      expect(sent.status, JSON.stringify(sent.body)).toBe(201)
      expect(sent.body.event.type).toBe('task.updated')
    })
  })

  describe('webhooks', () => {
    it('creates with defaults, warns about the profile policy, lists, edits and deletes', async () => {
      const created = await env.t.api('POST', '/api/webhooks', { name: '  Staging  ', url: `${env.sink.url}/wf`, profileId: 'workflows', events: ['alert.*', 'csv.uploaded'] })
      expect(created.status).toBe(201)
      const wh = created.body
      expect(wh).toMatchObject({ id: expect.stringMatching(/^wh_/), name: 'Staging', status: 'active', allowLocal: false, maxConcurrency: 10, rateLimitPerSecond: null, consecutiveFailures: 0, disableAfter: null, verification: null })
      // WorkFlows: HTTPS only, no private targets. Hookbench warns and still sends.
      expect(wh.warnings.map((w: { code: string; overridden: boolean }) => [w.code, w.overridden])).toEqual([
        ['https_required', false],
        ['loopback_target', false],
      ])
      // worded for an API user and a UI user alike: the field and the button's label
      expect(wh.warnings[0].message).toBe(
        'WorkFlows only accepts https:// webhook URLs, so its real service would refuse this one. Hookbench sends anyway; set allowLocal: true (in the app: "Allow for local testing") to mark this URL as a local test target.',
      )
      expect(wh.warnings[0].reason).toBe('WorkFlows only accepts https:// webhook URLs, so its real service would refuse this one.')
      const allowed = await env.t.api('PATCH', `/api/webhooks/${wh.id}`, { allowLocal: true })
      expect(allowed.body.warnings.every((w: { overridden: boolean }) => w.overridden)).toBe(true)
      expect(allowed.body.warnings[0].message).toMatch(/Allowed here for local testing/)

      const list = await env.t.api('GET', '/api/webhooks?profileId=workflows')
      expect(list.body.items.map((w: { id: string }) => w.id)).toContain(wh.id)
      const paged = await env.t.api('GET', '/api/webhooks?limit=1')
      expect(paged.body.items).toHaveLength(1)
      expect(paged.body.nextCursor).toEqual(expect.any(String))

      const edited = await env.t.api('PATCH', `/api/webhooks/${wh.id}`, { events: ['*'], headers: { Authorization: 'Bearer staging' }, rateLimitPerSecond: 5 })
      expect(edited.body).toMatchObject({ events: ['*'], headers: { Authorization: 'Bearer staging' }, rateLimitPerSecond: 5 })
      const fired = await env.t.api('POST', '/api/events', { type: 'alert.created', profileId: 'workflows' })
      const d = await deliveryStatus(env.t, fired.body.deliveries[0].id, 'succeeded')
      expect(d.attempts[0]!.request.headers.at(-2)).toEqual(['Authorization', 'Bearer staging'])

      expect((await env.t.api('DELETE', `/api/webhooks/${wh.id}`)).status).toBe(204)
      expect((await env.t.api('GET', `/api/webhooks/${wh.id}`)).status).toBe(404)
      expect((await env.t.api('GET', `/api/deliveries/${d.id}`)).status).toBe(404)
    })

    it('rotates a secret with an overlap window and reveals the new one once', async () => {
      const wh = (await env.t.api('POST', '/api/webhooks', { name: 'r', url: 'https://example.com/h', profileId: 'workflows', events: ['*'] })).body
      const rotated = await env.t.api('POST', `/api/webhooks/${wh.id}/rotate-secret`, { overlapSeconds: 60 })
      expect(rotated.body.secret).toMatch(/^whsec_/)
      expect(rotated.body.secret).not.toBe(wh.secret)
      expect(rotated.body.secrets).toHaveLength(2)
      expect(rotated.body.secrets[1]).toMatchObject({ live: true, expiresAt: new Date(env.t.clock.now() + 60_000).toISOString(), preview: expect.stringMatching(/^whsec_/) })
      expect((await env.t.api('GET', `/api/webhooks/${wh.id}`)).body.secret).toBeNull() // shown once
      await env.t.api('DELETE', `/api/webhooks/${wh.id}`)
    })

    it('takes the POSTs whose body is optional with no body at all, or an empty one', async () => {
      const wh = (await env.t.api('POST', '/api/webhooks', { name: 'bodyless', url: 'https://example.com/h', profileId: 'workflows', events: ['*'], status: 'paused' })).body
      const rotated = await env.t.api('POST', `/api/webhooks/${wh.id}/rotate-secret`)
      expect(rotated.status, JSON.stringify(rotated.body)).toBe(200)
      expect(rotated.body.secrets).toHaveLength(2)
      const emptyJson = await env.t.api('POST', `/api/webhooks/${wh.id}/rotate-secret`, undefined, { 'content-type': 'application/json' })
      expect(emptyJson.status, JSON.stringify(emptyJson.body)).toBe(200)
      const sendNow = await env.t.api('POST', '/api/deliveries/send-now')
      expect(sendNow.status, JSON.stringify(sendNow.body)).toBe(200)
      const clone = await env.t.api('POST', '/api/profiles/taskhub/clone')
      expect(clone.status, JSON.stringify(clone.body)).toBe(201)
      await env.t.api('DELETE', `/api/profiles/${clone.body.id}`)
      const inbox = (await env.t.api('POST', '/api/inboxes', { name: 'bodyless', verification: { scheme: 'hmac-sha256', secrets: ['s1'] } })).body
      const inboxRotated = await env.t.api('POST', `/api/inboxes/${inbox.id}/rotate-secret`)
      expect(inboxRotated.status, JSON.stringify(inboxRotated.body)).toBe(200)
      expect(inboxRotated.body.verification.secrets).toHaveLength(2)
      await env.t.api('DELETE', `/api/inboxes/${inbox.id}`)
      // A body that is there is still checked.
      const bad = await env.t.api('POST', `/api/webhooks/${wh.id}/rotate-secret`, { overlapSeconds: 'soon' })
      expect(bad).toMatchObject({ status: 400, body: { error: 'HB_ERR_VALIDATION', field: '/overlapSeconds' } })
      await env.t.api('DELETE', `/api/webhooks/${wh.id}`)
    })

    it('gives ConnectGain a secret only when asked, and can remove it', async () => {
      const wh = (await env.t.api('POST', '/api/webhooks', { name: 'c', url: 'https://example.com/h', profileId: 'connectgain', events: ['*'] })).body
      expect(wh.secret).toBeNull()
      const set = await env.t.api('PATCH', `/api/webhooks/${wh.id}`, { secret: 'my-hmac-secret' })
      expect(set.body.secret).toBe('my-hmac-secret')
      const removed = await env.t.api('PATCH', `/api/webhooks/${wh.id}`, { secret: null })
      expect(removed.body.secret).toBeNull()
      await env.t.api('DELETE', `/api/webhooks/${wh.id}`)
    })
  })

  describe('webhook names', () => {
    it('finds a name with non-ASCII letters in any case, and counts its length in characters', async () => {
      const wh = (await env.t.api('POST', '/api/webhooks', { name: 'Ärger Über Webhook', url: 'https://example.com/uni', profileId: 'github', events: ['ping'] })).body
      // The last query is typed with combining accents (NFD), as macOS input and pasted text can be.
      for (const q of ['Ärger', 'ärger', 'ÜBER', 'A\u0308rger']) {
        const found = await env.t.api('GET', `/api/webhooks?q=${encodeURIComponent(q)}`)
        expect(found.body.items.map((w: { id: string }) => w.id), q).toEqual([wh.id])
      }
      // WorkFlows caps names at 100 characters: 60 emoji are 60 characters (120 UTF-16 units).
      const emoji = await env.t.api('POST', '/api/webhooks', { name: '🚀'.repeat(60), url: 'https://example.com/h', profileId: 'workflows', events: ['*'] })
      expect(emoji.status, JSON.stringify(emoji.body)).toBe(201)
      await env.t.api('DELETE', `/api/webhooks/${wh.id}`)
      await env.t.api('DELETE', `/api/webhooks/${emoji.body.id}`)
    })
  })

  describe('events and deliveries', () => {
    it('fans an event out to every subscribed active webhook and lists it', async () => {
      const mk = (events: string[], status?: string) =>
        env.t.api('POST', '/api/webhooks', { name: 'f', url: `${env.sink.url}/f`, profileId: 'taskhub', events, allowLocal: true, ...(status ? { status } : {}) })
      const all = (await mk(['*'])).body
      const prefix = (await mk(['task.*'])).body
      const exact = (await mk(['task.completed'])).body
      const other = (await mk(['comment.*'])).body
      const paused = (await mk(['*'], 'paused')).body
      const fired = await env.t.api('POST', '/api/events', { type: 'task.completed' })
      expect(fired.status).toBe(201)
      expect(fired.body.event).toMatchObject({ id: expect.stringMatching(/^evt_/), type: 'task.completed', profileId: 'taskhub', source: 'api', warnings: [] })
      expect(fired.body.event.payload).toMatchObject({ event: 'task.completed', webhook_id: null, data: fired.body.event.data })
      expect(fired.body.deliveries.map((d: { webhookId: string }) => d.webhookId).sort()).toEqual([all.id, prefix.id, exact.id].sort())
      expect(fired.body.deliveries.every((d: { status: string }) => d.status === 'pending')).toBe(true)
      // The paused one subscribed is named, not silently left out.
      expect(fired.body.skipped).toEqual([{ webhookId: paused.id, webhookName: 'f', status: 'paused' }])
      for (const d of fired.body.deliveries) await deliveryStatus(env.t, d.id, 'succeeded')
      // Each TaskHub webhook gets its own body (webhook_id), all with the same event data.
      const bodies = await Promise.all(fired.body.deliveries.map(async (d: { id: string; webhookId: string }) => [d.webhookId, JSON.parse((await env.t.api('GET', `/api/deliveries/${d.id}`)).body.attempts[0].request.body)]))
      for (const [webhookId, body] of bodies) expect(body).toMatchObject({ webhook_id: webhookId, data: fired.body.event.data })

      const got = await env.t.api('GET', `/api/events/${fired.body.event.id}`)
      expect(got.body.deliveries.every((d: { status: string }) => d.status === 'succeeded')).toBe(true)
      const events = await env.t.api('GET', '/api/events?profileId=taskhub&limit=1')
      expect(events.body.items[0]).toMatchObject({ id: fired.body.event.id, deliveries: { total: 3, succeeded: 3 } })
      const byWebhook = await env.t.api('GET', `/api/deliveries?webhookId=${exact.id}&status=succeeded`)
      expect(byWebhook.body.items).toHaveLength(1)
      expect(byWebhook.body.items[0]).toMatchObject({ eventType: 'task.completed', webhookName: 'f', lastResponseStatus: 200 })
      // A prefix as in a subscription; _ and % are plain characters in it.
      const byPrefix = (await env.t.api('GET', `/api/deliveries?profileId=taskhub&eventType=${encodeURIComponent('task.*')}`)).body.items
      expect(byPrefix.length).toBeGreaterThanOrEqual(3)
      expect(byPrefix.every((d: { eventType: string }) => d.eventType.startsWith('task.'))).toBe(true)
      expect((await env.t.api('GET', `/api/deliveries?eventType=${encodeURIComponent('task_*')}`)).body.items).toEqual([])
      expect((await env.t.api('GET', `/api/deliveries?eventType=${encodeURIComponent('%*')}`)).body.items).toEqual([])
      const page1 = await env.t.api('GET', '/api/deliveries?profileId=taskhub&limit=2')
      const page2 = await env.t.api('GET', `/api/deliveries?profileId=taskhub&limit=2&cursor=${page1.body.nextCursor}`)
      expect(page2.body.items[0].id < page1.body.items[1].id).toBe(true)
      // Named in webhookIds, a paused webhook holds the event instead.
      const named = (await env.t.api('POST', '/api/events', { type: 'task.completed', webhookIds: [paused.id] })).body
      expect(named.deliveries).toMatchObject([{ webhookId: paused.id, status: 'held' }])
      expect(named.skipped).toBeUndefined()
      for (const w of [all, prefix, exact, other, paused]) await env.t.api('DELETE', `/api/webhooks/${w.id}`)
    })

    it("lists each delivery with the URL its last attempt went to, not the webhook's URL of today", async () => {
      const wh = (await env.t.api('POST', '/api/webhooks', { name: 'moved', url: `${env.sink.url}/before`, profileId: 'taskhub', events: ['*'], allowLocal: true })).body
      const first = (await env.t.api('POST', '/api/events', { type: 'task.created', webhookIds: [wh.id] })).body.deliveries[0]
      await deliveryStatus(env.t, first.id, 'succeeded')
      expect((await env.t.api('PATCH', `/api/webhooks/${wh.id}`, { url: `${env.sink.url}/after`, status: 'paused' })).status).toBe(200)
      const held = (await env.t.api('POST', '/api/events', { type: 'task.created', webhookIds: [wh.id] })).body.deliveries[0]
      const list = (await env.t.api('GET', `/api/deliveries?webhookId=${wh.id}`)).body.items
      const urls = Object.fromEntries(list.map((d: { id: string; url: string }) => [d.id, d.url]))
      expect(urls).toEqual({
        [first.id]: `${env.sink.url}/before`,
        [held.id]: `${env.sink.url}/after`, // not attempted yet: where it will go
      })
      await env.t.api('DELETE', `/api/webhooks/${wh.id}`)
    })
  })
})
