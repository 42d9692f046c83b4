import { describe, expect, it } from 'vitest'
import type { Inbox } from '../../../src-shared/api/inboxes'
import {
  buildInput,
  buildPatch,
  defaultForm,
  fieldOfPointer,
  formatByteSize,
  formFromInbox,
  generatedSecret,
  parseByteSize,
  parseSequence,
} from '../../../src-renderer/features/inboxes/inbox-form-model'

const inbox: Inbox = {
  id: 'inb_1',
  name: 'Stripe staging',
  slug: 'stripe-staging',
  url: 'http://127.0.0.1:4320/stripe-staging',
  urls: [{ url: 'http://127.0.0.1:4320/stripe-staging', kind: 'loopback' }],
  verification: {
    profileId: 'stripe',
    scheme: 'stripe',
    options: { toleranceSec: 300 },
    overrides: {},
    secrets: [{ value: 'whsec_a', label: 'current', expiresAt: null, live: true }],
    description: {} as never,
  },
  response: {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: '{"ok":true}',
    delayMs: 0,
    sequence: { steps: [{ status: 500, body: 'custom' }, { status: 200 }], repeat: false },
    failureRate: 0,
    failureStatus: 500,
    seed: null,
    hang: false,
    fromForward: false,
    counter: 7,
  },
  forwardTo: ['http://localhost:3000/webhooks'],
  forwardTimeoutMs: 10_000,
  allowlist: null,
  limits: { maxBodyBytes: 10 * 1024 * 1024, retention: 10_000 },
  stats: { requestCount: 0, lastRequest: null },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
}

