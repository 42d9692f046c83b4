/**
 * Endpoint check: how a receiving handler verifies signatures, seen from outside. A handful of
 * real requests to the webhook's URL, some signed right and some wrong, and what each answer
 * says about the handler. It finds the mistakes of the providers' own sample handlers that no
 * captured request can show: a signature computed over re-serialized JSON (invisible while the
 * sender writes compact JSON), a timingSafeEqual that throws on a signature of another length,
 * a missing header that crashes the handler, no verification at all, no replay protection, a
 * header compared with a bare digest (its prefix left on).
 */
import type { EndpointCheck, EndpointProbe, EndpointProbeId } from '../../../src-shared/api/webhooks'
import type { ProviderProfile } from '../../../src-shared/catalog'
import type { SchemeDescription } from '../../../src-shared/signing-schemes'
import { buildEventPayload } from '../catalog/envelope'
import { isNotHttp, type HeaderPair, type OutboundClient, type OutboundResult } from '../http/outbound'
import { describeScheme, generateSecret } from '../signing'
import { wireBody } from './mappers'
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
/** As much of a probe's body as a delivery attempt keeps. */
const REQUEST_SHOWN = 64 * 1024

/** A proxy's answers for an app it cannot reach: they say the app is down, not how it verifies. */
const GATEWAY = new Set([502, 503, 504])

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
  /** Sent (and listed) only when the correctly signed probe was refused with a 4xx: it looks for why. */
  afterRefusal?: boolean
}

