/**
 * Endpoint check: how a receiving handler verifies signatures, seen from outside. A handful of
 * real requests to the webhook's URL, some signed right and some wrong, and what each answer
 * says about the handler. It finds the mistakes of the providers' own sample handlers that no
 * captured request can show: a signature computed over re-serialized JSON (invisible while the
 * sender writes compact JSON), a timingSafeEqual that throws on a signature of another length,
 * a missing header that crashes the handler, no verification at all, no replay protection.
 */
import type { EndpointCheck, EndpointProbe, EndpointProbeId } from '../../../src-shared/api/webhooks'
import type { ProviderProfile } from '../../../src-shared/catalog'
import { buildEventPayload } from '../catalog/envelope'
import type { HeaderPair, OutboundClient, OutboundResult } from '../http/outbound'
import { describeScheme, generateSecret } from '../signing'
import { buildOutgoingRequest } from './outgoing'

export interface EndpointCheckInput {
  profile: ProviderProfile
  webhook: { id: string; url: string; headers: Record<string, string> }
  /** Live secret values, newest first (never empty: an unsigned webhook has nothing to check). */
  secrets: string[]
  eventType: string
  data: unknown
  newEventId: () => string
}

export interface EndpointCheckDeps {
  http: OutboundClient
  userAgent: string
  /** Wall-clock epoch ms: signed timestamps are judged against the receiver's clock. */
  wallNow: () => number
}

/** How old the stale-timestamp probe's timestamp is: far beyond any scheme's tolerance (5 min). */
const STALE_MS = 3600_000
const RESPONSE_SHOWN = 2048

interface Probe {
  id: EndpointProbeId
  title: string
  expect: 'accepted' | 'refused'
  pretty?: boolean
  stale?: boolean
  /** Rewrites the signed headers before sending. */
  tamper?: (headers: HeaderPair[]) => HeaderPair[]
  /** Signs with another secret. */
  otherSecret?: boolean
  /** Signs with one secret (the oldest live one, as one-signature schemes do): during a rotation another, whole signature would still match. */
  oneSecret?: boolean
}

export async function checkEndpoint(input: EndpointCheckInput, deps: EndpointCheckDeps): Promise<EndpointCheck> {
  const { profile } = input
  const scheme = describeScheme(profile.scheme, profile.signing)
  const signatureHeaders = new Set([scheme.signatureHeader, ...(scheme.legacyHeader ? [scheme.legacyHeader] : [])].map((n) => n.toLowerCase()))
  const isSignature = ([name]: HeaderPair) => signatureHeaders.has(name.toLowerCase())
  const signsTimestamp = scheme.template.includes('{timestamp}')

  const probes: Probe[] = [
    { id: 'signed', title: 'Signed as the profile signs', expect: 'accepted' },
    { id: 'wrong_secret', title: 'Signed with another secret', expect: 'refused', otherSecret: true },
    { id: 'no_signature', title: `Without the ${scheme.signatureHeader} header`, expect: 'refused', tamper: (h) => h.filter((p) => !isSignature(p)) },
    {
      id: 'short_signature',
      title: 'With the signature cut to half its length',
      expect: 'refused',
      oneSecret: true,
      // Every signature header: GitHub's legacy X-Hub-Signature would otherwise still verify, whole.
      tamper: (h) => h.map((p): HeaderPair => (isSignature(p) ? [p[0], halveDigest(p[1])] : p)),
    },
    { id: 'pretty_body', title: 'Signed right, body as indented JSON', expect: 'accepted', pretty: true },
  ]
  if (signsTimestamp) probes.push({ id: 'stale_timestamp', title: 'Signed right, timestamp an hour old', expect: 'refused', stale: true })

  const results: EndpointProbe[] = []
  let baseline: 'accepted' | 'refused' | 'broken' = 'broken'
  // The signed probe got no answer at all (down, hanging): each of the others would only wait as long.
  let unreachable: string | null = null
  for (const probe of probes) {
    if (unreachable) {
      results.push({ id: probe.id, title: probe.title, expect: probe.expect, signature: null, status: null, error: null, durationMs: 0, responseBody: '', verdict: 'inconclusive', finding: `Not sent: ${unreachable}.`, fix: null })
      continue
    }
    const eventId = input.newEventId()
    const wallNow = deps.wallNow() - (probe.stale ? STALE_MS : 0)
    const payload = buildEventPayload({ profile, eventType: input.eventType, eventId, timestamp: wallNow, webhookId: input.webhook.id, data: input.data })
    const body = Buffer.from(probe.pretty ? JSON.stringify(payload, null, 2) : JSON.stringify(payload))
    const secrets = probe.otherSecret ? [generateSecret(scheme.secretFormat)] : probe.oneSecret ? input.secrets.slice(-1) : input.secrets
    const request = buildOutgoingRequest({ profile, webhook: input.webhook, eventId, eventType: input.eventType, body, secrets, wallNow, userAgent: deps.userAgent })
    const headers = probe.tamper ? probe.tamper(request.headers) : request.headers
    const res = await deps.http.send({ method: 'POST', url: request.url, headers, body, timeoutMs: profile.timeoutMs })
    const signature = headers.find(([n]) => n.toLowerCase() === scheme.signatureHeader.toLowerCase())?.[1] ?? null
    const judged = judge(probe, res, {
      baseline,
      header: scheme.signatureHeader,
      provider: profile.name,
      timeoutMs: profile.timeoutMs,
      eventType: input.eventType,
      retries: profile.retrySchedule.length,
      disables: profile.disableAfter !== null,
    })
    if (probe.id === 'signed') baseline = judged.verdict === 'pass' ? 'accepted' : res.ok && res.response.status < 500 ? 'refused' : 'broken'
    if (probe.id === 'signed' && !res.ok) unreachable = `the correctly signed probe got no answer (${res.error.code}), so this one would tell nothing more`
    results.push({
      id: probe.id,
      title: probe.title,
      expect: probe.expect,
      signature,
      status: res.ok ? res.response.status : null,
      error: res.ok ? null : res.error,
      durationMs: Math.round(res.durationMs * 10) / 10,
      // stream: a character cut by the limit is left out rather than shown as U+FFFD
      responseBody: res.ok ? new TextDecoder().decode(res.response.body.subarray(0, RESPONSE_SHOWN), { stream: true }) : '',
      ...judged,
    })
  }

  const notes = [
    'Whether the handler compares signatures in constant time cannot be seen from outside: use crypto.timingSafeEqual (after checking the lengths match) or hmac.compare_digest, never == or !==.',
    `"${probes[0]!.title}" and "${probes.find((p) => p.pretty)!.title}" are valid ${input.eventType} events with fresh ids: the handler processes them like real deliveries.`,
  ]
  if (!signsTimestamp) {
    notes.push(`${profile.name}'s signature covers no timestamp, so a recorded request replays with a valid signature: the handler should ignore event ids it has already processed.`)
  }
  return {
    webhookId: input.webhook.id,
    url: input.webhook.url,
    eventType: input.eventType,
    checkedAt: new Date(deps.wallNow()).toISOString(),
    probes: results,
    passed: results.filter((r) => r.verdict === 'pass').length,
    failed: results.filter((r) => r.verdict === 'fail').length,
    notes,
  }
}

