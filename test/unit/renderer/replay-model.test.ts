import { describe, expect, it } from 'vitest'
import { httpUrlProblem } from '../../../src-shared/http-url'
import {
  buildReplayInput,
  bulkEta,
  bulkFilter,
  convertBody,
  headersToText,
  importContentType,
  initialBody,
  inReceivedOrder,
  loadRecentTargets,
  NO_RESIGN,
  parseHeaderLines,
  rememberTarget,
  inboxSecret,
  resignInput,
  resignLike,
  saveRecentTarget,
  sendOptions,
  snippetOf,
  type ReplayForm,
} from '../../../src-renderer/features/replay/replay-model'
import { bytesToBase64 } from '../../../src-renderer/lib/content'
import { NO_FILTERS } from '../../../src-renderer/stores/requests'

const enc = (s: string) => new TextEncoder().encode(s)

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data }
}

describe('recent targets', () => {
  it('puts the latest target first, once, and keeps the eight most recent', () => {
    let list: string[] = []
    for (let i = 0; i < 10; i++) list = rememberTarget(list, `http://h/${i}`)
    expect(list).toHaveLength(8)
    expect(list[0]).toBe('http://h/9')
    expect(rememberTarget(list, 'http://h/5')[0]).toBe('http://h/5')
    expect(rememberTarget(list, 'http://h/5').filter((u) => u === 'http://h/5')).toHaveLength(1)
    expect(rememberTarget(['a'], '   ')).toEqual(['a'])
  })

  it('survives corrupt or missing storage', () => {
    expect(loadRecentTargets(undefined)).toEqual([])
    expect(loadRecentTargets(memoryStorage({ 'hookbench.replay.recentTargets': '{not json' }))).toEqual([])
    expect(loadRecentTargets(memoryStorage({ 'hookbench.replay.recentTargets': '[1,"http://x",null]' }))).toEqual(['http://x'])
    const store = memoryStorage()
    saveRecentTarget(store, 'http://a')
    expect(saveRecentTarget(store, 'http://b')).toEqual(['http://b', 'http://a'])
    expect(loadRecentTargets(store)).toEqual(['http://b', 'http://a'])
    const full = { getItem: () => null, setItem: () => { throw new Error('quota') } }
    expect(saveRecentTarget(full, 'http://c')).toEqual(['http://c'])
  })
})

describe('target URL', () => {
  it('accepts http and https URLs and says what to fix otherwise', () => {
    expect(httpUrlProblem('http://localhost:3000/webhooks')).toBeNull()
    expect(httpUrlProblem(' https://staging.example/hooks ')).toBeNull()
    expect(httpUrlProblem('')).toMatch(/Give the URL/)
    expect(httpUrlProblem('localhost:3000')).toMatch(/write it like http:\/\/localhost:3000/)
    expect(httpUrlProblem('ftp://x/y')).toMatch(/not ftp:/)
  })
})

describe('headers', () => {
  it('round-trips headers in order with duplicates and colons in values', () => {
    const headers: [string, string][] = [
      ['Content-Type', 'application/json'],
      ['X-Dup', 'a'],
      ['X-Dup', 'b'],
      ['Stripe-Signature', 't=1,v1=abc:def'],
      ['X-Empty', ''],
    ]
    expect(parseHeaderLines(headersToText(headers))).toEqual({ ok: true, headers })
  })

  it('names the line that is not a header', () => {
    expect(parseHeaderLines('A: 1\n\nno colon here')).toEqual({ ok: false, error: expect.stringMatching(/^Line 3: /) })
    expect(parseHeaderLines('Bad Name: 1')).toEqual({ ok: false, error: expect.stringMatching(/Line 1: "Bad Name" is not a valid header name/) })
    expect(parseHeaderLines(': x')).toMatchObject({ ok: false })
  })
})

