/**
 * The replay forms' logic, without React: recent targets, header and body editing, and the
 * API input built from a form (only what the user changed is sent, so an untouched replay is
 * the captured bytes exactly). Pure: bytes and strings in, plain data out.
 */
import type { Inbox } from '../../../src-shared/api/inboxes'
import type { HeaderPair } from '../../../src-shared/api/sender-common'
import type { BulkReplayInput, ReplayInput, Resign } from '../../../src-shared/api/replay'
import { HEADER_NAME_PATTERN } from '../../../src-shared/catalog'
import type { SigningSchemeId } from '../../../src-shared/signing-schemes'
import type { SnippetRequest } from '../../../src-shared/snippets'
import { httpUrlProblem } from '../../../src-shared/http-url'
import { base64ToBytes, bytesToBase64, decodeUtf8, looksPrintable, parseContentType } from '../../lib/content'
import type { RequestFilters } from '../../stores/requests'

// ---------------------------------------------------------------------------------------------
// Recent targets

export const RECENT_TARGETS_KEY = 'hookbench.replay.recentTargets'
export const MAX_RECENT_TARGETS = 8

/** Puts `url` first, once, and keeps the `max` most recent. */
export function rememberTarget(list: readonly string[], url: string, max = MAX_RECENT_TARGETS): string[] {
  const u = url.trim()
  if (!u) return [...list]
  return [u, ...list.filter((x) => x !== u)].slice(0, max)
}

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>

/** Recent targets from storage; [] when absent, corrupt or when storage is unavailable. */
export function loadRecentTargets(storage: KeyValueStorage | undefined): string[] {
  try {
    const parsed = JSON.parse(storage?.getItem(RECENT_TARGETS_KEY) ?? '[]') as unknown
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string').slice(0, MAX_RECENT_TARGETS) : []
  } catch {
    return []
  }
}

export function saveRecentTarget(storage: KeyValueStorage | undefined, url: string): string[] {
  const next = rememberTarget(loadRecentTargets(storage), url)
  try {
    storage?.setItem(RECENT_TARGETS_KEY, JSON.stringify(next))
  } catch {
    // private mode or full storage: remembering is a convenience
  }
  return next
}

// ---------------------------------------------------------------------------------------------
// Bytes

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** A body on the wire (UTF-8 text or base64, as the engine sends it) as bytes. */
export function wireBytes(body: string, encoding: 'utf8' | 'base64'): Uint8Array {
  return encoding === 'base64' ? base64ToBytes(body) : new TextEncoder().encode(body)
}

/** A request for the copy-as snippets, from wire fields. */
export function snippetOf(r: { method: string; url: string; headers: HeaderPair[]; body: string; bodyEncoding: 'utf8' | 'base64' }): SnippetRequest {
  return { method: r.method, url: r.url, headers: r.headers, body: wireBytes(r.body, r.bodyEncoding) }
}

// ---------------------------------------------------------------------------------------------
// Headers

/** One `Name: value` per line, in order, duplicates kept. */
export const headersToText = (headers: readonly (readonly [string, string])[]) => headers.map(([n, v]) => `${n}: ${v}`).join('\n')

const TOKEN = new RegExp(HEADER_NAME_PATTERN)

export type ParsedHeaders = { ok: true; headers: HeaderPair[] } | { ok: false; error: string }

/** Parses `Name: value` lines (blank lines skipped); says which line is wrong and why. */
export function parseHeaderLines(text: string): ParsedHeaders {
  const headers: HeaderPair[] = []
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (!line.trim()) continue
    const colon = line.indexOf(':')
    if (colon <= 0) return { ok: false, error: `Line ${i + 1}: write "Name: value" (no colon found).` }
    const name = line.slice(0, colon).trim()
    if (!TOKEN.test(name)) return { ok: false, error: `Line ${i + 1}: "${name}" is not a valid header name (letters, digits and - only).` }
    headers.push([name, line.slice(colon + 1).replace(/^[ \t]+/, '')])
  }
  return { ok: true, headers }
}

const sameHeaders = (a: readonly (readonly [string, string])[], b: readonly (readonly [string, string])[]) =>
  a.length === b.length && a.every(([n, v], i) => n === b[i]![0] && v === b[i]![1])

// ---------------------------------------------------------------------------------------------
// Body

export type BodyMode = 'json' | 'text' | 'base64'