export async function checkEndpoint(input: EndpointCheckInput, deps: EndpointCheckDeps): Promise<EndpointCheck> {
  const { profile } = input
  const scheme = describeScheme(profile.scheme, profile.signing)
  const signatureHeaders = new Set([scheme.signatureHeader, ...(scheme.legacyHeader ? [scheme.legacyHeader] : [])].map((n) => n.toLowerCase()))
  const isSignature = ([name]: HeaderPair) => signatureHeaders.has(name.toLowerCase())
  const signsTimestamp = scheme.template.includes('{timestamp}')
  const isMainSignature = ([name]: HeaderPair) => name.toLowerCase() === scheme.signatureHeader.toLowerCase()

  const probes: Probe[] = [{ id: 'signed', title: 'Signed as the profile signs', expect: 'accepted' }]
  // The most common reason a handler refuses a correct signature: it compares the header with a
  // bare digest, prefix left on (the Workestra doc's own sample). Stripe's header carries its
  // timestamp too: without the frame there would be nothing left to compute the digest over.
  const { prefix } = scheme
  if (prefix !== '' && scheme.timestampHeader !== scheme.signatureHeader) {
    probes.push({
      id: 'bare_digest',
      title: `Signed right, ${scheme.signatureHeader} without its "${prefix}" prefix`,
      expect: 'refused',
      afterRefusal: true,
      oneSecret: true,
      tamper: (h) => h.map((p): HeaderPair => (isMainSignature(p) && p[1].startsWith(prefix) ? [p[0], p[1].slice(prefix.length)] : p)),
    })
  }
  probes.push(
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
  )
  if (signsTimestamp) probes.push({ id: 'stale_timestamp', title: 'Signed right, timestamp an hour old', expect: 'refused', stale: true })

  const context: Omit<JudgeContext, 'baseline'> = {
    header: scheme.signatureHeader,
    provider: profile.name,
    timeoutMs: profile.timeoutMs,
    eventType: input.eventType,
    retries: profile.retrySchedule.length,
    disables: profile.disableAfter !== null,
  }
  const results: EndpointProbe[] = []
  let baseline: 'accepted' | 'refused' | 'broken' = 'broken'
  // The signed probe got no answer from the app (down, hanging, a proxy's 502 for it): each of the
  // others would only get the same, or wait as long.
  let unreachable: string | null = null
  let signedRefused = false
  for (const probe of probes) {
    if (probe.afterRefusal && !signedRefused) continue
    if (unreachable) {
      results.push({ id: probe.id, title: probe.title, expect: probe.expect, signature: null, request: null, status: null, error: null, durationMs: 0, responseBody: '', verdict: 'inconclusive', finding: `Not sent: ${unreachable}.`, fix: null })
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
    const signature = headers.find(isMainSignature)?.[1] ?? null
    const judged: Judged = probe.id === 'bare_digest' ? judgeBareDigest(res, prefix, probes[0]!.title) : judge(probe, res, { ...context, baseline })
    if (probe.id === 'signed') {
      baseline = judged.verdict === 'pass' ? 'accepted' : res.ok && res.response.status < 500 ? 'refused' : 'broken'
      signedRefused = res.ok && res.response.status >= 400 && res.response.status < 500
    }
    if (probe.id === 'signed' && !res.ok) {
      unreachable = `the correctly signed probe got ${isNotHttp(res.error) ? 'an answer that is not HTTP' : `no answer (${res.error.code})`}, so this one would tell nothing more`
    }
    if (probe.id === 'signed' && res.ok && GATEWAY.has(res.response.status)) {
      unreachable = `the correctly signed probe got a proxy's ${res.response.status} (the app behind it did not answer), so this one would tell nothing more`
    }
    results.push({
      id: probe.id,
      title: probe.title,
      expect: probe.expect,
      signature,
      request: { method: 'POST', url: request.url, headers, ...wireBody(body.subarray(0, REQUEST_SHOWN), body.length) },
      status: res.ok ? res.response.status : null,
      error: res.ok ? null : res.error,
      durationMs: Math.round(res.durationMs * 10) / 10,
      // stream: a character cut by the limit is left out rather than shown as U+FFFD
      responseBody: res.ok ? new TextDecoder().decode(res.response.body.subarray(0, RESPONSE_SHOWN), { stream: true }) : '',
      ...judged,
    })
  }

  // Only now is it known whether the handler took the digest without its prefix.
  const refusal = signedRefusalCause(results, scheme, profile, context)
  if (refusal) Object.assign(results[0]!, refusal)

  // Only now is it known whether the wrongly signed probes crashed as the right one did.
  const cause = signedCrashCause(results, scheme, context)
  if (cause) {
    Object.assign(results[0]!, cause)
    // That cause is drawn from the others' failures: each failed as the valid event did and says
    // nothing of its own; its own diagnosis would name a second cause for the same crash.
    for (const r of results.slice(1)) if (crashed(r) && r.verdict !== 'inconclusive') Object.assign(r, sameCrash(r, probes[0]!.title))
  }

  // Only now is it known which of the wrongly signed probes were accepted too.
  verifiesNothing(results, probes, context)

  const valid = probes.filter((p) => p.id === 'signed' || p.pretty || (p.id === 'bare_digest' && results.some((r) => r.id === p.id && r.request)))
  const notes = [
    'Whether the handler compares signatures in constant time cannot be seen from outside: use crypto.timingSafeEqual (after checking the lengths match) or hmac.compare_digest, never == or !==.',
    `${new Intl.ListFormat('en', { type: 'conjunction' }).format(valid.map((p) => `"${p.title}"`))} are valid ${input.eventType} events with fresh ids: the handler processes them like real deliveries.`,
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
    inbox: null,
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
    if (isNotHttp(res.error)) {
      return {
        verdict: 'fail',
        finding: `Not an HTTP server at this URL: ${res.error.message}.`,
        fix: "Point the webhook at the handler's HTTP server: check the URL's host, port and scheme (another service answers on this port).",
      }
    }
    // A connection reset is the one failure that says the endpoint was reached; any other (a host
    // or network unreachable, an OS timeout, malformed HTTP) says nothing of a crash.
    const dropped = res.error.code === 'reset'
    if (dropped && probe.id === 'signed') {
      // It was reached: "make sure it is running" would send the user to the wrong place.
      return {
        verdict: 'fail',
        finding: `The connection was dropped before an answer to a correctly signed event (${res.error.code}: ${res.error.message}): the handler, or a proxy in front of it, likely crashed on a valid delivery.`,
        fix: `See the handler's log for the error: ${consequence(c)}.`,
      }
    }
    return dropped
      ? crash(probe, `The connection was dropped (${res.error.code}: ${res.error.message})`, c)
      : { verdict: 'fail', finding: `The request failed (${res.error.code}: ${res.error.message}).`, fix: 'Make sure the endpoint is running and reachable at this URL.' }
  }
  const status = res.response.status
  if (GATEWAY.has(status) && probe.id === 'signed') {
    return {
      verdict: 'fail',
      finding: `It answered ${status} to a correctly signed event, a proxy's answer when the app behind it does not answer: the handler is likely down, or too slow for the proxy.`,
      fix: `Check that the app behind the proxy is running and answers in time (see the proxy's log): ${consequence(c)}.`,
    }
  }
  if (status >= 500) return crash(probe, `It answered ${status}`, c)
  const accepted = status >= 200 && status < 300
  if (probe.expect === 'accepted') {
    if (accepted) {
      return probe.pretty
        ? { verdict: 'pass', finding: `Accepted (${status}) a correctly signed body that is not compact JSON: the handler verifies the raw bytes.`, fix: null }
        : { verdict: 'pass', finding: `Accepted (${status}) a correctly signed ${c.eventType} event.`, fix: null }
    }
    if (probe.pretty && c.baseline === 'refused') {
      return { verdict: 'inconclusive', finding: `Refused (${status}), as it refused the compact body signed right: this says nothing more.`, fix: null }
    }
    if (probe.pretty) {
      // The compact body got a 5xx, not a refusal: it got past the check this one failed.
      const compact = c.baseline === 'accepted' ? 'though it accepted the same event as compact JSON: the handler verifies' : 'though it did not refuse the same event as compact JSON (it failed on it with a 5xx): the handler likely verifies'
      return {
        verdict: 'fail',
        finding:
          `Refused (${status}) a correctly signed body written as indented JSON, ${compact} the body ` +
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
    if (c.baseline === 'accepted') return { verdict: 'pass', finding: `Refused (${status}).`, fix: null }
    // A 5xx to the valid event and a refusal to this one: the handler told them apart.
    if (c.baseline === 'broken') return { verdict: 'pass', finding: `Refused (${status}), where the correctly signed event got a 5xx: the handler tells the two apart.`, fix: null }
    return { verdict: 'inconclusive', finding: `Refused (${status}), but the correctly signed probe was not accepted either, so this says nothing.`, fix: null }
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
  // The correctly signed probe got a 5xx (a dropped connection stops the check there): a probe
  // that fails the same way says nothing about its own variation.
  if (c.baseline === 'broken' && probe.id === 'pretty_body') {
    return { verdict: 'inconclusive', finding: `${what}, as to the compact body signed right: this says nothing more.`, fix: null }
  }
  if (c.baseline === 'broken' && (probe.id === 'wrong_secret' || probe.id === 'stale_timestamp')) {
    return { verdict: 'fail', finding: `${what}, as to the correctly signed event: the handler fails whatever the signature.`, fix: `Answer 401 when verification fails; ${retry}.` }
  }
  switch (probe.id) {
    case 'signed':
    case 'pretty_body':
      return {
        verdict: 'fail',
        finding: `${what} to a correctly signed ${probe.pretty ? 'body written as indented JSON' : 'event'}: the handler fails on a valid delivery.`,
        fix: `See the handler's log for the error: ${consequence(c)}.`,
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

/** What a failed valid delivery costs with this profile: its retries and the disable rule. */
function consequence(c: Omit<JudgeContext, 'baseline'>): string {
  const retries = c.retries > 0 ? `retries the delivery ${c.retries} time${c.retries === 1 ? '' : 's'}, then gives up` : 'does not retry it'
  return `${c.provider} ${retries}${c.disables ? ', and failed deliveries disable the webhook' : ''}`
}

/** The probes whose signature is wrong: a handler refuses them before it does anything else with the event. */
const WRONGLY_SIGNED: { id: EndpointProbeId; as: string }[] = [
  { id: 'wrong_secret', as: 'signed with another secret' },
  { id: 'short_signature', as: 'with its signature cut to half its length' },
]

/** The handler itself failed: a 5xx other than a gateway's, or a dropped connection. */
const crashed = (r: EndpointProbe | undefined): r is EndpointProbe =>
  r !== undefined && ((r.status !== null && r.status >= 500 && !GATEWAY.has(r.status)) || r.error?.code === 'reset')

/** A probe that failed as the correctly signed one did, whose finding names the likely cause. */
function sameCrash(r: EndpointProbe, signedTitle: string): Judged {
  const what = r.status !== null ? `It answered ${r.status}` : 'The connection was dropped'
  return {
    verdict: 'inconclusive',
    finding: `${what}, as to the correctly signed event: the same failure ("${signedTitle}" names its likely cause), so this says nothing more until a valid delivery is accepted.`,
    fix: null,
  }
}

const accepted = (r: EndpointProbe | undefined): r is EndpointProbe => r !== undefined && r.status !== null && r.status >= 200 && r.status < 300

/**
 * The probe signed with another secret was accepted: the handler verifies no signature, which is
 * the one finding. The other wrong probes it accepted follow from it (a missing or cut signature,
 * an old timestamp say nothing of their own while no signature is checked), and an accepted
 * indented body says nothing of raw bytes against re-serialized JSON while nothing is verified.
 * Rewrites those results in place.
 */
function verifiesNothing(results: EndpointProbe[], probes: Probe[], c: Omit<JudgeContext, 'baseline'>): void {
  const wrong = results.find((r) => r.id === 'wrong_secret')
  if (!accepted(wrong)) return
  const unsigned = accepted(results.find((r) => r.id === 'no_signature'))
  Object.assign(wrong, {
    verdict: 'fail',
    finding: unsigned
      ? `Accepted (${wrong.status}) a signature made with another secret, and a request without the ${c.header} header: the handler verifies nothing, so anyone who knows the URL can post events.`
      : `Accepted (${wrong.status}) a signature made with another secret: the handler verifies no signature (it may check that ${c.header} is there, not what it says), so anyone who knows the URL can post events.`,
    fix: `Compute the HMAC of the raw body with this webhook's secret, compare it with ${c.header} (crypto.timingSafeEqual after a length check, hmac.compare_digest) and answer 401 when they differ or the header is missing.`,
  } satisfies Judged)
  const title = probes.find((p) => p.id === 'wrong_secret')!.title
  for (const r of results) {
    if (r === wrong || !accepted(r)) continue
    if (r.id === 'no_signature' || r.id === 'short_signature' || r.id === 'stale_timestamp') {
      Object.assign(r, {
        verdict: 'inconclusive',
        finding: `Accepted (${r.status}), as it accepted a signature made with another secret: this says nothing more while the handler verifies nothing ("${title}" says so).`,
        fix: null,
      } satisfies Judged)
    } else if (r.id === 'pretty_body') {
      Object.assign(r, {
        verdict: 'inconclusive',
        finding: `Accepted (${r.status}), but the handler verifies nothing ("${title}" says so): whether it would verify the raw bytes or the body re-serialized cannot be told until it verifies signatures.`,
        fix: null,
      } satisfies Judged)
    }
  }
}

/** How to compare the scheme's signature header with a digest the handler computes. */
function compareAdvice(scheme: SchemeDescription): string {
  const { signatureHeader: header, prefix } = scheme
  if (prefix === '') return `Compare ${header} with the ${scheme.encoding} ${scheme.algorithm.toUpperCase()} digest of the raw body`
  if (!scheme.multiSignature) return `Strip the "${prefix}" prefix from ${header} before comparing (or compare with "${prefix}" + the digest)`
  return `Split ${header} into its entries and strip the "${prefix}" prefix from each before comparing it with the digest`
}

/**
 * Built-in profiles whose documentation's own sample handler compares the header with a bare
 * digest; the finding cites it, since that is where a handler's code most likely came from.
 */
const BARE_DIGEST_SAMPLES: Record<string, string> = {
  workestra: "as the Workestra doc's own sample does (hmac.new(secret, payload, hashlib.sha256).hexdigest() == request.headers['X-Workestra-Signature'])",
  taskhub: "as the TaskHub doc's own sample does (timingSafeEqual of the header with the bare hex digest)",
}

/** The bare-digest probe on its own: evidence for the correctly signed probe's finding, never a second failure. */
function judgeBareDigest(res: OutboundResult, prefix: string, signedTitle: string): Judged {
  if (!res.ok) return { verdict: 'inconclusive', finding: `The request failed (${res.error.code}: ${res.error.message}): this says nothing about the prefix.`, fix: null }
  const status = res.response.status
  if (status >= 200 && status < 300) {
    return {
      verdict: 'inconclusive',
      finding: `Accepted (${status}) the digest without its "${prefix}" prefix: the handler compares the header with a bare digest, which is why it refused the signature as sent ("${signedTitle}" says what to fix).`,
      fix: null,
    }
  }
  if (status >= 400 && status < 500) {
    return { verdict: 'inconclusive', finding: `Refused (${status}), as it refused the signature with its "${prefix}" prefix: the prefix is not the difference.`, fix: null }
  }
  return { verdict: 'inconclusive', finding: `It answered ${status}: this says nothing about the prefix.`, fix: null }
}

/**
 * The correctly signed probe was refused and the bare-digest probe sent: an accepted bare digest
 * names the cause (the handler compares the header with a bare digest); a refused one rules it out.
 */
function signedRefusalCause(results: EndpointProbe[], scheme: SchemeDescription, profile: ProviderProfile, c: Omit<JudgeContext, 'baseline'>): Judged | null {
  const signed = results.find((r) => r.id === 'signed')
  const bare = results.find((r) => r.id === 'bare_digest')
  if (!signed || signed.status === null || !bare || bare.status === null) return null
  const { signatureHeader: header, prefix } = scheme
  if (bare.status >= 200 && bare.status < 300) {
    const sample = profile.builtIn ? BARE_DIGEST_SAMPLES[profile.id] : undefined
    return {
      verdict: 'fail',
      finding:
        `Refused (${signed.status}) a correctly signed event, and accepted (${bare.status}) the same kind of event with only the digest in ${header}, without its "${prefix}" prefix: ` +
        `the handler compares the header with a bare digest${sample ? `, ${sample}` : ''}, so it refuses every delivery ${c.provider} sends.`,
      fix: `${compareAdvice(scheme)}, and compare in constant time (crypto.timingSafeEqual after a length check, hmac.compare_digest). Until then ${consequence(c)}.`,
    }
  }
  if (bare.status >= 400 && bare.status < 500) {
    return { verdict: 'fail', finding: `${signed.finding} It refused the digest without its "${prefix}" prefix too, so the prefix is not the difference.`, fix: signed.fix }
  }
  return null
}

/** What Node says when crypto.timingSafeEqual gets buffers of different lengths (message, then code). */
const LENGTH_ERROR = /Input buffers must have the same byte length|ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH/
/** What Node says when crypto.createHmac gets no key: the secret is not there (an unset environment variable). */
const NO_KEY_ERROR = /The "key" argument must be[^]{0,300}Received undefined/

/** Length of a digest as text: hex or base64 of the algorithm's output. */
function digestLength(scheme: SchemeDescription): number {
  const bytes = { sha1: 20, sha256: 32, sha512: 64 }[scheme.algorithm]
  return scheme.encoding === 'hex' ? bytes * 2 : Math.ceil(bytes / 3) * 4
}

/**
 * The correctly signed probe got a 5xx, and so did both wrongly signed ones: the handler fails on
 * every signed request whatever its signature, so most likely while verifying, and the most common
 * way is crypto.timingSafeEqual throwing on buffers of different lengths (a "sha256=" header against
 * a bare digest, as in the TaskHub doc's sample). Says so as a likely cause, naming what the answers
 * quote when they quote an error; null when the evidence is not there.
 */
function signedCrashCause(results: EndpointProbe[], scheme: SchemeDescription, c: Omit<JudgeContext, 'baseline'>): Judged | null {
  const signed = results.find((r) => r.id === 'signed')
  if (!crashed(signed) || signed.status === null) return null
  const wrong = WRONGLY_SIGNED.map((w) => ({ ...w, result: results.find((r) => r.id === w.id) }))
  if (!wrong.every((w) => crashed(w.result))) return null
  const answers = [signed, ...wrong.map((w) => w.result!)].map((r) => r.responseBody).join('\n')
  const how = (r: EndpointProbe) => (r.status !== null ? String(r.status) : 'connection dropped')
  const also = new Intl.ListFormat('en', { type: 'conjunction' }).format(wrong.map((w) => `${w.as} (${how(w.result!)})`))
  const evidence =
    `It answered ${signed.status} to a correctly signed event, and failed too on the same event ${also}: ` +
    'the handler fails on every signed request, right or wrong, so it likely throws while verifying.'

  const { signatureHeader: header, prefix } = scheme
  const digest = digestLength(scheme)
  let lengths: string
  const compare = compareAdvice(scheme)
  if (prefix === '') {
    lengths = `${header} carries the bare ${scheme.encoding} digest (${digest} characters), so a mismatch would be in what the handler computes: a digest in another encoding or of another algorithm has another length`
  } else if (!scheme.multiSignature) {
    lengths = `${header} carries "${prefix}" before the ${scheme.encoding} digest, so a handler that compares the whole header with a bare digest compares ${prefix.length + digest} bytes with ${digest}, on every request`
  } else {
    const inlineTimestamp = scheme.timestampHeader === header ? ' after t=<timestamp>' : ''
    lengths = `${header} carries "${prefix}" before each ${scheme.encoding} digest${inlineTimestamp}, so a handler that compares the whole header, or an entry with its prefix, with a bare digest compares values of different lengths, on every request`
  }
  const lengthFix = `${compare}, and check the lengths match before timingSafeEqual, answering 401 when they do not.`
  const noKey = 'the HMAC has no key (crypto.createHmac throws on an undefined secret, as when its environment variable is not set where the handler runs)'

  let finding: string
  let fix: string
  if (LENGTH_ERROR.test(answers)) {
    finding = `${evidence} Its answers name the likely cause, the RangeError crypto.timingSafeEqual throws when its two buffers differ in length: ${lengths}.`
    fix = lengthFix
  } else if (NO_KEY_ERROR.test(answers)) {
    finding = `${evidence} Its answers name the likely cause: ${noKey}.`
    fix = "Give the handler this webhook's secret, and answer 401 when a signature does not match."
  } else {
    // Without a signature it failed too: the handler may fail on any request, before verifying.
    const unsigned = crashed(results.find((r) => r.id === 'no_signature'))
      ? ' The request without a signature failed as well, so it may also fail before verifying anything: its log says where.'
      : ''
    finding = `${evidence} Likely causes: crypto.timingSafeEqual throws a RangeError when its two buffers differ in length (${lengths}); or ${noKey}.${unsigned}`
    fix = `${lengthFix} If the handler reads the secret from its environment, check it is set.`
  }
  return {
    verdict: 'fail',
    finding,
    fix: `${fix} Until then ${consequence(c)}. Check again after the fix: the other probes can tell more once a valid delivery is accepted.`,
  }
}