describe('body editing', () => {
  it('edits JSON as JSON, text as text and binary as base64', () => {
    expect(initialBody(enc('{"a":1}'), 'application/json')).toMatchObject({ mode: 'json', text: '{"a":1}' })
    expect(initialBody(enc('a=1&b=2'), 'application/x-www-form-urlencoded')).toMatchObject({ mode: 'text', modes: ['text', 'base64'] })
    expect(initialBody(new Uint8Array([0xff, 0x00, 0x10]), null)).toMatchObject({ mode: 'base64', text: '/wAQ', modes: ['base64'] })
    expect(initialBody(new Uint8Array(), 'application/json').mode).toBe('json')
  })

  it('converts between modes without changing the bytes', () => {
    const b64 = convertBody('{"é":1}', 'json', 'base64')
    expect(b64).toEqual({ ok: true, text: bytesToBase64(enc('{"é":1}')) })
    expect(convertBody(b64.ok ? b64.text : '', 'base64', 'text')).toEqual({ ok: true, text: '{"é":1}' })
    expect(convertBody('/wAQ', 'base64', 'text')).toMatchObject({ ok: false, error: expect.stringMatching(/not UTF-8/) })
    expect(convertBody('***', 'base64', 'text')).toMatchObject({ ok: false, error: expect.stringMatching(/base64/) })
  })
})

describe('the replay input', () => {
  const original = { method: 'POST', headers: [['Content-Type', 'application/json'], ['Webhook-Id', 'msg_1']] as [string, string][], body: enc('{"id":"evt_1"}') }
  const form = (patch: Partial<ReplayForm> = {}): ReplayForm => ({
    url: 'http://localhost:3000/hooks',
    method: 'POST',
    headersText: headersToText(original.headers),
    bodyMode: 'json',
    bodyText: '{"id":"evt_1"}',
    resign: NO_RESIGN,
    eventId: 'keep',
    insecureTls: false,
    ...patch,
  })

  it('sends only the URL when nothing was changed, so the captured bytes go out exactly', () => {
    expect(buildReplayInput(form(), original)).toEqual({ ok: true, input: { url: 'http://localhost:3000/hooks' } })
    // the same bytes typed in another mode are not a change
    expect(buildReplayInput(form({ bodyMode: 'base64', bodyText: bytesToBase64(original.body) }), original)).toEqual({ ok: true, input: { url: 'http://localhost:3000/hooks' } })
  })

  it('sends what changed: method, headers, body as base64, new event id, re-signing, insecure TLS', () => {
    const built = buildReplayInput(
      form({
        method: 'put',
        headersText: 'Content-Type: application/json\nX-Extra: 1',
        bodyText: '{"id":"evt_1","edited":true}',
        eventId: 'new',
        insecureTls: true,
        resign: { on: true, by: 'scheme', profileId: '', scheme: 'stripe', secret: 'whsec_x' },
      }),
      original,
    )
    expect(built).toEqual({
      ok: true,
      input: {
        url: 'http://localhost:3000/hooks',
        method: 'PUT',
        headers: [
          ['Content-Type', 'application/json'],
          ['X-Extra', '1'],
        ],
        bodyBase64: bytesToBase64(enc('{"id":"evt_1","edited":true}')),
        eventId: 'new',
        insecureTls: true,
        resign: { scheme: 'stripe', secret: 'whsec_x' },
      },
    })
  })

  it('lists every problem at once, by field', () => {
    const built = buildReplayInput(
      form({ url: 'nope', method: 'P0ST', headersText: 'broken', bodyMode: 'base64', bodyText: '%%%', resign: { ...NO_RESIGN, on: true, profileId: 'stripe' } }),
      original,
    )
    expect(built.ok).toBe(false)
    if (!built.ok) expect(Object.keys(built.errors).sort()).toEqual(['body', 'headers', 'method', 'secret', 'url'])
  })

  it('re-signs as a profile or a scheme, and needs a secret', () => {
    expect(resignInput(NO_RESIGN)).toEqual({ ok: true, resign: undefined })
    expect(resignInput({ ...NO_RESIGN, on: true, profileId: 'stripe', secret: 's' })).toEqual({ ok: true, resign: { profileId: 'stripe', secret: 's' } })
    expect(resignInput({ ...NO_RESIGN, on: true, by: 'profile', secret: 's' })).toMatchObject({ ok: false, field: 'profile' })
    expect(resignInput({ ...NO_RESIGN, on: true, by: 'scheme', secret: '' })).toMatchObject({ ok: false, field: 'secret' })
  })
})

