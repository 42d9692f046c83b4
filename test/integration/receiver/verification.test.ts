import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxReanalyzedEvent } from '../../../src-shared/api/inboxes'
import type { SigningOptions, SigningSchemeId } from '../../../src-shared/signing-schemes'
import { signRequest } from '../../../src-main/engine/signing'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { createInbox, latest, listRequests, nextEvent, rawHttp } from './helpers'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const OTHER = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD'

const SCHEMES: Array<{ scheme: SigningSchemeId; options?: SigningOptions }> = [
  { scheme: 'hmac-sha256' },
  { scheme: 'standard-webhooks' },
  { scheme: 'stripe' },
  { scheme: 'github' },
  { scheme: 'slack' },
  { scheme: 'shopify' },
  {
    scheme: 'custom',
    options: {
      headerName: 'X-Acme-Signature',
      prefix: 'v1=',
      algorithm: 'sha512',
      encoding: 'base64',
      template: '{id}:{timestamp}:{body}',
      timestampHeader: 'X-Acme-Timestamp',
      timestampFormat: 'iso',
      idHeader: 'X-Acme-Id',
    },
  },
]

const body = JSON.stringify({ id: 'evt_1', type: 'invoice.paid', created: 1767225600, data: { object: { id: 'in_1', amount: 4200 } } })