/** How to edit a body: JSON when it parses as JSON, text when it is printable UTF-8, else base64. */
export function initialBody(bytes: Uint8Array, contentType: string | null): { mode: BodyMode; text: string; modes: BodyMode[] } {
  const text = decodeUtf8(bytes)
  if (text === null || !looksPrintable(text)) return { mode: 'base64', text: bytesToBase64(bytes), modes: ['base64'] }
  const mime = parseContentType(contentType).mime
  let json = false
  if (text.trim()) {
    try {
      JSON.parse(text)
      json = true
    } catch {
      json = false
    }
  }
  const mode: BodyMode = json || (!text.trim() && /json/.test(mime)) ? 'json' : 'text'
  return { mode, text, modes: mode === 'json' ? ['json', 'text', 'base64'] : ['text', 'base64'] }
}

/** The text of a body shown in another mode (the bytes stay the same). */
export function convertBody(text: string, from: BodyMode, to: BodyMode): { ok: true; text: string } | { ok: false; error: string } {
  if (from === to) return { ok: true, text }
  const bytes = bodyBytes(from, text)
  if (!bytes.ok) return bytes
  if (to === 'base64') return { ok: true, text: bytesToBase64(bytes.bytes) }
  const decoded = decodeUtf8(bytes.bytes)
  if (decoded === null) return { ok: false, error: 'These bytes are not UTF-8 text: edit them as base64.' }
  return { ok: true, text: decoded }
}

/** The bytes a body editor holds. JSON and text are sent as typed (UTF-8); base64 is decoded. */
export function bodyBytes(mode: BodyMode, text: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  if (mode !== 'base64') return { ok: true, bytes: new TextEncoder().encode(text) }
  const clean = text.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return { ok: false, error: 'Not valid base64: use A–Z, a–z, 0–9, + and / (padded with =).' }
  try {
    return { ok: true, bytes: base64ToBytes(clean) }
  } catch {
    return { ok: false, error: 'Not valid base64.' }
  }
}

// ---------------------------------------------------------------------------------------------
// Re-signing and the API input

export interface ResignForm {
  on: boolean
  by: 'profile' | 'scheme'
  profileId: string
  scheme: SigningSchemeId
  secret: string
}

export const NO_RESIGN: ResignForm = { on: false, by: 'profile', profileId: '', scheme: 'standard-webhooks', secret: '' }

export function resignInput(f: ResignForm): { ok: true; resign: Resign | undefined } | { ok: false; field: 'secret' | 'profile'; error: string } {
  if (!f.on) return { ok: true, resign: undefined }
  if (f.by === 'profile' && !f.profileId) return { ok: false, field: 'profile', error: 'Pick the profile to sign as.' }
  if (!f.secret) return { ok: false, field: 'secret', error: "Give the secret to sign with: the receiving app's webhook secret." }
  return { ok: true, resign: f.by === 'profile' ? { profileId: f.profileId, secret: f.secret } : { scheme: f.scheme, secret: f.secret } }
}

/** Re-sign as the inbox verifies (its profile, else its scheme), so a replay to a twin inbox verifies. */
export function resignLike(inbox: Inbox | undefined): ResignForm {
  const v = inbox?.verification
  return { ...NO_RESIGN, profileId: v?.profileId ?? '', by: v && !v.profileId ? 'scheme' : 'profile', scheme: v?.scheme ?? NO_RESIGN.scheme }
}

/** The secret an inbox verifies with, offered for re-signing. */
export function inboxSecret(inbox: Inbox | undefined): { value: string; label: string } | null {
  const s = inbox?.verification?.secrets.find((x) => x.live)
  return s ? { value: s.value, label: "this inbox's secret" } : null
}

/** What the replay, resend and bulk replay forms all have. */
export interface SendOptionsForm {
  url: string
  resign: ResignForm
  eventId: 'keep' | 'new'
  insecureTls: boolean
}

export type SendOptions = Pick<ReplayInput, 'url' | 'resign' | 'eventId' | 'insecureTls'>