describe('the options every replay form shares (replay, resend, bulk)', () => {
  const base = { url: ' http://localhost:3000/hooks ', resign: NO_RESIGN, eventId: 'keep' as const, insecureTls: false }

  it('sends the trimmed URL and only the options that are set', () => {
    expect(sendOptions(base)).toEqual({ ok: true, options: { url: 'http://localhost:3000/hooks' } })
    expect(sendOptions({ ...base, eventId: 'new', insecureTls: true, resign: { ...NO_RESIGN, on: true, profileId: 'stripe', secret: 's' } })).toEqual({
      ok: true,
      options: { url: 'http://localhost:3000/hooks', eventId: 'new', insecureTls: true, resign: { profileId: 'stripe', secret: 's' } },
    })
  })

  it('names the URL and the re-signing problems together', () => {
    const built = sendOptions({ ...base, url: 'ftp://x', resign: { ...NO_RESIGN, on: true, profileId: 'stripe' } })
    expect(built.ok).toBe(false)
    if (!built.ok) expect(Object.keys(built.errors).sort()).toEqual(['secret', 'url'])
  })

  it('re-signs as the inbox verifies, with its live secret on offer', () => {
    const secrets = [
      { value: 'old', label: 'a', live: false },
      { value: 'whsec_live', label: 'b', live: true },
    ]
    const byProfile = { verification: { profileId: 'stripe', scheme: 'stripe', secrets } } as unknown as Parameters<typeof resignLike>[0]
    const byScheme = { verification: { profileId: null, scheme: 'github', secrets: [] } } as unknown as Parameters<typeof resignLike>[0]
    expect(resignLike(byProfile)).toEqual({ ...NO_RESIGN, by: 'profile', profileId: 'stripe', scheme: 'stripe' })
    expect(resignLike(byScheme)).toEqual({ ...NO_RESIGN, by: 'scheme', profileId: '', scheme: 'github' })
    expect(resignLike(undefined)).toEqual(NO_RESIGN)
    expect(inboxSecret(byProfile)).toEqual({ value: 'whsec_live', label: "this inbox's secret" })
    expect(inboxSecret(byScheme)).toBeNull()
  })
})

describe('bulk replay', () => {
  it('sends only the filters that are set', () => {
    expect(bulkFilter(NO_FILTERS)).toEqual({})
    expect(bulkFilter({ ...NO_FILTERS, verdict: ['invalid'], duplicate: false, q: '  invoice ', from: '2026-01-01T00:00:00.000Z' })).toEqual({
      verdict: ['invalid'],
      duplicate: false,
      q: 'invoice',
      from: '2026-01-01T00:00:00.000Z',
    })
  })

  it('orders a selection oldest first, whatever the ticking order', () => {
    const items = [
      { id: 'c', receivedAt: '2026-01-01T00:00:03Z' },
      { id: 'b', receivedAt: '2026-01-01T00:00:02Z' },
      { id: 'a', receivedAt: '2026-01-01T00:00:01Z' },
    ]
    expect(inReceivedOrder(['c', 'zz', 'a', 'b'], items)).toEqual(['a', 'b', 'c', 'zz'])
  })

  it('estimates the time left at the job rate', () => {
    expect(bulkEta({ total: 100, sent: 40, ratePerSecond: 5, state: 'running' })).toBe(12)
    expect(bulkEta({ total: 100, sent: 100, ratePerSecond: 5, state: 'done' })).toBeNull()
  })
})

describe('copy-as and import helpers', () => {
  it('turns wire bodies (UTF-8 or base64) back into bytes for the snippets', () => {
    expect(snippetOf({ method: 'POST', url: 'http://x', headers: [], body: 'héllo', bodyEncoding: 'utf8' }).body).toEqual(enc('héllo'))
    expect(Array.from(snippetOf({ method: 'POST', url: 'http://x', headers: [], body: '/wAQ', bodyEncoding: 'base64' }).body)).toEqual([0xff, 0, 0x10])
  })

  it('imports .har and .json as HAR, .ndjson and .jsonl as NDJSON, else by content', () => {
    expect(importContentType('capture.HAR', '')).toBe('application/json')
    expect(importContentType('x.json', '{"id":1}\n')).toBe('application/json')
    expect(importContentType('x.ndjson', '{"log":')).toBe('application/x-ndjson')
    expect(importContentType('x.jsonl', '')).toBe('application/x-ndjson')
    expect(importContentType('download', ' {\n  "log": {')).toBe('application/json')
    expect(importContentType('download', '{"id":"req_1"}\n{"id":"req_2"}')).toBe('application/x-ndjson')
  })
})
