/**
 * The request of one attempt: the profile's headers, the signature over the exact body bytes,
 * the webhook's custom headers. The body is built once per event and webhook; each attempt
 * signs those same bytes again with the secrets live at that moment and, for schemes that sign
 * a timestamp (Standard Webhooks, Stripe, Slack, custom), a fresh timestamp, as Svix and Stripe
 * do on every retry (a receiver enforcing a 5-minute tolerance would otherwise refuse retries).
 * The message id (webhook-id) and the event id stay the same on every attempt.
 */
import type { ProviderProfile } from '../../../src-shared/catalog'
import { buildProfileHeaders } from '../catalog/envelope'
import { HOP_BY_HOP, wireHeaders, withUrlCredentials, type HeaderPair } from '../http/outbound'
import { signRequest } from '../signing'

export interface OutgoingInput {
  profile: ProviderProfile
  webhook: { id: string; url: string; headers: Record<string, string> }
  eventId: string
  eventType: string
  body: Buffer
  /** Live secret values, newest first; empty: the request is not signed. */
  secrets: string[]
  /**
   * Wall-clock time of the attempt (epoch ms, clock.wallNow()): the timestamps on the wire are
   * checked against the receiver's clock, so they never run scaled like the engine clock.
   */
  wallNow: number
  /** Default User-Agent when the profile names none. */
  userAgent: string
}

export interface OutgoingRequest {
  method: 'POST'
  url: string
  /** What the HTTP client is given. */
  headers: HeaderPair[]
  /**
   * The headers as they go on the wire, in order (http/outbound's wireHeaders; the integration
   * tests compare them with what a server receives).
   */
  wireHeaders: HeaderPair[]
}

export function buildOutgoingRequest(input: OutgoingInput): OutgoingRequest {
  const { profile } = input
  const fromProfile = buildProfileHeaders({
    profile,
    eventType: input.eventType,
    eventId: input.eventId,
    attemptAt: input.wallNow,
    webhookId: input.webhook.id,
  })
  const extraContentType = Object.keys(profile.headers.extra ?? {}).some((n) => n.toLowerCase() === 'content-type')
  const headers: HeaderPair[] = []
  if (!extraContentType) headers.push(['Content-Type', 'application/json'])
  headers.push(['User-Agent', fromProfile['User-Agent'] ?? input.userAgent])
  for (const [name, value] of Object.entries(fromProfile)) if (name !== 'User-Agent') headers.push([name, value])
  if (input.secrets.length > 0) {
    const signed = signRequest({
      scheme: profile.scheme,
      options: profile.signing,
      secrets: input.secrets,
      // One-signature schemes sign with the oldest live secret: after a rotation the previous
      // secret keeps signing until its overlap ends, so a receiver has that long to switch.
      single: 'oldest',
      body: input.body,
      id: input.eventId,
      timestamp: Math.floor(input.wallNow / 1000),
    })
    headers.push(...signed.headers)
  }
  for (const [name, value] of Object.entries(input.webhook.headers)) headers.push([name, value])
  // Credentials in the URL go as Basic authorization (a custom Authorization header wins); added
  // here rather than by the HTTP client so the attempt's stored request shows it.
  const sent = withUrlCredentials(input.webhook.url, headers)
  return { method: 'POST', url: input.webhook.url, headers: sent, wireHeaders: wireHeaders('POST', input.webhook.url, sent, input.body.length) }
}

/** Header names a webhook's custom headers may not use: transport ones, and those the profile or its scheme sets. */
export function reservedHeaderNames(profile: ProviderProfile): Set<string> {
  const names = new Set(['host', 'connection', 'content-length', ...profileHeaderNames(profile).map((n) => n.toLowerCase())])
  for (const n of HOP_BY_HOP) names.add(n)
  return names
}

/** The names of the headers a profile and its signature scheme put on every delivery, in order, repeats kept. */
export function profileHeaderNames(profile: ProviderProfile): string[] {
  const probe = buildOutgoingRequest({
    profile,
    webhook: { id: 'wh', url: 'http://127.0.0.1/', headers: {} },
    eventId: 'evt_probe',
    eventType: 'probe',
    body: Buffer.from('{}'),
    secrets: [profile.secret.format === 'whsec' || profile.scheme === 'standard-webhooks' ? 'whsec_cHJvYmVwcm9iZXByb2JlcHJvYmU=' : 'probe'],
    wallNow: 0,
    userAgent: 'probe',
  })
  return probe.headers.map(([n]) => n)
}
