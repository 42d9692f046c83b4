/**
 * Builds an event's body from a profile's envelope template, and the headers a profile adds to
 * every delivery. The sender serialises the result once (JSON.stringify) and signs those bytes.
 *
 * A template string that is exactly one placeholder becomes a typed value (numbers stay
 * numbers, `{{data}}` the data object); a placeholder inside a longer string is interpolated as
 * text. Everything else is copied as a constant, in the template's key order.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import {
  ENVELOPE_PLACEHOLDERS,
  type EnvelopePlaceholder,
  type EnvelopeTemplate,
  type ProviderProfile,
} from '../../../src-shared/catalog'

const PLACEHOLDER_RE = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g
const KNOWN = new Set(Object.keys(ENVELOPE_PLACEHOLDERS).map((p) => p.slice(2, -2)))

export type EnvelopeTimeFormat = 'iso' | 'iso_ms' | 'unix' | 'unix_ms'

/** A time in ms as the envelope and headers write it. `iso` is to the second: `2024-03-15T10:30:00Z`. */
export function formatTimestamp(ms: number, format: EnvelopeTimeFormat): string | number {
  switch (format) {
    case 'iso':
      return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
    case 'iso_ms':
      return new Date(ms).toISOString()
    case 'unix':
      return Math.floor(ms / 1000)
    case 'unix_ms':
      return Math.floor(ms)
  }
}

export interface EnvelopeValues {
  eventId: string
  eventType: string
  /** When the event occurred, in ms since the epoch. */
  timestamp: number
  webhookId?: string | null
  data?: unknown
}

function placeholderValue(name: string, v: EnvelopeValues): unknown {
  switch (name) {
    case 'event.id':
      return v.eventId
    case 'event.type':
      return v.eventType
    case 'timestamp.iso':
      return formatTimestamp(v.timestamp, 'iso')
    case 'timestamp.iso_ms':
      return formatTimestamp(v.timestamp, 'iso_ms')
    case 'timestamp.unix':
      return formatTimestamp(v.timestamp, 'unix')
    case 'timestamp.unix_ms':
      return formatTimestamp(v.timestamp, 'unix_ms')
    case 'webhook.id':
      return v.webhookId ?? null
    case 'data':
      return v.data
    default:
      throw new Error(
        `Unknown placeholder "{{${name}}}" in the envelope template. Use one of: ${Object.keys(ENVELOPE_PLACEHOLDERS).join(', ')}.`,
      )
  }
}

function renderString(s: string, v: EnvelopeValues): unknown {
  const whole = /^\{\{\s*([A-Za-z0-9_.]+)\s*\}\}$/.exec(s)
  if (whole) return placeholderValue(whole[1]!, v)
  if (!s.includes('{{')) return s
  return s.replace(PLACEHOLDER_RE, (_m, name: string) => {
    if (name === 'data') {
      throw new Error('"{{data}}" must be a whole JSON value in the envelope template, not part of a string.')
    }
    const value = placeholderValue(name, v)
    return value === null || value === undefined ? '' : String(value)
  })
}