/** The target and options of a replay, resend or bulk replay, with only what is set; or what to fix. */
export function sendOptions(form: SendOptionsForm): { ok: true; options: SendOptions } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {}
  const urlError = httpUrlProblem(form.url)
  if (urlError) errors.url = urlError
  const resign = resignInput(form.resign)
  if (!resign.ok) errors[resign.field] = resign.error
  if (urlError || !resign.ok) return { ok: false, errors }
  const options: SendOptions = { url: form.url.trim() }
  if (resign.resign) options.resign = resign.resign
  if (form.eventId === 'new') options.eventId = 'new'
  if (form.insecureTls) options.insecureTls = true
  return { ok: true, options }
}

export interface ReplayForm extends SendOptionsForm {
  method: string
  /** Headers and body are sent only when edited. */
  headersText: string
  bodyMode: BodyMode
  bodyText: string
}

export interface ReplayOriginal {
  method: string
  headers: readonly (readonly [string, string])[]
  body: Uint8Array
}

export type FormErrors = Partial<Record<'url' | 'method' | 'headers' | 'body' | 'secret' | 'profile' | 'rate', string>>

/** The ReplayInput for a form, sending only what differs from the original; or what to fix. */
export function buildReplayInput(form: ReplayForm, original: ReplayOriginal): { ok: true; input: ReplayInput } | { ok: false; errors: FormErrors } {
  const shared = sendOptions(form)
  const errors: FormErrors = shared.ok ? {} : { ...shared.errors }
  const method = form.method.trim().toUpperCase()
  if (!/^[A-Z]+$/.test(method)) errors.method = 'A method is letters only, e.g. POST.'
  const headers = parseHeaderLines(form.headersText)
  if (!headers.ok) errors.headers = headers.error
  const body = bodyBytes(form.bodyMode, form.bodyText)
  if (!body.ok) errors.body = body.error
  if (Object.keys(errors).length || !shared.ok || !headers.ok || !body.ok) return { ok: false, errors }

  const input: ReplayInput = { ...shared.options }
  if (method !== original.method.toUpperCase()) input.method = method
  if (!sameHeaders(headers.headers, original.headers)) input.headers = headers.headers
  if (!bytesEqual(body.bytes, original.body)) input.bodyBase64 = bytesToBase64(body.bytes)
  return { ok: true, input }
}

// ---------------------------------------------------------------------------------------------
// Bulk replay

/** The request-list filters as the bulk API's `filter` (only the ones set). */
export function bulkFilter(f: RequestFilters): NonNullable<BulkReplayInput['filter']> {
  const out: NonNullable<BulkReplayInput['filter']> = {}
  if (f.method.length) out.method = f.method
  if (f.verdict.length) out.verdict = f.verdict
  if (f.eventType.length) out.eventType = f.eventType
  if (f.status.length) out.status = f.status
  if (f.from) out.from = f.from
  if (f.to) out.to = f.to
  if (f.duplicate !== null) out.duplicate = f.duplicate
  if (f.outOfOrder !== null) out.outOfOrder = f.outOfOrder
  if (f.q.trim()) out.q = f.q.trim()
  return out
}

/** Seconds left at the job's rate, rounded up; null when done. */
export function bulkEta(job: { total: number; sent: number; ratePerSecond: number; state: string }): number | null {
  if (job.state !== 'running') return null
  return Math.ceil(Math.max(0, job.total - job.sent) / job.ratePerSecond)
}

// ---------------------------------------------------------------------------------------------
// Import

/** The Content-Type to import a file as: HAR (JSON) or Hookbench NDJSON, by extension, else by content. */
export function importContentType(fileName: string, head: string): 'application/json' | 'application/x-ndjson' {
  const name = fileName.toLowerCase()
  if (name.endsWith('.har') || name.endsWith('.json')) return 'application/json'
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'application/x-ndjson'
  // A HAR file is one object whose first key is "log"; NDJSON is one object per line.
  return /^\s*\{\s*"log"\s*:/.test(head) ? 'application/json' : 'application/x-ndjson'
}

/** Ticked ids in received order (oldest first), as a bulk replay sends them; unknown ids last. */
export function inReceivedOrder(ids: readonly string[], items: readonly { id: string; receivedAt: string }[]): string[] {
  const at = new Map(items.map((r) => [r.id, r.receivedAt]))
  return [...ids].sort((a, b) => {
    const ta = at.get(a)
    const tb = at.get(b)
    if (ta === undefined || tb === undefined) return ta === undefined ? (tb === undefined ? 0 : 1) : -1
    return ta < tb ? -1 : ta > tb ? 1 : a < b ? -1 : 1
  })
}
