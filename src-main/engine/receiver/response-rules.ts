import { DEFAULT_RESPONSE_BODY, defaultErrorBody, type ResponseRules, type ResponseStep } from '../../../src-shared/api/inboxes'
import type { ResponseSource } from '../../../src-shared/api/requests'
import { pointerToken } from '../../../src-shared/api/errors'
import { badRequest } from '../errors'
import { HEADER_NAME, UNSENDABLE_HEADER_CHAR } from '../http/header-syntax'
import { FRAMING_HEADERS } from '../http/outbound'

/**
 * Response rules: what an inbox answers, so a team can rehearse its retry and auto-disable
 * behaviour. Pure functions: the caller passes the request counter `n` (0-based, persisted per
 * inbox) so sequences and seeded failure draws are deterministic.
 */

export const DEFAULT_RESPONSE: Required<Pick<ResponseRules, 'status' | 'headers' | 'body' | 'delayMs'>> = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: DEFAULT_RESPONSE_BODY,
  delayMs: 0,
}
export const DEFAULT_FAILURE_STATUS = 500
const FAILURE_BODY = '{"error":"simulated failure","requestId":"{{request.id}}"}'

/** What a template can read from the request. */
export interface TemplateScope {
  method: string
  /** Path below the slug. */
  path: string
  query: URLSearchParams
  headers: readonly (readonly [string, string])[]
  /** The parsed JSON body, or undefined. */
  json: unknown
  eventId: string | null
  eventType: string | null
  requestId: string
  now: string
}

/**
 * A placeholder in a JSON body knows where it stands: inside a string literal (`"{{body.name}}"`:
 * the value is escaped) or as a value (`{{body.data}}`: written as JSON, `null` when missing), so
 * the answer stays valid JSON whatever the request holds. Elsewhere it is plain text.
 */
type Part = { text: string } | { expr: string[]; json?: 'string' | 'value' }
export interface CompiledTemplate {
  source: string
  parts: Part[]
  /** No placeholder: render is the source itself. */
  constant: boolean
}

const ROOTS = new Set(['method', 'path', 'query', 'header', 'headers', 'body', 'event', 'request', 'now'])

/** A body template is rendered as JSON when it reads as JSON: it begins with `{` or `[`. */
const looksLikeJson = (source: string) => /^\s*[[{]/.test(source)

/**
 * Parses `{{...}}` placeholders; throws a 400 naming `field` for an unknown one. With `asBody`,
 * a template that reads as JSON places each value as JSON (see Part).
 */
export function compileTemplate(source: string, field: string, asBody = false): CompiledTemplate {
  const parts: Part[] = []
  const json = asBody && looksLikeJson(source)
  let last = 0
  let inString = false
  const scan = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\\' && inString) i++
      else if (text[i] === '"') inString = !inString
    }
  }
  for (const m of source.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)) {
    if (m.index > last) {
      parts.push({ text: source.slice(last, m.index) })
      if (json) scan(source.slice(last, m.index))
    }
    const expr = m[1]!
    const [root, ...rest] = expr.split('.')
    const ok =
      ROOTS.has(root ?? '') &&
      ((root === 'method' || root === 'path' || root === 'now') ? rest.length === 0 : true) &&
      ((root === 'query' || root === 'header' || root === 'headers') ? rest.length >= 1 && rest.join('.').length > 0 : true) &&
      (root === 'event' ? rest.length === 1 && (rest[0] === 'id' || rest[0] === 'type') : true) &&
      (root === 'request' ? rest.length === 1 && rest[0] === 'id' : true)
    if (!ok) {
      throw badRequest(
        'HB_ERR_INBOX_TEMPLATE',
        `Unknown placeholder {{${expr}}}: use {{method}}, {{path}}, {{query.NAME}}, {{header.NAME}}, {{body.PATH}} (e.g. {{body.data.id}}), {{event.id}}, {{event.type}}, {{request.id}} or {{now}}.`,
        field,
      )
    }
    parts.push(json ? { expr: [root!, ...rest], json: inString ? 'string' : 'value' } : { expr: [root!, ...rest] })
    last = m.index + m[0].length
  }
  if (last < source.length) parts.push({ text: source.slice(last) })
  return { source, parts, constant: parts.every((p) => 'text' in p) }
}

/**
 * Renders a compiled template; missing values render as '' (as `null` for a JSON value). In a
 * header (`target` 'header'), a value from the request body, query or event is percent-encoded
 * as UTF-8 beyond ASCII ("Zoë" reads "Zo%C3%AB", as "日本" always did), while a request header's
 * value is echoed byte for byte as received.
 */
