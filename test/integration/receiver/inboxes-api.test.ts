import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Inbox } from '../../../src-shared/api/inboxes'
import type { RequestList } from '../../../src-shared/api/requests'
import { signRequest } from '../../../src-main/engine/signing'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { createInbox, latest, nextEvent } from './helpers'

describe('/api/inboxes', () => {
  let t: TestEngine
  beforeAll(async () => {
    t = await startTestEngine()
  })
  afterAll(() => t.stop())

  it('creates an inbox with a random slug and answers 201 with its id, slug and URL', async () => {
    const res = await t.api<Inbox>('POST', '/api/inboxes', { name: 'Staging' })
    expect(res.status).toBe(201)
    expect(res.body.id).toMatch(/^inb_/)
    expect(res.body.slug).toMatch(/^[a-z0-9]{10}$/)
    expect(res.body.url).toBe(`${t.engine.urls.ingest}/${res.body.slug}`)
    expect(res.body.urls).toEqual([{ url: res.body.url, kind: 'loopback' }])
    expect(res.body.verification).toBeNull()
    expect(res.body.limits).toEqual({ maxBodyBytes: 10 * 1024 * 1024, retention: 10_000 })
    expect(res.body.response).toMatchObject({ status: 200, delayMs: 0, hang: false, sequence: null, counter: 0 })
    expect(res.body.stats).toEqual({ requestCount: 0, lastRequest: null })
  })

  it('keeps a chosen slug, the verification as a profile, and shows the effective signing options', async () => {
    const inbox = await createInbox(t, {
      name: 'Workestra hooks',
      slug: 'workestra-hooks',
      verification: { profileId: 'workestra', secrets: ['s3cret', { value: 'older', label: 'previous', expiresAt: '2026-02-01T00:00:00Z' }] },
      forwardTo: ['http://localhost:3000/webhooks'],
      allowlist: { cidrs: ['203.0.113.0/24', '2001:db8::/32'], enforce: false },
      limits: { retention: 50 },
    })
    expect(inbox.slug).toBe('workestra-hooks')
    expect(inbox.verification).toMatchObject({
      profileId: 'workestra',
      scheme: 'hmac-sha256',
      options: { headerName: 'X-Workestra-Signature', prefix: 'sha256=' },
      overrides: {},
      secrets: [
        { value: 's3cret', label: null, expiresAt: null, live: true },
        { value: 'older', label: 'previous', expiresAt: '2026-02-01T00:00:00.000Z', live: true },
      ],
      description: { signatureHeader: 'X-Workestra-Signature', prefix: 'sha256=', template: '{body}' },
    })
    expect(inbox.forwardTo).toEqual(['http://localhost:3000/webhooks'])
    expect(inbox.limits).toEqual({ maxBodyBytes: 10 * 1024 * 1024, retention: 50 })

    const read = await t.api<Inbox>('GET', `/api/inboxes/${inbox.id}`)
    expect(read.body).toEqual(inbox)
    const list = await t.api<{ items: Inbox[]; nextCursor: null }>('GET', '/api/inboxes')
    expect(list.body.nextCursor).toBeNull()
    expect(list.body.items.map((i) => i.id)).toContain(inbox.id)
  })

  it('generates a shared secret when the verification gives none, ready for a webhook to sign with', async () => {
    const inbox = await createInbox(t, { name: 'Loopback', verification: { profileId: 'stripe' } })
    const secret = inbox.verification!.secrets[0]!
    expect(secret).toMatchObject({ label: 'generated', live: true, value: expect.stringMatching(/^whsec_/) })
    const body = '{"id":"evt_loop","object":"event","type":"customer.created","created":1767225600,"data":{"object":{"id":"cus_1"}}}'
    const signed = signRequest({ scheme: 'stripe', secrets: [secret.value], body: Buffer.from(body), timestamp: t.clock.now() / 1000 })
    await t.ingest('POST', `/${inbox.slug}`, body, { 'content-type': 'application/json', ...Object.fromEntries(signed.headers) })
    const list = await t.api<RequestList>('GET', `/api/inboxes/${inbox.id}/requests`)
    expect(list.body.items[0]).toMatchObject({ verdict: 'valid', eventId: 'evt_loop', eventType: 'customer.created' })
    const none = await createInbox(t, { name: 'none', verification: { profileId: 'stripe', secrets: [] } })
    expect(none.verification!.secrets).toEqual([])
  })

  it("keeps the inbox's secrets when an edit of its verification gives none, and replaces them when it does", async () => {
    const inbox = await createInbox(t, { name: 'keep', verification: { scheme: 'hmac-sha256', secrets: [{ value: 'mine', label: 'shared' }] } })
    const edited = await t.api<Inbox>('PATCH', `/api/inboxes/${inbox.id}`, { verification: { scheme: 'hmac-sha256', options: { headerName: 'X-Sig' } } })
    expect(edited.status, JSON.stringify(edited.body)).toBe(200)
    expect(edited.body.verification).toMatchObject({ options: { headerName: 'X-Sig' }, secrets: [{ value: 'mine', label: 'shared' }] })
    const replaced = await t.api<Inbox>('PATCH', `/api/inboxes/${inbox.id}`, { verification: { scheme: 'hmac-sha256', secrets: ['other'] } })
    expect(replaced.body.verification!.secrets.map((s) => s.value)).toEqual(['other'])
  })

  it('edits an inbox, resets the response counter with new rules, and emits inbox.updated', async () => {
    const inbox = await createInbox(t, { name: 'edit me' })
    const updated = nextEvent<Inbox>(t, 'inbox.updated', (d) => d.id === inbox.id)
    const res = await t.api<Inbox>('PATCH', `/api/inboxes/${inbox.id}`, {
      name: 'edited',
      response: { status: 202, body: '{"got":"{{body.id}}"}', sequence: { steps: [{ status: 500 }], repeat: false } },
      verification: { scheme: 'stripe', secrets: ['whsec_abc'] },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ name: 'edited', response: { status: 202, body: '{"got":"{{body.id}}"}', counter: 0 } })
    expect(res.body.verification).toMatchObject({ profileId: null, scheme: 'stripe' })
    expect((await updated).data.name).toBe('edited')

    const off = await t.api<Inbox>('PATCH', `/api/inboxes/${inbox.id}`, { verification: null })
    expect(off.body.verification).toBeNull()
  })

  it('rotates the secret: the new one first, the previous one accepted for the grace period', async () => {
    const inbox = await createInbox(t, { name: 'rotate', verification: { scheme: 'hmac-sha256', secrets: [{ value: 'first', label: 'v1' }] } })
    const res = await t.api<Inbox>('POST', `/api/inboxes/${inbox.id}/rotate-secret`, { secret: 'second', label: 'v2', graceSec: 3600 })
    expect(res.status).toBe(200)
    const now = t.clock.now()
    expect(res.body.verification!.secrets).toEqual([
      { value: 'second', label: 'v2', expiresAt: null, live: true },
      { value: 'first', label: 'v1', expiresAt: new Date(now + 3600_000).toISOString(), live: true },
    ])
    const generated = await t.api<Inbox>('POST', `/api/inboxes/${inbox.id}/rotate-secret`, {})
    // generated in the bare hmac-sha256 scheme's shape: any string, as generated-secrets.test.ts checks per preset
    expect(generated.body.verification!.secrets[0]!.value).toMatch(/^[0-9a-f]{48}$/)
  })

  it('refuses a rotation past 20 kept secrets, keeping the secrets as they were', async () => {
    const inbox = await createInbox(t, { name: 'rotate-many', verification: { scheme: 'hmac-sha256', secrets: ['s0'] } })
    for (let i = 1; i < 20; i++) expect((await t.api('POST', `/api/inboxes/${inbox.id}/rotate-secret`, { secret: `s${i}` })).status).toBe(200)
    const full = (await t.api<Inbox>('GET', `/api/inboxes/${inbox.id}`)).body.verification!.secrets
    expect(full).toHaveLength(20)
    const refused = await t.api('POST', `/api/inboxes/${inbox.id}/rotate-secret`, { secret: 's20' })
    expect(refused).toMatchObject({ status: 400, body: { error: 'HB_ERR_INBOX_SECRETS', field: '/graceSec', message: expect.stringContaining('at most 20') } })
    expect((await t.api<Inbox>('GET', `/api/inboxes/${inbox.id}`)).body.verification!.secrets).toEqual(full)
    // Without a grace period the previous secrets stop at once; the latest two stay, expired, to
    // tell a sender still signing with one what it is doing.
    const now = await t.api<Inbox>('POST', `/api/inboxes/${inbox.id}/rotate-secret`, { secret: 's20', graceSec: 0 })
    const kept = now.body.verification!.secrets
    expect(kept.map((s) => s.value)).toEqual(['s20', 's19', 's18'])
    expect(kept[0]!.expiresAt).toBeNull()
    expect(kept.slice(1).every((s) => s.expiresAt !== null && Date.parse(s.expiresAt) <= t.clock.wallNow())).toBe(true)
    const body = '{"id":"evt_1"}'
    const signed = signRequest({ scheme: 'hmac-sha256', secrets: ['s19'], body: Buffer.from(body) })
    expect((await t.ingest('POST', `/${inbox.slug}`, body, Object.fromEntries(signed.headers))).status).toBe(200)
    const got = await latest(t, inbox.id)
    expect(got.analysis).toMatchObject({ verdict: 'invalid', diagnosis: { code: 'rotated_secret' } })
  })

  it('deletes an inbox and its requests; its URL then answers 404', async () => {
    const inbox = await createInbox(t, { name: 'doomed', slug: 'doomed' })
    expect((await t.ingest('POST', '/doomed', '{}', { 'content-type': 'application/json' })).status).toBe(200)
    const deleted = nextEvent<{ id: string }>(t, 'inbox.deleted', (d) => d.id === inbox.id)
    expect((await t.api('DELETE', `/api/inboxes/${inbox.id}`)).status).toBe(204)
    await deleted
    expect((await t.api('GET', `/api/inboxes/${inbox.id}`)).status).toBe(404)
    expect((await t.ingest('POST', '/doomed', '{}')).status).toBe(404)
  })

  describe('rejects bad input with a 400 naming the field, and stores nothing', () => {
    const cases: Array<[string, unknown, string]> = [
      ['an unknown field', { name: 'x', colour: 'red' }, '/colour'],
      ['a missing name', { slug: 'abc' }, '/name'],
      ['a slug that is not URL-safe', { name: 'x', slug: 'Bad Slug!' }, '/slug'],
      ['both a profile and a scheme', { name: 'x', verification: { profileId: 'stripe', scheme: 'stripe', secrets: [] } }, '/verification/scheme'],
      ['neither a profile nor a scheme', { name: 'x', verification: { secrets: ['s'] } }, '/verification/scheme'],
      ['an unknown profile', { name: 'x', verification: { profileId: 'nope', secrets: ['s'] } }, '/verification/profileId'],
      ['an unknown scheme', { name: 'x', verification: { scheme: 'md5', secrets: ['s'] } }, '/verification/scheme'],
      ['an option the scheme does not read', { name: 'x', verification: { scheme: 'stripe', secrets: ['s'], options: { prefix: 'v9=' } } }, '/verification/options/prefix'],
      ['a Standard Webhooks secret that is not whsec_ base64', { name: 'x', verification: { scheme: 'standard-webhooks', secrets: ['not base64!'] } }, '/verification/secrets'],
      ['a bad CIDR', { name: 'x', allowlist: { cidrs: ['10.0.0.0/8', '300.1.1.1/24'], enforce: true } }, '/allowlist/cidrs/1'],
      ['an enforced allowlist with no ranges (it would refuse every request)', { name: 'x', allowlist: { cidrs: [], enforce: true } }, '/allowlist/cidrs'],
      ['hang with a sequence, which would never be used', { name: 'x', response: { status: 200, hang: true, sequence: { steps: [{ status: 500 }] } } }, '/response/sequence'],
      ['hang with a failure rate, which would never be used', { name: 'x', response: { status: 200, hang: true, failureRate: 0.5 } }, '/response/failureRate'],
      ['fromForward with hang, which would never be used', { name: 'x', forwardTo: ['http://127.0.0.1:3000/hooks'], response: { status: 200, fromForward: true, hang: true } }, '/response/hang'],
      ['fromForward with a sequence, which would never be used', { name: 'x', forwardTo: ['http://127.0.0.1:3000/hooks'], response: { status: 200, fromForward: true, sequence: { steps: [{ status: 500 }] } } }, '/response/sequence'],
      ['a failure rate under a repeating sequence, which would never be drawn', { name: 'x', response: { status: 200, failureRate: 0.2, sequence: { steps: [{ status: 500 }], repeat: true } } }, '/response/failureRate'],
      ['a forward target that is not a URL', { name: 'x', forwardTo: ['localhost:3000'] }, '/forwardTo/0'],
      ['a forward target with another protocol', { name: 'x', forwardTo: ['ftp://example.com/x'] }, '/forwardTo/0'],
      ['an unknown template placeholder', { name: 'x', response: { status: 200, body: '{{secret.value}}' } }, '/response/body'],
      ['a response status out of range', { name: 'x', response: { status: 99 } }, '/response/status'],
      ['a response header Hookbench manages', { name: 'x', response: { status: 200, headers: { 'Content-Length': '3' } } }, '/response/headers/Content-Length'],
      ['fromForward without a target', { name: 'x', response: { status: 200, fromForward: true } }, '/response/fromForward'],
      ['a failure rate above 1', { name: 'x', response: { status: 200, failureRate: 1.5 } }, '/response/failureRate'],
      ['a body limit above the ingest ceiling', { name: 'x', limits: { maxBodyBytes: 65 * 1024 * 1024 } }, '/limits/maxBodyBytes'],
      ['a retention of zero', { name: 'x', limits: { retention: 0 } }, '/limits/retention'],
    ]
    for (const [what, body, field] of cases) {
      it(`rejects ${what}`, async () => {
        const before = (await t.api<{ items: Inbox[] }>('GET', '/api/inboxes')).body.items.length
        const res = await t.api<{ error: string; message: string; field?: string }>('POST', '/api/inboxes', body)
        expect(res.status).toBe(400)
        expect(res.body.field).toBe(field)
        expect(res.body.message.length).toBeGreaterThan(10)
        expect((await t.api<{ items: Inbox[] }>('GET', '/api/inboxes')).body.items.length).toBe(before)
      })
    }

    it('says which response setting would be ignored and why, also on an edit, and accepts settings that can all apply', async () => {
      const hang = await t.api<{ error: string; message: string }>('POST', '/api/inboxes', { name: 'x', response: { status: 200, hang: true, sequence: { steps: [{ status: 500 }] } } })
      expect(hang.body).toMatchObject({
        error: 'HB_ERR_INBOX_RESPONSE',
        message: 'response.sequence would never be used while response.hang is on: no request is answered at all. Remove the sequence, or turn hang off.',
      })
      const inbox = await createInbox(t, { name: 'proxy rules', forwardTo: ['http://127.0.0.1:3000/hooks'] })
      const forward = await t.api<{ message: string; field: string }>('PATCH', `/api/inboxes/${inbox.id}`, { response: { status: 200, fromForward: true, failureRate: 0.1 } })
      expect(forward.status).toBe(400)
      expect(forward.body).toMatchObject({ field: '/response/failureRate', message: expect.stringContaining("while response.fromForward is on: every request is answered with the first forward target's response") })
      const allow = await t.api<{ message: string }>('PATCH', `/api/inboxes/${inbox.id}`, { allowlist: { cidrs: [], enforce: true } })
      expect(allow.status).toBe(400)
      expect(allow.body.message).toMatch(/^An enforced allowlist with no ranges would refuse every request \(403\)/)
      expect((await t.api<Inbox>('GET', `/api/inboxes/${inbox.id}`)).body).toMatchObject({ allowlist: null, response: { fromForward: false, failureRate: 0 } })

      // Each of these can take effect: the failure draws start once a non-repeating sequence is used up; a step may hang on its own.
      for (const response of [
        { status: 200, failureRate: 0.2, sequence: { steps: [{ status: 500 }] } },
        { status: 200, sequence: { steps: [{ status: 200, hang: true }, { status: 500 }], repeat: true } },
        { status: 200, hang: true, delayMs: 0, failureRate: 0 },
      ]) {
        expect((await t.api('PATCH', `/api/inboxes/${inbox.id}`, { response })).status, JSON.stringify(response)).toBe(200)
      }
      expect((await t.api('PATCH', `/api/inboxes/${inbox.id}`, { allowlist: { cidrs: [], enforce: false } })).status).toBe(200)
    })

    it('says the shape a response sequence takes, built from what was sent, when it comes as "500,500,200" (a list or text), also on an edit', async () => {
      const before = (await t.api<{ items: Inbox[] }>('GET', '/api/inboxes')).body.items.length
      const list = await t.api<{ error: string; message: string; field: string }>('POST', '/api/inboxes', { name: 'x', response: { sequence: [500, 500, 200] } })
      expect(list).toMatchObject({ status: 400, body: { error: 'HB_ERR_VALIDATION', field: '/response/sequence' } })
      expect(list.body.message).toBe(
        'body/response/sequence must be an object such as {"steps":[{"status":500},{"status":500},{"status":200}]}, not a list: each step is an object with its status ' +
          '(and optionally headers, body, delayMs, hang); add "repeat": true to start over after the last step. ' +
          'The response needs "status" too: what it answers once the steps are used up (e.g. 200).',
      )
      const text = await t.api<{ message: string; field: string }>('POST', '/api/inboxes', { name: 'x', response: { status: 200, sequence: '503, 429,200' } })
      expect(text).toMatchObject({ status: 400, body: { field: '/response/sequence' } })
      expect(text.body.message).toMatch(/^body\/response\/sequence must be an object such as \{"steps":\[\{"status":503\},\{"status":429\},\{"status":200\}\]\}, not text: /)
      expect(text.body.message).not.toContain('needs "status" too')
      // Statuses where steps go: the step is named, and the steps are written out.
      const inbox = await createInbox(t, { name: 'sequence shape' })
      const steps = await t.api<{ message: string; field: string }>('PATCH', `/api/inboxes/${inbox.id}`, { response: { status: 200, sequence: { steps: [{ status: 500 }, 500, 200], repeat: true } } })
      expect(steps).toMatchObject({ status: 400, body: { field: '/response/sequence/steps/1' } })
      expect(steps.body.message).toBe('body/response/sequence/steps/1 must be an object such as {"status":500}, not 500: write the steps as {"steps":[{"status":500},{"status":500},{"status":200}],"repeat":true}.')
      expect((await t.api<{ items: Inbox[] }>('GET', '/api/inboxes')).body.items.length).toBe(before + 1)
      expect((await t.api<Inbox>('GET', `/api/inboxes/${inbox.id}`)).body.response.sequence).toBeNull()
      // The shape it names is taken as it is, and stored as the API documents it.
      const taken = await t.api<Inbox>('PATCH', `/api/inboxes/${inbox.id}`, { response: { status: 200, sequence: { steps: [{ status: 500 }, { status: 500 }, { status: 200 }], repeat: true } } })
      expect(taken.status).toBe(200)
      expect(taken.body.response.sequence).toEqual({ steps: [{ status: 500 }, { status: 500 }, { status: 200 }], repeat: true })
    })

    it('takes and refuses the same secrets as a webhook of the same profile (one rule: the scheme decodes the key)', async () => {
      const secrets = ['notwhsec', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_abc', 'not base64!', 'plain-text-secret']
      for (const profileId of ['standard-webhooks', 'stripe', 'workflows']) {
        for (const secret of secrets) {
          const webhook = await t.api('POST', '/api/webhooks', { name: 'w', url: 'https://example.com/hooks', profileId, events: ['*'], secret, skipVerification: true })
          const inbox = await t.api('POST', '/api/inboxes', { name: 'i', verification: { profileId, secrets: [secret] } })
          expect(inbox.status === 201, `${profileId} ${secret}: webhook ${webhook.status}, inbox ${inbox.status}`).toBe(webhook.status === 201)
        }
      }
    })

    it('rejects a slug that is taken with 409', async () => {
      await createInbox(t, { name: 'one', slug: 'taken' })
      const res = await t.api<{ error: string; field: string }>('POST', '/api/inboxes', { name: 'two', slug: 'taken' })
      expect(res.status).toBe(409)
      expect(res.body).toMatchObject({ error: 'HB_ERR_INBOX_SLUG_TAKEN', field: '/slug' })
    })

    it('rejects a forward target that is the inbox itself', async () => {
      const res = await t.api<{ field: string }>('POST', '/api/inboxes', { name: 'loop', slug: 'loop', forwardTo: [`${t.engine.urls.ingest}/loop/x`] })
      expect(res.status).toBe(400)
      expect(res.body.field).toBe('/forwardTo/0')
    })

    it('rejects forwards that lead back to the inbox through other inboxes, also when a rename closes the loop', async () => {
      const ingest = t.engine.urls.ingest
      const a = await createInbox(t, { name: 'cycle a', slug: 'cyca' })
      await createInbox(t, { name: 'cycle b', slug: 'cycb', forwardTo: [`${ingest}/cycc/in`] })
      await createInbox(t, { name: 'cycle c', slug: 'cycc', forwardTo: [`${ingest}/cyca`] })
      const res = await t.api<{ error: string; field: string; message: string }>('PATCH', `/api/inboxes/${a.id}`, { forwardTo: ['http://localhost:3000/hooks', `${ingest}/cycb`] })
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({ error: 'HB_ERR_INBOX_FORWARD_URL', field: '/forwardTo/1' })
      expect(res.body.message).toContain('leads back to this inbox (cyca → cycb → cycc → cyca)')
      expect((await t.api<Inbox>('GET', `/api/inboxes/${a.id}`)).body.forwardTo).toEqual([])
      // d forwards to a slug nobody has yet; e forwards to d: renaming e to that slug closes e → d → e.
      await createInbox(t, { name: 'cycle d', slug: 'cycd', forwardTo: [`${ingest}/cyce`] })
      const e = await createInbox(t, { name: 'cycle e', slug: 'cyce-old', forwardTo: [`${ingest}/cycd`] })
      const rename = await t.api<{ error: string; field: string; message: string }>('PATCH', `/api/inboxes/${e.id}`, { slug: 'cyce' })
      expect(rename.status).toBe(400)
      expect(rename.body).toMatchObject({ error: 'HB_ERR_INBOX_FORWARD_URL', field: '/forwardTo/0' })
      expect(rename.body.message).toContain('(cyce → cycd → cyce)')
      expect((await t.api<Inbox>('GET', `/api/inboxes/${e.id}`)).body.slug).toBe('cyce-old')
    })

    it('rejects an empty edit, an unknown inbox, and a rotation without verification', async () => {
      const inbox = await createInbox(t, { name: 'plain' })
      expect((await t.api('PATCH', `/api/inboxes/${inbox.id}`, {})).status).toBe(400)
      expect((await t.api('PATCH', '/api/inboxes/inb_nope', { name: 'x' })).status).toBe(404)
      const rot = await t.api<{ error: string }>('POST', `/api/inboxes/${inbox.id}/rotate-secret`, {})
      expect(rot.status).toBe(400)
      expect(rot.body.error).toBe('HB_ERR_INBOX_VERIFICATION')
      const unchanged = await t.api<Inbox>('GET', `/api/inboxes/${inbox.id}`)
      expect(unchanged.body.verification).toBeNull()
    })

    it('leaves an inbox untouched when an edit is refused', async () => {
      const inbox = await createInbox(t, { name: 'keep', response: { status: 201 } })
      const res = await t.api('PATCH', `/api/inboxes/${inbox.id}`, { name: 'changed', response: { status: 200, body: '{{nope}}' } })
      expect(res.status).toBe(400)
      const read = await t.api<Inbox>('GET', `/api/inboxes/${inbox.id}`)
      expect(read.body).toMatchObject({ name: 'keep', response: { status: 201 } })
    })
  })
})
