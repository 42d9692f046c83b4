import { validateHeaderValue } from 'node:http'
import { describe, expect, it } from 'vitest'
import {
  chooseResponse,
  compileRules,
  compileTemplate,
  DEFAULT_RESPONSE,
  renderChoice,
  renderTemplate,
  seededDraw,
  type TemplateScope,
} from '../../../../src-main/engine/receiver/response-rules'

const scope: TemplateScope = {
  method: 'POST',
  path: '/orders/7',
  query: new URLSearchParams('page=2&tag=a&tag=b'),
  headers: [
    ['X-Request-Id', 'abc-123'],
    ['x-request-id', 'second'],
  ],
  json: { id: 'evt_1', data: { object: { id: 'in_9', amount: 4200, paid: true, lines: [1, 2] } } },
  eventId: 'evt_1',
  eventType: 'invoice.paid',
  requestId: 'req_1',
  now: '2026-01-01T00:00:00.000Z',
}
const render = (source: string) => renderTemplate(compileTemplate(source, '/response/body'), scope)

describe('response templates', () => {
  it('renders request fields, headers (first value, any case), query values and JSON body paths', () => {
    expect(render('{{method}} {{path}} {{query.page}} {{query.tag}}')).toBe('POST /orders/7 2 a')
    expect(render('{{header.x-request-id}}|{{headers.X-REQUEST-ID}}')).toBe('abc-123|abc-123')
    expect(render('{{body.id}} {{body.data.object.amount}} {{body.data.object.paid}}')).toBe('evt_1 4200 true')
    expect(render('{{body.data.object.lines}}')).toBe('[1,2]')
    expect(render('{{ event.id }}/{{event.type}}/{{request.id}}/{{now}}')).toBe('evt_1/invoice.paid/req_1/2026-01-01T00:00:00.000Z')
  })

  it('renders a missing value as an empty string', () => {
    expect(render('[{{body.nope}}][{{body.id.deeper}}][{{query.none}}][{{header.x-none}}]')).toBe('[][][][]')
    expect(renderTemplate(compileTemplate('{{body.id}}', ''), { ...scope, json: undefined })).toBe('')
  })

  it('keeps a JSON body valid: a value inside a string is escaped, a value outside one is JSON (null when missing)', () => {
    const json = (source: string, body: unknown) => renderTemplate(compileTemplate(source, '/response/body', true), { ...scope, json: body })
    const body = { data: { name: 'Zoë "quoted" <b>\\ \n', n: 7, list: [1, 'a'], id: 'evt_9' } }
    const out = json('{"got":"{{body.data.name}}","n":{{body.data.n}},"obj":{{body.data}},"id":{{body.data.id}},"none":{{body.nope}},"m":"{{method}} {{body.data}}"}', body)
    expect(JSON.parse(out)).toEqual({ got: 'Zoë "quoted" <b>\\ \n', n: 7, obj: body.data, id: 'evt_9', none: null, m: `POST ${JSON.stringify(body.data)}` })
    // A body that is not JSON: every value is missing, the answer still parses.
    expect(JSON.parse(json('[{{body.a}}, "{{body.b}}", {{event.id}}]', undefined))).toEqual([null, '', 'evt_1'])
    // An escaped quote in the literal text does not end the string.
    expect(JSON.parse(json('{"a":"x\\"{{method}}"}', body))).toEqual({ a: 'x"POST' })
    // Text that does not read as JSON is rendered as text.
    expect(json('name={{body.data.name}}', body)).toBe('name=Zoë "quoted" <b>\\ \n')
  })

  it('leaves text without placeholders untouched, braces included', () => {
    expect(render('{"ok":true,"n":{}}')).toBe('{"ok":true,"n":{}}')
  })

  it('rejects unknown placeholders with a 400 naming the field', () => {
    for (const bad of ['{{secret}}', '{{method.x}}', '{{event.name}}', '{{request.ip}}', '{{query}}', '{{}}']) {
      expect(() => compileTemplate(bad, '/response/body'), bad).toThrowError(expect.objectContaining({ statusCode: 400, field: '/response/body' }))
    }
  })
})