/** Renders any template value. Key order is kept; keys are defined, never assigned (no `__proto__` surprises). */
export function renderTemplate(template: unknown, values: EnvelopeValues): unknown {
  if (typeof template === 'string') return renderString(template, values)
  if (Array.isArray(template)) return template.map((t) => renderTemplate(t, values))
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, t] of Object.entries(template)) {
      Object.defineProperty(out, key, {
        value: renderTemplate(t, values),
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
    return out
  }
  return template
}

export interface BuildEventPayloadInput {
  profile: Pick<ProviderProfile, 'envelope'>
  /** The event type, or its name. */
  eventType: string | { name: string }
  eventId: string
  /** When the event occurred, in ms since the epoch. */
  timestamp: number
  /** The webhook the delivery goes to; `{{webhook.id}}` is null without it. */
  webhookId?: string | null
  data: unknown
}

/** The body of an event for one delivery, as a JSON value (an object, or the data for `"{{data}}"`). */
export function buildEventPayload(input: BuildEventPayloadInput): unknown {
  return renderTemplate(input.profile.envelope, {
    eventId: input.eventId,
    eventType: typeof input.eventType === 'string' ? input.eventType : input.eventType.name,
    timestamp: input.timestamp,
    webhookId: input.webhookId ?? null,
    data: input.data,
  })
}

/** The body of the profile's verification handshake, or null when the profile has none. */
export function buildHandshakePayload(input: {
  profile: Pick<ProviderProfile, 'handshake'>
  eventId: string
  timestamp: number
  webhookId?: string | null
}): Record<string, unknown> | null {
  const hs = input.profile.handshake
  if (!hs) return null
  return renderTemplate(hs.envelope, {
    eventId: input.eventId,
    eventType: hs.eventType,
    timestamp: input.timestamp,
    webhookId: input.webhookId ?? null,
    data: null,
  }) as Record<string, unknown>
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** A new event id in the profile's style: `evt_` + 24 letters/digits, or a bare UUID for GitHub. */
export function newEventId(
  profile: Pick<ProviderProfile, 'idPrefix' | 'idFormat'>,
  prefix: string = profile.idPrefix,
): string {
  if (profile.idFormat === 'uuid') return prefix + randomUUID()
  let s = ''
  while (s.length < 24) {
    // 248 is the largest multiple of 62 not above 256: dropping bytes >= 248 keeps the draw uniform.
    for (const b of randomBytes(32)) if (b < 248 && s.length < 24) s += ALNUM[b % 62]
  }
  return prefix + s
}

/**
 * Headers the profile adds to a delivery, besides those of its signing scheme. `attemptAt` is
 * the time of the attempt (the timestamp header says when the request was sent).
 */
export function buildProfileHeaders(input: {
  profile: Pick<ProviderProfile, 'headers'>
  eventType: string
  eventId: string
  attemptAt: number
  webhookId?: string | null
}): Record<string, string> {
  const h = input.profile.headers
  const out: Record<string, string> = {}
  if (h.userAgent) out['User-Agent'] = h.userAgent
  if (h.eventType) out[h.eventType] = input.eventType
  if (h.timestamp) out[h.timestamp.name] = String(formatTimestamp(input.attemptAt, h.timestamp.format))
  if (h.webhookId && input.webhookId) out[h.webhookId] = input.webhookId
  if (h.deliveryId) out[h.deliveryId] = input.eventId
  for (const [name, value] of Object.entries(h.extra ?? {})) out[name] = value
  return out
}

/** Where `{{data}}` sits in the template, as a list of keys (`[]`: the body is the data). */
export function envelopeDataPath(template: EnvelopeTemplate): string[] | null {
  const walk = (node: unknown, path: string[]): string[] | null => {
    if (typeof node === 'string') return /^\{\{\s*data\s*\}\}$/.test(node) ? path : null
    if (node && typeof node === 'object' && !Array.isArray(node)) {
      for (const [k, v] of Object.entries(node)) {
        const found = walk(v, [...path, k])
        if (found) return found
      }
    }
    return null
  }
  return walk(template, [])
}

/**
 * What is wrong with an envelope template, as messages that say what to fix ([] when it is
 * usable). `{{data}}` must appear exactly once, as a whole value, outside arrays.
 */
export function checkEnvelopeTemplate(template: unknown, { requireData = true } = {}): string[] {
  const problems: string[] = []
  let dataCount = 0
  const walk = (node: unknown, where: string, inArray: boolean): void => {
    if (typeof node === 'string') {
      for (const m of node.matchAll(PLACEHOLDER_RE)) {
        const name = m[1]!
        if (!KNOWN.has(name)) {
          problems.push(
            `${where}: unknown placeholder "{{${name}}}"; use one of ${Object.keys(ENVELOPE_PLACEHOLDERS).join(', ')}.`,
          )
        } else if (name === 'data') {
          dataCount++
          if (!/^\{\{\s*data\s*\}\}$/.test(node)) problems.push(`${where}: "{{data}}" must be the whole value, not part of a string.`)
          else if (inArray) problems.push(`${where}: "{{data}}" cannot be inside an array; put it under an object key.`)
        }
      }
    } else if (Array.isArray(node)) {
      node.forEach((v, i) => walk(v, `${where}/${i}`, true))
    } else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) walk(v, `${where}/${k}`, inArray)
    } else if (node !== null && !['number', 'boolean'].includes(typeof node)) {
      problems.push(`${where}: ${typeof node} is not a JSON value.`)
    }
  }
  if (typeof template === 'string' && template !== '{{data}}') {
    problems.push('The envelope template must be a JSON object, or the string "{{data}}" to send the data as the body.')
    return problems
  }
  if (typeof template !== 'string' && (template === null || typeof template !== 'object' || Array.isArray(template))) {
    problems.push('The envelope template must be a JSON object, or the string "{{data}}" to send the data as the body.')
    return problems
  }
  walk(template, '', false)
  if (requireData && dataCount === 0) problems.push('The envelope template has no "{{data}}": add it where the event data goes (e.g. "data": "{{data}}").')
  if (dataCount > 1) problems.push(`The envelope template has "{{data}}" ${dataCount} times; it must appear exactly once.`)
  return problems
}

/** The placeholders a template uses (for the UI and the OpenAPI export). */
export function envelopePlaceholders(template: unknown): EnvelopePlaceholder[] {
  const found = new Set<EnvelopePlaceholder>()
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      for (const m of node.matchAll(PLACEHOLDER_RE)) {
        const p = `{{${m[1]}}}`
        if (p in ENVELOPE_PLACEHOLDERS) found.add(p as EnvelopePlaceholder)
      }
    } else if (node && typeof node === 'object') Object.values(node).forEach(walk)
  }
  walk(template)
  return [...found]
}