describe('inbox form model', () => {
  it('builds a create input from the form, with verification, rules, forwards and limits', () => {
    const f = {
      ...defaultForm(),
      name: ' Payments ',
      verifyMode: 'scheme' as const,
      scheme: 'hmac-sha256' as const,
      options: { headerName: 'X-Sig', prefix: 'sha256=', template: 'ignored: hmac-sha256 does not read it' },
      secrets: [{ value: 's3cret', label: '', expiresAt: '' }, { value: 'old', label: 'previous', expiresAt: '2030-01-01T00:00:00.000Z' }],
      sequenceText: '500, hang, 200/1500ms, 201/2s',
      sequenceRepeat: true,
      failureRatePct: '12.5',
      seed: '42',
      forwardText: 'http://localhost:3000/a\n\n https://example.test/b ',
      allowlistText: '192.0.2.0/24, 2001:db8::/32',
      allowlistEnforce: true,
      maxBodySize: '1.5 MiB',
    }
    const { input, errors } = buildInput(f)
    expect(errors).toEqual({})
    expect(input).toEqual({
      name: 'Payments',
      verification: {
        scheme: 'hmac-sha256',
        secrets: ['s3cret', { value: 'old', label: 'previous', expiresAt: '2030-01-01T00:00:00.000Z' }],
        options: { headerName: 'X-Sig', prefix: 'sha256=' },
      },
      response: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"ok":true,"requestId":"{{request.id}}"}',
        delayMs: 0,
        sequence: { steps: [{ status: 500 }, { status: 200, hang: true }, { status: 200, delayMs: 1500 }, { status: 201, delayMs: 2000 }], repeat: true },
        failureRate: 0.125,
        failureStatus: 500,
        seed: 42,
      },
      forwardTo: ['http://localhost:3000/a', 'https://example.test/b'],
      forwardTimeoutMs: 10_000,
      allowlist: { cidrs: ['192.0.2.0/24', '2001:db8::/32'], enforce: true },
      limits: { maxBodyBytes: 1572864, retention: 10_000 },
    })
  })

  it('says which field is wrong, in words', () => {
    const { errors } = buildInput({ ...defaultForm(), status: '99', sequenceText: '500, nope', forwardText: 'ftp://x', retention: '0' })
    expect(errors.name).toMatch(/name/)
    expect(errors.status).toMatch(/200 to 599/)
    expect(errors.sequenceText).toMatch(/"nope" is not a step/)
    expect(errors.forwardText).toMatch(/not an http\(s\) URL/)
    expect(errors.retention).toMatch(/1 to 1000000/)
  })

  it('patches only what changed, so the sequence counter and the analysis are left alone', () => {
    const form = formFromInbox(inbox)
    expect(buildPatch(form, inbox, 'stripe').patch).toEqual({})
    expect(buildPatch({ ...form, name: 'Renamed' }, inbox, 'stripe').patch).toEqual({ name: 'Renamed' })
    const forwards = buildPatch({ ...form, forwardText: '' }, inbox, 'stripe').patch
    expect(forwards).toEqual({ forwardTo: [] })
    const verification = buildPatch({ ...form, verifyMode: 'none' }, inbox, 'stripe').patch
    expect(verification).toEqual({ verification: null })
  })

  it('keeps sequence steps set through the API while their text is unchanged', () => {
    const form = formFromInbox(inbox)
    expect(form.sequenceText).toBe('500, 200')
    const same = buildInput(form, { original: inbox }).input.response!.sequence!.steps
    expect(same[0]).toEqual({ status: 500, body: 'custom' })
    const changed = buildPatch({ ...form, sequenceText: '503, 200' }, inbox, 'stripe').patch
    expect(changed.response?.sequence?.steps).toEqual([{ status: 503 }, { status: 200 }])
  })

  it('never changes a body limit that was not edited, even one that is not a whole MiB', () => {
    const small = { ...inbox, limits: { maxBodyBytes: 1024, retention: 5 } }
    const form = formFromInbox(small)
    expect(form.maxBodySize).toBe('1 KiB')
    expect(buildPatch({ ...form, retention: '6' }, small, 'stripe').patch).toEqual({ limits: { retention: 6 } })
    const odd = { ...inbox, limits: { maxBodyBytes: 1049, retention: 5 } }
    expect(formFromInbox(odd).maxBodySize).toBe('1049 B')
    expect(buildPatch(formFromInbox(odd), odd, 'stripe').patch).toEqual({})
    expect(buildPatch({ ...formFromInbox(odd), maxBodySize: '2 KiB' }, odd, 'stripe').patch).toEqual({ limits: { maxBodyBytes: 2048 } })
  })

  it('reads and writes body sizes with their unit', () => {
    expect(formatByteSize(10 * 1024 * 1024)).toBe('10 MiB')
    expect(formatByteSize(1536 * 1024)).toBe('1536 KiB')
    expect(formatByteSize(1000)).toBe('1000 B')
    expect(parseByteSize('10')).toBe(10 * 1024 * 1024) // a bare number is MiB, the field's old unit
    expect(parseByteSize(' 1.5 MiB ')).toBe(1572864)
    expect(parseByteSize('512kb')).toBe(512 * 1024)
    expect(parseByteSize('1049 B')).toBe(1049)
    expect(parseByteSize('ten')).toBeNaN()
    expect(parseByteSize('-1 MiB')).toBeNaN()
    expect(parseByteSize('3 GiB')).toBeNaN()
    expect(buildInput({ ...defaultForm(), name: 'x', maxBodySize: '65 MiB' }).errors.maxBodySize).toMatch(/up to 64 MiB/)
    expect(buildInput({ ...defaultForm(), name: 'x', maxBodySize: '5 apples' }).errors.maxBodySize).toMatch(/10 MiB, 512 KiB or 1500 B/)
  })

  it('parses the sequence shorthand', () => {
    expect(parseSequence('500 500,200')).toEqual({ steps: [{ status: 500 }, { status: 500 }, { status: 200 }] })
    expect(parseSequence('700')).toEqual({ error: '700 is not a status an inbox can answer (200-599).' })
  })

  it('maps API error pointers to form fields', () => {
    expect(fieldOfPointer('/response/sequence/steps/0/status')).toBe('sequenceText')
    expect(fieldOfPointer('/slug')).toBe('slug')
    expect(fieldOfPointer('/verification/secrets/1')).toBe('secrets')
    // a response setting another one overrides (the engine names the one that would be ignored)
    expect(fieldOfPointer('/response/hang')).toBe('hang')
    expect(fieldOfPointer('/response/fromForward')).toBe('fromForward')
    expect(fieldOfPointer('/response/failureRate')).toBe('failureRatePct')
    expect(fieldOfPointer('/unknown')).toBeNull()
    expect(fieldOfPointer(undefined)).toBeNull()
  })

  it('generates a secret in the shape the profile or scheme hands out, as the engine does', () => {
    const workflows = { scheme: 'hmac-sha256' as const, signing: { prefix: 'sha256=' }, secretShape: 'whsec' as const }
    const taskhub = { scheme: 'hmac-sha256' as const, signing: { prefix: 'sha256=' }, secretShape: 'any' as const }
    const standard = { scheme: 'standard-webhooks' as const, signing: {}, secretShape: 'whsec' as const }
    const profileForm = { ...defaultForm(), verifyMode: 'profile' as const }
    expect(generatedSecret(profileForm, workflows)).toMatch(/^whsec_[0-9a-f]{32}$/)
    expect(generatedSecret(profileForm, taskhub)).toMatch(/^[0-9a-f]{48}$/)
    expect(generatedSecret(profileForm, standard)).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    // profiles not loaded yet: a whsec_ + base64 secret, which every scheme accepts
    expect(generatedSecret(profileForm, undefined)).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    const schemeForm = { ...defaultForm(), verifyMode: 'scheme' as const }
    expect(generatedSecret({ ...schemeForm, scheme: 'github' }, undefined)).toMatch(/^[0-9a-f]{48}$/)
    expect(generatedSecret({ ...schemeForm, scheme: 'stripe' }, undefined)).toMatch(/^whsec_[0-9a-f]{32}$/)
    expect(generatedSecret({ ...schemeForm, scheme: 'custom', options: { secretFormat: 'whsec' } }, undefined)).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(generatedSecret(profileForm, workflows)).not.toBe(generatedSecret(profileForm, workflows))
  })
})