export function renderTemplate(t: CompiledTemplate, scope: TemplateScope, target: 'body' | 'header' = 'body'): string {
  if (t.constant) return t.source
  let out = ''
  for (const part of t.parts) {
    if ('text' in part) out += part.text
    else if (part.json === 'value') out += JSON.stringify(valueOf(part.expr, scope) ?? null)
    else {
      const text = textOf(valueOf(part.expr, scope))
      if (part.json === 'string') out += JSON.stringify(text).slice(1, -1)
      else out += target === 'header' && !isRequestHeader(part.expr) ? percentEncodeBeyondAscii(text) : text
    }
  }
  return out
}

const isRequestHeader = (expr: string[]) => expr[0] === 'header' || expr[0] === 'headers'
const percentEncodeBeyondAscii = (text: string) => text.replace(/[^\x00-\x7f]+/gu, percentUtf8)

/** Text as %XX escapes of its UTF-8 bytes (a lone surrogate encodes as U+FFFD). */
function percentUtf8(text: string): string {
  let out = ''
  for (const byte of Buffer.from(text, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  return out
}
const textOf = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v))

/** The value a placeholder names: a string, or any JSON value of the body; undefined when missing. */
function valueOf(expr: string[], s: TemplateScope): unknown {
  const [root, ...rest] = expr
  switch (root) {
    case 'method':
      return s.method
    case 'path':
      return s.path
    case 'now':
      return s.now
    case 'query':
      return s.query.get(rest.join('.')) ?? undefined
    case 'header':
    case 'headers': {
      const name = rest.join('.').toLowerCase()
      return s.headers.find(([n]) => n.toLowerCase() === name)?.[1]
    }
    case 'event':
      return (rest[0] === 'id' ? s.eventId : s.eventType) ?? undefined
    case 'request':
      return s.requestId
    case 'body': {
      let v: unknown = s.json
      for (const key of rest) {
        if (v === null || typeof v !== 'object') return undefined
        v = (v as Record<string, unknown>)[key]
      }
      return v
    }
    default:
      return undefined
  }
}

interface CompiledStep {
  status: number
  headers: Array<[string, CompiledTemplate]> | null
  body: CompiledTemplate | null
  delayMs: number | null
  hang: boolean
}

/** Response rules with defaults applied and templates compiled once per configuration. */
export interface CompiledRules {
  rules: ResponseRules
  status: number
  headers: Array<[string, CompiledTemplate]>
  /** The body a sequence step without one falls back to. */
  body: CompiledTemplate
  /** The body of the base answer: `body`, or `defaultErrorBody` when an error status keeps the default body. */
  baseBody: CompiledTemplate
  delayMs: number
  steps: CompiledStep[] | null
  repeat: boolean
  failureRate: number
  failureStatus: number
  seed: number | null
  hang: boolean
  fromForward: boolean
}

function compileHeaders(headers: Record<string, string> | undefined, field: string): Array<[string, CompiledTemplate]> {
  return Object.entries(headers ?? {}).map(([name, value]) => {
    const at = `${field}/${pointerToken(name)}`
    if (!HEADER_NAME.test(name)) throw badRequest('HB_ERR_INBOX_RESPONSE', `"${name}" is not a valid header name; use letters, digits and dashes.`, at)
    if (FRAMING_HEADERS.has(name.toLowerCase())) {
      throw badRequest('HB_ERR_INBOX_RESPONSE', `The ${name} header is set by Hookbench itself; remove it from the response headers.`, at)
    }
    if (/[\r\n]/.test(value)) throw badRequest('HB_ERR_INBOX_RESPONSE', `The value of ${name} must be on one line.`, at)
    return [name, compileTemplate(value, at)]
  })
}

function compileStep(step: ResponseStep, i: number): CompiledStep {
  const field = `/response/sequence/steps/${i}`
  return {
    status: step.status,
    headers: step.headers ? compileHeaders(step.headers, `${field}/headers`) : null,
    body: step.body !== undefined ? compileTemplate(step.body, `${field}/body`, true) : null,
    delayMs: step.delayMs ?? null,
    hang: step.hang ?? false,
  }
}