describe('signature verification of captured requests', () => {
  let t: TestEngine
  beforeAll(async () => {
    t = await startTestEngine()
  })
  afterAll(() => t.stop())

  const send = (slug: string, headers: [string, string][], payload = body) =>
    t.ingest('POST', `/${slug}`, payload, { 'content-type': 'application/json', ...Object.fromEntries(headers) })
  const signed = (scheme: SigningSchemeId, options: SigningOptions | undefined, secret: string, payload = body, timestamp = t.clock.now() / 1000) =>
    signRequest({ scheme, options, secrets: [secret], body: Buffer.from(payload), id: 'msg_1', timestamp }).headers

  for (const { scheme, options } of SCHEMES) {
    it(`verifies ${scheme}: valid with the right secret, invalid with a diagnosis with another`, async () => {
      const slug = `v-${scheme}`
      const inbox = await createInbox(t, { name: scheme, slug, verification: { scheme, secrets: [{ value: SECRET, label: 'current' }], ...(options ? { options } : {}) } })
      expect((await send(slug, signed(scheme, options, SECRET))).status).toBe(200)
      const good = await latest(t, inbox.id)
      expect(good.verdict).toBe('valid')
      expect(good.analysis).toMatchObject({ verdict: 'valid', matchedSecret: 'current', scheme, diagnosis: null })
      expect(good.analysis.details?.signedContent).toContain('"evt_1"')

      await send(slug, signed(scheme, options, OTHER))
      const bad = await latest(t, inbox.id)
      expect(bad.analysis.verdict).toBe('invalid')
      expect(bad.analysis.reason).toMatch(/not match/)
      expect(bad.analysis.diagnosis).toMatchObject({ code: expect.any(String), sentence: expect.any(String), fix: expect.any(String) })
      expect(bad.analysis.details?.expected?.length).toBeGreaterThan(0)
    })
  }

  it('names the mistake when the sender signed re-serialized JSON instead of the raw body', async () => {
    const inbox = await createInbox(t, { name: 'reser', slug: 'reser', verification: { scheme: 'hmac-sha256', secrets: [SECRET] } })
    const pretty = JSON.stringify(JSON.parse(body), null, 2)
    await send('reser', signed('hmac-sha256', undefined, SECRET, body), pretty)
    const d = await latest(t, inbox.id)
    expect(d.analysis.verdict).toBe('invalid')
    expect(d.analysis.diagnosis?.code).toBe('reserialized_json')
  })

  it('says a signature cut short is cut short, and whether it is the beginning of the expected one (TaskHub, GitHub)', async () => {
    const taskhub = await createInbox(t, { name: 'cut', slug: 'cut-taskhub', verification: { profileId: 'taskhub', secrets: [SECRET] } })
    const full = signed('hmac-sha256', { headerName: 'X-Webhook-Signature', prefix: 'sha256=' }, SECRET)[0]![1]
    await send('cut-taskhub', [['X-Webhook-Signature', full.slice(0, 'sha256='.length + 20)]])
    const d = await latest(t, taskhub.id)
    expect(d.analysis.verdict).toBe('invalid')
    expect(d.analysis.diagnosis).toMatchObject({ code: 'truncated', secret: '#1' })
    expect(d.analysis.diagnosis?.sentence).toMatch(/^The signature in X-Webhook-Signature is 20 hex characters after "sha256="; HMAC-SHA256 in hex is 64\. It was cut short/)
    expect(d.analysis.diagnosis?.sentence).toContain('What arrived is the beginning of the expected value, so the secret and the signed bytes are right')

    const github = await createInbox(t, { name: 'cut gh', slug: 'cut-github', verification: { profileId: 'github', secrets: [SECRET] } })
    await send('cut-github', [['X-Hub-Signature-256', 'sha256=00']])
    const g = await latest(t, github.id)
    expect(g.analysis.verdict).toBe('invalid')
    expect(g.analysis.diagnosis?.code).toBe('truncated')
    expect(g.analysis.diagnosis?.sentence).toContain('is 2 hex characters after "sha256="; HMAC-SHA256 in hex is 64.')
  })

  it('reports missing, malformed, stale and unsecured requests with their verdicts', async () => {
    const inbox = await createInbox(t, { name: 'sw', slug: 'sw', verification: { scheme: 'standard-webhooks', secrets: [SECRET] } })
    await send('sw', [])
    expect((await latest(t, inbox.id)).verdict).toBe('missing_signature')
    await send('sw', [['webhook-id', 'msg_1'], ['webhook-timestamp', 'yesterday'], ['webhook-signature', 'v1,abc']])
    expect((await latest(t, inbox.id)).verdict).toBe('malformed_header')
    await send('sw', signed('standard-webhooks', undefined, SECRET, body, t.clock.now() / 1000 - 3600))
    const stale = await latest(t, inbox.id)
    expect(stale.verdict).toBe('stale_timestamp')
    expect(stale.analysis.reason).toMatch(/tolerance/)

    const empty = await createInbox(t, { name: 'nosecret', slug: 'nosecret', verification: { scheme: 'stripe', secrets: [] } })
    await send('nosecret', signed('stripe', undefined, SECRET))
    expect((await latest(t, empty.id)).verdict).toBe('no_secret')

    const none = await createInbox(t, { name: 'none', slug: 'none' })
    await send('none', signed('stripe', undefined, SECRET))
    const plain = await latest(t, none.id)
    expect(plain.analysis).toMatchObject({ verdict: 'not_configured', diagnosis: null, details: null, scheme: null })
  })

  it('reports a signature header that holds no signature at all as malformed, not invalid, saying what it should hold', async () => {
    const now = String(Math.floor(t.clock.now() / 1000))
    const cases: Array<{ scheme: SigningSchemeId; headers: [string, string][]; says: string }> = [
      { scheme: 'standard-webhooks', headers: [['webhook-id', 'msg_1'], ['webhook-timestamp', now], ['webhook-signature', 'garbage']], says: '"v1,<base64>" signatures separated by spaces' },
      { scheme: 'stripe', headers: [['stripe-signature', `t=${now},garbage`]], says: 't=<unix seconds>,v1=<hex>' },
      { scheme: 'slack', headers: [['x-slack-request-timestamp', now], ['x-slack-signature', 'garbage']], says: '"v0=<hex digest>"' },
      { scheme: 'github', headers: [['x-hub-signature-256', 'garbage']], says: '"sha256=<hex digest>"' },
    ]
    for (const c of cases) {
      const inbox = await createInbox(t, { name: `junk ${c.scheme}`, slug: `junk-${c.scheme}`, verification: { scheme: c.scheme, secrets: [SECRET] } })
      await send(`junk-${c.scheme}`, c.headers)
      const d = await latest(t, inbox.id)
      expect(d.verdict, c.scheme).toBe('malformed_header')
      expect(d.analysis.reason, c.scheme).toContain('"garbage"')
      expect(d.analysis.reason, c.scheme).toContain(c.says)
      expect(d.analysis.diagnosis, c.scheme).toBeNull()
    }
  })

  it('keeps a signature header sent twice valid when one line matches, but warns that a handler sees the lines joined with ", " and fails', async () => {
    const inbox = await createInbox(t, { name: 'twice', slug: 'twice', verification: { profileId: 'workestra', secrets: [SECRET] } })
    const right = signed('hmac-sha256', { headerName: 'X-Workestra-Signature', prefix: 'sha256=' }, SECRET)[0]![1]
    // As curl -H twice sends it: two header lines.
    const head = `POST /twice HTTP/1.1\r\nHost: hookbench\r\nContent-Type: application/json\r\nX-Workestra-Signature: ${right}\r\nX-Workestra-Signature: sha256=abc\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`
    expect(await rawHttp(t.engine.urls.ingest, head + body)).toMatch(/^HTTP\/1.1 200/)
    const d = await latest(t, inbox.id)
    expect(d.analysis.verdict).toBe('valid')
    expect(d.analysis.details?.received).toEqual([right, 'sha256=abc'])
    expect(d.analysis.diagnosis).toMatchObject({ code: 'header_repeated', fix: 'Send X-Workestra-Signature once, with one signature ("sha256=<hex digest>").' })
    const sentence = d.analysis.diagnosis!.sentence
    expect(sentence).toMatch(/^The X-Workestra-Signature header arrived 2 times\. /)
    expect(sentence).toContain('join a repeated header into one value with ", "')
    expect(sentence).toContain(`sees "${right.slice(0, 28)}…${right.slice(-11)}, sha256=abc", which is not one signature, and rejects the request.`)

    // Several signatures in ONE line are a scheme's own syntax: no warning.
    const sw = await createInbox(t, { name: 'sw one line', slug: 'sw-one-line', verification: { scheme: 'standard-webhooks', secrets: [SECRET] } })
    const swHeaders = signRequest({ scheme: 'standard-webhooks', secrets: [SECRET, OTHER], body: Buffer.from(body), id: 'msg_1', timestamp: t.clock.now() / 1000 }).headers
    expect(swHeaders.find(([n]) => n === 'webhook-signature')![1]).toMatch(/^v1,\S+ v1,\S+$/)
    await send('sw-one-line', swHeaders)
    expect((await latest(t, sw.id)).analysis).toMatchObject({ verdict: 'valid', diagnosis: null })
    // The same signatures on two lines are not.
    const [first, second] = swHeaders.find(([n]) => n === 'webhook-signature')![1].split(' ')
    const lines = swHeaders.filter(([n]) => n !== 'webhook-signature').map(([n, v]) => `${n}: ${v}\r\n`).join('')
    const twoLines = `POST /sw-one-line HTTP/1.1\r\nHost: hookbench\r\nContent-Type: application/json\r\n${lines}webhook-signature: ${first}\r\nwebhook-signature: ${second}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`
    await rawHttp(t.engine.urls.ingest, twoLines + body)
    const repeated = (await latest(t, sw.id)).analysis
    expect(repeated.verdict).toBe('valid')
    expect(repeated.diagnosis).toMatchObject({ code: 'header_repeated', fix: 'Send one webhook-signature line that holds every signature ("v1,<sig 1> v1,<sig 2>"), as the scheme defines.' })
  })

  it('says a Stripe t= in milliseconds is far in the future and looks like milliseconds, once, beside the timestamp_ms diagnosis', async () => {
    const inbox = await createInbox(t, { name: 'ms', slug: 'stripe-ms', verification: { profileId: 'stripe', secrets: [SECRET] } })
    const ms = t.clock.now()
    await send('stripe-ms', signed('stripe', undefined, SECRET, body, ms))
    const d = await latest(t, inbox.id)
    expect(d.analysis.verdict).toBe('stale_timestamp')
    expect(d.analysis.reason).toBe(
      `The signature matches secret #1, but the timestamp (t=${ms} in Stripe-Signature) is far in the future, beyond the 5 min tolerance: it looks like milliseconds where this scheme expects unix seconds.`,
    )
    expect(d.analysis.diagnosis?.code).toBe('timestamp_ms')
    expect(d.analysis.details?.ageSec).toBeLessThan(0)
    // The list (and the live item) carry the same age, so a row can say future-dated as the detail does.
    const [item] = (await listRequests(t, inbox.id)).items
    expect(item).toMatchObject({ verdict: 'stale_timestamp', timestampAgeSec: d.analysis.details!.ageSec })
    // A re-analysis that no longer finds it stale clears it.
    const finished = nextEvent<InboxReanalyzedEvent>(t, 'inbox.reanalyzed', (e) => e.inboxId === inbox.id && e.finished)
    await t.api('PATCH', `/api/inboxes/${inbox.id}`, { verification: { scheme: 'stripe', secrets: [SECRET], options: { toleranceSec: 0 } } })
    await finished
    expect((await listRequests(t, inbox.id)).items[0]).toMatchObject({ verdict: 'valid', timestampAgeSec: null })
  })

  it('accepts a previous secret during a rotation and says which secret matched', async () => {
    const inbox = await createInbox(t, { name: 'rot', slug: 'rot', verification: { scheme: 'hmac-sha256', secrets: [{ value: 'old', label: 'v1' }] } })
    await t.api('POST', `/api/inboxes/${inbox.id}/rotate-secret`, { secret: 'new', label: 'v2', graceSec: 600 })
    await send('rot', signed('hmac-sha256', undefined, 'old'))
    const d = await latest(t, inbox.id)
    expect(d.analysis).toMatchObject({ verdict: 'valid', matchedSecret: 'v1' })
  })

  it('re-analyses every stored request, in batches, when the verification changes', async () => {
    const inbox = await createInbox(t, { name: 'later', slug: 'later' })
    for (let i = 0; i < 7; i++) await send('later', signed('github', undefined, SECRET))
    expect((await listRequests(t, inbox.id, 'verdict=not_configured')).total).toBe(7)

    const finished = nextEvent<InboxReanalyzedEvent>(t, 'inbox.reanalyzed', (e) => e.inboxId === inbox.id && e.finished)
    await t.api('PATCH', `/api/inboxes/${inbox.id}`, { verification: { profileId: 'github', secrets: [SECRET] } })
    expect((await finished).data).toEqual({ inboxId: inbox.id, done: 7, total: 7, finished: true })
    expect((await listRequests(t, inbox.id, 'verdict=valid')).total).toBe(7)
    const d = await latest(t, inbox.id)
    expect(d.analysis).toMatchObject({ verdict: 'valid', profileId: 'github', scheme: 'github' })

    const again = nextEvent<InboxReanalyzedEvent>(t, 'inbox.reanalyzed', (e) => e.inboxId === inbox.id && e.finished)
    await t.api('PATCH', `/api/inboxes/${inbox.id}`, { verification: { profileId: 'github', secrets: [OTHER] } })
    await again
    expect((await listRequests(t, inbox.id, 'verdict=invalid')).total).toBe(7)
    expect((await latest(t, inbox.id)).analysis.diagnosis).not.toBeNull()
  })

  it("follows an edit of the user profile it verifies as, and holds that profile's deletion", async () => {
    const clone = await t.api('POST', '/api/profiles/workestra/clone', { id: 'workestra-mine' })
    expect(clone.status, JSON.stringify(clone.body)).toBe(201)
    const inbox = await createInbox(t, { name: 'mine', slug: 'mine', verification: { profileId: 'workestra-mine', secrets: [SECRET] } })
    const workestra = { scheme: 'hmac-sha256' as const, options: { headerName: 'X-Workestra-Signature', prefix: 'sha256=' } }
    expect((await send('mine', signed(workestra.scheme, workestra.options, SECRET))).status).toBe(200)
    expect((await latest(t, inbox.id)).analysis.verdict).toBe('valid')

    const finished = nextEvent<InboxReanalyzedEvent>(t, 'inbox.reanalyzed', (e) => e.inboxId === inbox.id && e.finished)
    const edited = await t.api('PATCH', '/api/profiles/workestra-mine', { signing: { headerName: 'X-Mine-Signature', prefix: '' } })
    expect(edited.status, JSON.stringify(edited.body)).toBe(200)
    await finished
    // The request signed the old way is judged again under the profile as it is now.
    expect((await latest(t, inbox.id)).analysis).toMatchObject({ verdict: 'missing_signature', reason: expect.stringContaining('X-Mine-Signature') })
    expect((await send('mine', signed('hmac-sha256', { headerName: 'X-Mine-Signature', prefix: '' }, SECRET))).status).toBe(200)
    expect((await latest(t, inbox.id)).analysis.verdict).toBe('valid')

    // An edit that changes nothing of the signing (a rename) leaves the inbox and its verdicts alone:
    // a change would be announced before the edit answers.
    const announced: string[] = []
    const off = t.engine.ctx.events.subscribe((e) => {
      if ((e.topic === 'inbox.updated' || e.topic === 'inbox.reanalyzed') && (e.data as { id?: string; inboxId?: string }).id === inbox.id) announced.push(e.topic)
      if (e.topic === 'inbox.reanalyzed' && (e.data as { inboxId: string }).inboxId === inbox.id) announced.push(e.topic)
    })
    expect((await t.api('PATCH', '/api/profiles/workestra-mine', { name: 'Mine, renamed' })).status).toBe(200)
    off()
    expect(announced).toEqual([])

    const refused = await t.api('DELETE', '/api/profiles/workestra-mine')
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ error: 'HB_ERR_PROFILE_IN_USE', message: 'The inbox "mine" verifies as the profile "workestra-mine": change its verification first.' })
    expect((await t.api('GET', '/api/profiles/workestra-mine')).status).toBe(200)
    await t.api('PATCH', `/api/inboxes/${inbox.id}`, { verification: null })
    expect((await t.api('DELETE', '/api/profiles/workestra-mine')).status).toBe(204)
  })

  it('judges a re-analysed request as of its receipt time, not as of now', async () => {
    const inbox = await createInbox(t, { name: 'then', slug: 'then' })
    await send('then', signed('stripe', undefined, SECRET))
    await t.clock.advance(24 * 3600_000)
    const finished = nextEvent<InboxReanalyzedEvent>(t, 'inbox.reanalyzed', (e) => e.inboxId === inbox.id && e.finished)
    await t.api('PATCH', `/api/inboxes/${inbox.id}`, { verification: { scheme: 'stripe', secrets: [SECRET] } })
    await finished
    expect((await latest(t, inbox.id)).verdict).toBe('valid')
  })

  it('re-analyses on demand through POST /reanalyze', async () => {
    const inbox = await createInbox(t, { name: 'demand', slug: 'demand' })
    await send('demand', [])
    const finished = nextEvent<InboxReanalyzedEvent>(t, 'inbox.reanalyzed', (e) => e.inboxId === inbox.id && e.finished)
    const res = await t.api('POST', `/api/inboxes/${inbox.id}/reanalyze`)
    expect(res).toMatchObject({ status: 200, body: { queued: 1 } })
    await finished
  })
})