/** The digest in a signature header value (its longest run of hex/base64 characters) cut to half. */
export function halveDigest(value: string): string {
  let best: RegExpExecArray | null = null
  for (const m of value.matchAll(/[A-Za-z0-9+/=_-]{8,}/g)) if (!best || m[0].length > best[0].length) best = m as RegExpExecArray
  if (!best) return value.slice(0, Math.ceil(value.length / 2))
  return value.slice(0, best.index) + best[0].slice(0, Math.floor(best[0].length / 2)) + value.slice(best.index + best[0].length)
}

type Judged = Pick<EndpointProbe, 'verdict' | 'finding' | 'fix'>

interface JudgeContext {
  baseline: 'accepted' | 'refused' | 'broken'
  header: string
  provider: string
  timeoutMs: number
  eventType: string
  /** Automatic retries after a failed attempt, and whether failures disable the webhook. */
  retries: number
  disables: boolean
}

function judge(probe: Probe, res: OutboundResult, c: JudgeContext): Judged {
  if (!res.ok) {
    if (res.error.code === 'timeout') {
      return { verdict: 'fail', finding: `No answer within ${c.timeoutMs} ms: ${c.provider} counts that as a failed attempt.`, fix: 'Answer within the timeout: verify, queue the work, reply 2xx (or 401), then process.' }
    }
    const crashed = res.error.code === 'reset' || res.error.code === 'other'
    return crashed && probe.id !== 'signed'
      ? crash(probe, `The connection was dropped (${res.error.code}: ${res.error.message})`, c)
      : { verdict: 'fail', finding: `The request failed (${res.error.code}: ${res.error.message}).`, fix: 'Make sure the endpoint is running and reachable at this URL.' }
  }
  const status = res.response.status
  if (status >= 500) return crash(probe, `It answered ${status}`, c)
  const accepted = status >= 200 && status < 300
  if (probe.expect === 'accepted') {
    if (accepted) {
      return probe.pretty
        ? { verdict: 'pass', finding: `Accepted (${status}) a correctly signed body that is not compact JSON: the handler verifies the raw bytes.`, fix: null }
        : { verdict: 'pass', finding: `Accepted (${status}) a correctly signed ${c.eventType} event.`, fix: null }
    }
    if (probe.pretty && c.baseline !== 'accepted') {
      return { verdict: 'inconclusive', finding: `Refused (${status}), as it refused the compact body signed right: this says nothing more.`, fix: null }
    }
    if (probe.pretty) {
      return {
        verdict: 'fail',
        finding:
          `Refused (${status}) a correctly signed body written as indented JSON, though it accepted the same event as compact JSON: the handler verifies the body ` +
          're-serialized (JSON.stringify(req.body), json.dumps(request.json)), which matches only while the sender happens to write the same bytes.',
        fix: 'Compute the HMAC over the raw request bytes, before any JSON parsing (express.raw(), request.get_data(), await req.text()).',
      }
    }
    if (status >= 300 && status < 400) {
      return { verdict: 'fail', finding: `Answered a redirect (${status}): ${c.provider} does not follow redirects, so the delivery fails.`, fix: 'Point the webhook at the final URL.' }
    }
    return {
      verdict: 'fail',
      finding: `Refused (${status}) a correctly signed event: the handler computes the signature differently, or with another secret.`,
      fix: `Check that the handler uses this webhook's secret and ${c.provider}'s signing (header, prefix, encoding, signed content). An inbox with the same profile and secret names the difference in a request it captures.`,
    }
  }
  if (!accepted) {
    return c.baseline === 'accepted'
      ? { verdict: 'pass', finding: `Refused (${status}).`, fix: null }
      : { verdict: 'inconclusive', finding: `Refused (${status}), but the correctly signed probe was not accepted either, so this says nothing.`, fix: null }
  }
  return accepts(probe, status, c)
}

