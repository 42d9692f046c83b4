import { isCredentialHeader, isCredentialQueryParam, REDACTED } from '../../../src-shared/api/export'
import type { Delivery } from '../../../src-shared/api/deliveries'
import type { RequestDetail } from '../../../src-shared/api/requests'

type Pairs = [string, string][]

/** The same headers, in order, with each credential's value replaced (the header itself stays: it was sent). */
export function redactHeaders(headers: Pairs): Pairs {
  return headers.some(([n]) => isCredentialHeader(n)) ? headers.map(([n, v]) => [n, isCredentialHeader(n) ? REDACTED : v]) : headers
}

/** A URL with the password of its user info (sent as Basic authorization, see sender/policy.ts) and its credential query values hidden. */
export function redactUrl(url: string): string {
  return redactUrlQuery(redactUrlPassword(url))
}

function redactUrlPassword(url: string): string {
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

function redactUrlQuery(url: string): string {
  const hash = url.indexOf('#')
  const q = url.slice(0, hash < 0 ? url.length : hash).indexOf('?')
  if (q < 0) return url
  const end = hash < 0 ? url.length : hash
  return url.slice(0, q + 1) + redactQuery(url.slice(q + 1, end)) + url.slice(end)
}

/** In a URL the marker is percent-encoded, as a form serializer writes it; parsed back it reads REDACTED. */
const REDACTED_IN_URL = encodeURIComponent(REDACTED)

/** A query parameter's name as a server reads it (`+` is a space; a bad escape stays as written). */
function paramName(raw: string): string {
  const spaced = raw.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced
  }
}

/**
 * A raw query string (without `?`) with the value of each credential parameter replaced; every
 * other byte stays as received, so the order, the other values and their encoding still say
 * what was sent. A parameter without a value has nothing to hide.
 */
export function redactQuery(query: string): string {
  if (!query) return query
  return query
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=')
      if (eq < 0 || eq === part.length - 1 || !isCredentialQueryParam(paramName(part.slice(0, eq)))) return part
      return `${part.slice(0, eq)}=${REDACTED_IN_URL}`
    })
    .join('&')
}

/** Parsed query pairs with each credential's value replaced (the parameter stays, in its place). */
export function redactQueryParams(params: Pairs): Pairs {
  return params.some(([n, v]) => v && isCredentialQueryParam(n)) ? params.map(([n, v]) => [n, v && isCredentialQueryParam(n) ? REDACTED : v]) : params
}

/** A captured request for a shared export: credentials hidden in what was received (headers and query), answered and forwarded. */
export function redactRequest(r: RequestDetail): RequestDetail {
  return {
    ...r,
    query: redactQuery(r.query),
    queryParams: redactQueryParams(r.queryParams),
    headers: redactHeaders(r.headers),
    response: r.response && { ...r.response, headers: redactHeaders(r.response.headers) },
    // A forward's URL carries the captured query, and its target may carry a key of its own.
    forwards: r.forwards.map((f) => ({
      ...f,
      url: redactUrl(f.url),
      target: redactUrl(f.target),
      response: f.response && { ...f.response, headers: redactHeaders(f.response.headers) },
    })),
  }
}

/** A delivery for a shared export: credentials hidden in its URL (password, query) and every attempt's request (custom headers) and response. */
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
