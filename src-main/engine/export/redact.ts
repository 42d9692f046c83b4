import { isCredentialHeader, REDACTED } from '../../../src-shared/api/export'
import type { Delivery } from '../../../src-shared/api/deliveries'
import type { RequestDetail } from '../../../src-shared/api/requests'

type Pairs = [string, string][]

/** The same headers, in order, with each credential's value replaced (the header itself stays: it was sent). */
export function redactHeaders(headers: Pairs): Pairs {
  return headers.some(([n]) => isCredentialHeader(n)) ? headers.map(([n, v]) => [n, isCredentialHeader(n) ? REDACTED : v]) : headers
}

/** A URL with the password of its user info hidden (sent as Basic authorization, see sender/policy.ts). */
export function redactUrl(url: string): string {
  if (!url.includes('@')) return url
  try {
    const u = new URL(url)
    if (!u.password) return url
    u.password = 'redacted'
    return u.href
  } catch {
    return url
  }
}

/** A captured request for a shared export: credentials hidden in what was received, answered and forwarded. */
export function redactRequest(r: RequestDetail): RequestDetail {
  return {
    ...r,
    headers: redactHeaders(r.headers),
    response: r.response && { ...r.response, headers: redactHeaders(r.response.headers) },
    forwards: r.forwards.map((f) => (f.response ? { ...f, response: { ...f.response, headers: redactHeaders(f.response.headers) } } : f)),
  }
}

/** A delivery for a shared export: credentials hidden in its URL and every attempt's request (custom headers) and response. */
export function redactDelivery(d: Delivery): Delivery {
  return {
    ...d,
    url: redactUrl(d.url),
    attempts: d.attempts.map((a) => ({
      ...a,
      request: { ...a.request, url: redactUrl(a.request.url), headers: redactHeaders(a.request.headers) },
      response: a.response && { ...a.response, headers: redactHeaders(a.response.headers) },
    })),
  }
}