/** A probe that must be refused was accepted. */
function accepts(probe: Probe, status: number, c: JudgeContext): Judged {
  const constantTime = 'crypto.timingSafeEqual after a length check, hmac.compare_digest'
  switch (probe.id) {
    case 'no_signature':
      return {
        verdict: 'fail',
        finding: `Accepted (${status}) a request without the ${c.header} header: anyone who knows the URL can post events.`,
        fix: `Refuse a request without ${c.header} with 401 before anything else.`,
      }
    case 'short_signature':
      return {
        verdict: 'fail',
        finding: `Accepted (${status}) a signature cut to half its length: the comparison checks only part of the value.`,
        fix: `Compare the whole signature with the whole expected value (${constantTime}).`,
      }
    case 'stale_timestamp':
      return {
        verdict: 'fail',
        finding: `Accepted (${status}) a correctly signed request whose timestamp is an hour old: a recorded request can be replayed.`,
        fix: 'Refuse a timestamp more than 5 minutes from now (the tolerance of the scheme’s own libraries), after verifying the signature over it.',
      }
    default:
      return {
        verdict: 'fail',
        finding: `Accepted (${status}) a signature made with another secret: the handler does not verify signatures, or its comparison lets a wrong one through.`,
        fix: `Compute the HMAC of the raw body with this webhook's secret, compare it with ${c.header} (${constantTime}) and answer 401 when they differ.`,
      }
  }
}

/** A probe made the handler fail (5xx or a dropped connection) instead of answering. */
function crash(probe: Probe, what: string, c: JudgeContext): Judged {
  // Any non-2xx is a failed attempt to the provider; a 4xx says why, a 5xx looks like an outage and hides the bug.
  const retry = 'a 5xx looks like an outage of the endpoint and hides the bug, where a 401 says the request was refused'
  switch (probe.id) {
    case 'signed':
    case 'pretty_body':
      return {
        verdict: 'fail',
        finding: `${what} to a correctly signed ${probe.pretty ? 'body written as indented JSON' : 'event'}: the handler fails on a valid delivery.`,
        fix: `See the handler's log for the error: ${c.provider} ${c.retries > 0 ? `retries the delivery ${c.retries} time${c.retries === 1 ? '' : 's'}, then gives up` : 'does not retry it'}${c.disables ? ', and failed deliveries disable the webhook' : ''}.`,
      }
    case 'no_signature':
      return {
        verdict: 'fail',
        finding: `${what} when ${c.header} is missing: the handler uses the header without checking it is there (Buffer.from(undefined), .split() on undefined…).`,
        fix: `Check that ${c.header} is present and answer 401 when it is not; ${retry}.`,
      }
    case 'short_signature':
      return {
        verdict: 'fail',
        finding:
          `${what} to a signature of another length: crypto.timingSafeEqual throws a RangeError when its two buffers differ in length ` +
          '(as in sample handlers that compare a "sha256=" header with a bare digest).',
        fix: `Compare the lengths first and answer 401 when they differ, then timingSafeEqual; ${retry}.`,
      }
    default:
      return {
        verdict: 'fail',
        finding: `${what} instead of refusing the request: the handler throws when the signature ${probe.id === 'stale_timestamp' ? 'is too old' : 'does not match'}.`,
        fix: `Answer 401 when verification fails; ${retry}.`,
      }
  }
}