describe('choosing the response', () => {
  it('answers the default response when no rules are set', () => {
    const c = compileRules(undefined)
    const choice = chooseResponse(c, 0)
    expect(choice).toMatchObject({ source: 'rules', status: 200, hang: false, delayMs: 0 })
    const r = renderChoice(choice, scope)
    expect(r.headers).toEqual([['content-type', 'application/json']])
    expect(JSON.parse(r.body.toString())).toEqual({ ok: true, requestId: 'req_1' })
    expect(DEFAULT_RESPONSE.status).toBe(200)
  })

  it('runs a sequence once, then falls back to the base response; steps inherit unset fields', () => {
    const c = compileRules({ status: 200, body: 'base', delayMs: 10, sequence: { steps: [{ status: 500 }, { status: 503, body: 'busy', delayMs: 0 }] } })
    const picks = [0, 1, 2, 3].map((n) => chooseResponse(c, n))
    expect(picks.map((p) => [p.status, p.source, p.step, p.delayMs])).toEqual([
      [500, 'sequence', 0, 10],
      [503, 'sequence', 1, 0],
      [200, 'rules', null, 10],
      [200, 'rules', null, 10],
    ])
    expect(renderChoice(picks[0]!, scope).body.toString()).toBe('base')
    expect(renderChoice(picks[1]!, scope).body.toString()).toBe('busy')
  })

  it('repeats a sequence when asked', () => {
    const c = compileRules({ status: 200, sequence: { steps: [{ status: 500 }, { status: 500 }, { status: 200 }], repeat: true } })
    expect(Array.from({ length: 7 }, (_, n) => chooseResponse(c, n).status)).toEqual([500, 500, 200, 500, 500, 200, 500])
  })

  it('hangs before anything else, and a sequence step may hang on its own', () => {
    expect(chooseResponse(compileRules({ status: 200, hang: true, sequence: { steps: [{ status: 500 }] } }), 0)).toMatchObject({ hang: true, source: 'hang' })
    const c = compileRules({ status: 200, sequence: { steps: [{ status: 200, hang: true }] } })
    expect(chooseResponse(c, 0)).toMatchObject({ hang: true, source: 'hang', step: 0 })
    expect(chooseResponse(c, 1)).toMatchObject({ hang: false, source: 'rules' })
  })

  it('draws failures deterministically from a seed and the request number', () => {
    const c = compileRules({ status: 200, failureRate: 0.3, failureStatus: 502, seed: 7 })
    const run = () => Array.from({ length: 200 }, (_, n) => chooseResponse(c, n).status)
    expect(run()).toEqual(run())
    const failures = run().filter((s) => s === 502).length
    expect(failures).toBeGreaterThan(0)
    expect(failures).toBeLessThan(200)
    expect(chooseResponse(compileRules({ status: 200, failureRate: 1 }), 0, () => 0.99).status).toBe(500)
    expect(chooseResponse(compileRules({ status: 200, failureRate: 0 }), 0, () => 0).status).toBe(200)
  })

  it('spreads seeded draws over [0, 1)', () => {
    const draws = Array.from({ length: 1000 }, (_, n) => seededDraw(123, n))
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...draws)).toBeLessThan(1)
    expect(new Set(draws.map((d) => Math.floor(d * 10))).size).toBe(10)
    expect(seededDraw(1, 5)).not.toBe(seededDraw(2, 5))
  })

  it('refuses headers that would corrupt the response framing, or span lines', () => {
    expect(() => compileRules({ status: 200, headers: { 'Transfer-Encoding': 'chunked' } })).toThrowError(expect.objectContaining({ field: '/response/headers/Transfer-Encoding' }))
    expect(() => compileRules({ status: 200, headers: { 'X-A': 'a\r\nX-B: b' } })).toThrowError(expect.objectContaining({ statusCode: 400 }))
    expect(() => compileRules({ status: 200, headers: { 'bad name': 'x' } })).toThrowError(expect.objectContaining({ statusCode: 400 }))
    // The field is a JSON pointer: "/" and "~" in a name are escaped.
    expect(() => compileRules({ status: 200, headers: { 'a/b~c': 'x' } })).toThrowError(expect.objectContaining({ statusCode: 400, field: '/response/headers/a~1b~0c' }))
  })

  it('strips line breaks that a templated header value would carry', () => {
    const c = compileRules({ status: 200, headers: { 'x-echo': '{{body.id}}' } })
    const r = renderChoice(chooseResponse(c, 0), { ...scope, json: { id: 'a\r\nSet-Cookie: x' } })
    expect(r.headers).toEqual([['x-echo', 'a Set-Cookie: x']])
  })

  it('percent-encodes a templated value beyond ASCII, and control characters, as UTF-8; echoes a request header byte for byte', () => {
    const c = compileRules({ status: 200, headers: { 'x-name': 'n={{body.name}}', 'x-echo': '{{header.x-latin}}' } })
    const name = (value: unknown) => renderChoice(chooseResponse(c, 0), { ...scope, json: { name: value } }).headers[0]![1]
    expect(name('日本 ✓')).toBe('n=%E6%97%A5%E6%9C%AC %E2%9C%93')
    expect(name('a\u0000b\u007fc\td')).toBe('n=a%00b%7Fc\td')
    // Latin-1 text too: one rule for every non-ASCII character (it went out as the lone byte FC).
    expect(name('Zürich 100%')).toBe('n=Z%C3%BCrich 100%')
    // A request header reaches us as bytes (one per character): sent back the same.
    const echoed = renderChoice(chooseResponse(c, 0), { ...scope, headers: [['X-Latin', 'caf\u00e9 \u00c3\u00a9']] }).headers[1]![1]
    expect(echoed).toBe('caf\u00e9 \u00c3\u00a9')
    expect(name('\ud800x')).toBe('n=%EF%BF%BDx')
    for (const v of ['日本 ✓', '\u0001\u0100', '\ud83d\ude00']) expect(() => validateHeaderValue('x-name', name(v))).not.toThrow()
  })
})