/** Validates and compiles response rules; throws a 400 naming the field on a bad template or header. */
export function compileRules(input: ResponseRules | undefined): CompiledRules {
  const rules: ResponseRules = input ?? { ...DEFAULT_RESPONSE }
  const body = compileTemplate(rules.body ?? (input ? '' : DEFAULT_RESPONSE.body), '/response/body', true)
  // An error status (the base one, or a step's) that would answer the default "ok": true body says ok: false instead.
  const defaultBody = body.source === DEFAULT_RESPONSE_BODY
  const errorBody = (status: number) => compileTemplate(defaultErrorBody(status), '/response/body', true)
  const steps = rules.sequence
    ? rules.sequence.steps.map((step, i) => {
        const s = compileStep(step, i)
        return s.body === null && s.status >= 400 && defaultBody ? { ...s, body: errorBody(s.status) } : s
      })
    : null
  return {
    rules,
    status: rules.status,
    headers: compileHeaders(rules.headers ?? (input ? {} : DEFAULT_RESPONSE.headers), '/response/headers'),
    body,
    baseBody: defaultBody && rules.status >= 400 ? errorBody(rules.status) : body,
    delayMs: rules.delayMs ?? 0,
    steps,
    repeat: rules.sequence?.repeat ?? false,
    failureRate: rules.failureRate ?? 0,
    failureStatus: rules.failureStatus ?? DEFAULT_FAILURE_STATUS,
    seed: rules.seed ?? null,
    hang: rules.hang ?? false,
    fromForward: rules.fromForward ?? false,
  }
}

/** The response chosen for request number `n`, before templates are rendered. */
export interface ResponseChoice {
  source: ResponseSource
  status: number
  headers: Array<[string, CompiledTemplate]>
  body: CompiledTemplate
  delayMs: number
  hang: boolean
  step: number | null
}

const FAILURE_TEMPLATE = compileTemplate(FAILURE_BODY, '/response/body', true)

/** Picks the response for the n-th request (0-based): hang > sequence step > failure draw > base. */
export function chooseResponse(c: CompiledRules, n: number, random: () => number = Math.random): ResponseChoice {
  const base: ResponseChoice = { source: 'rules', status: c.status, headers: c.headers, body: c.baseBody, delayMs: c.delayMs, hang: false, step: null }
  if (c.hang) return { ...base, source: 'hang', hang: true }
  if (c.steps && (c.repeat || n < c.steps.length)) {
    const index = n % c.steps.length
    const s = c.steps[index]!
    return {
      source: s.hang ? 'hang' : 'sequence',
      status: s.status,
      headers: s.headers ?? c.headers,
      body: s.body ?? c.body,
      delayMs: s.delayMs ?? c.delayMs,
      hang: s.hang,
      step: index,
    }
  }
  if (c.failureRate > 0) {
    const draw = c.seed === null ? random() : seededDraw(c.seed, n)
    if (draw < c.failureRate) {
      return { ...base, source: 'failure-rate', status: c.failureStatus, body: FAILURE_TEMPLATE, headers: [['content-type', compileTemplate('application/json', '')]] }
    }
  }
  return base
}

/** A float in [0, 1) that depends only on (seed, n): request n's draw does not move with concurrency. */
export function seededDraw(seed: number, n: number): number {
  let x = (seed ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b)
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35)
  x ^= x >>> 16
  return (x >>> 0) / 4294967296
}

const UNSENDABLE_ALL = new RegExp(UNSENDABLE_HEADER_CHAR.source, 'gu')

/**
 * A header value that can be written: line breaks become a space and any other character a
 * header cannot carry (controls, text beyond Latin-1 typed in a rule or from a forward target)
 * is percent-encoded as UTF-8, so the answer is always sent and is exactly what is stored.
 */
export function sendableHeaderValue(value: string): string {
  const oneLine = value.replace(/[\r\n]+/g, ' ')
  if (!UNSENDABLE_HEADER_CHAR.test(oneLine)) return oneLine
  return oneLine.replace(UNSENDABLE_ALL, percentUtf8)
}

/** 204 and 304 carry no body on the wire, whatever an answer holds. */
export const bodylessStatus = (status: number): boolean => status === 204 || status === 304

/** Renders a choice into bytes and header pairs. */
export function renderChoice(choice: ResponseChoice, scope: TemplateScope): { status: number; headers: [string, string][]; body: Buffer } {
  const headers: [string, string][] = choice.headers.map(([n, t]) => [n, sendableHeaderValue(renderTemplate(t, scope, 'header'))])
  // None is rendered for a bodyless status (the stored response is the one sent).
  return { status: choice.status, headers, body: bodylessStatus(choice.status) ? Buffer.alloc(0) : Buffer.from(renderTemplate(choice.body, scope), 'utf8') }
}
