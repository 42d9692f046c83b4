/**
 * The one check for a URL Hookbench sends to (a webhook, a forward target, a replay): an
 * absolute http(s) URL with a host. Shared so the forms say exactly what the engine would.
 */

// src-shared is built without DOM or Node types; both runtimes have the WHATWG URL.
declare const URL: new (input: string) => {
  protocol: string
  username: string
  password: string
  host: string
  hostname: string
  pathname: string
  search: string
  hash: string
  toString(): string
}

export const HTTP_URL_EXAMPLE = 'http://localhost:3000/webhooks'

/** Null when `raw` is an absolute http(s) URL with a host, else what to fix, in one sentence. */
export function httpUrlProblem(raw: string): string | null {
  const text = raw.trim()
  if (!text) return `Give the URL to send to, e.g. ${HTTP_URL_EXAMPLE}.`
  let url: { protocol: string; hostname: string }
  try {
    url = new URL(text)
  } catch {
    if (looksLikeHost(text)) return missingScheme(text)
    return `"${text}" is not an absolute URL: write it like https://example.com/webhooks or ${HTTP_URL_EXAMPLE}.`
  }
  // "localhost:3000" parses, with "localhost:" as its scheme.
  if (looksLikeHost(text)) return missingScheme(text)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `The URL must start with https:// or http://, not ${url.protocol}//.`
  if (!url.hostname) return `"${text}" has no host name.`
  return null
}

/** "localhost:3000/hooks", "example.com": a URL written without its scheme. */
const looksLikeHost = (text: string) => !text.includes('://') && /^[\w.[\]:-]+(\/\S*)?$/.test(text)
const missingScheme = (text: string) => `"${text}" does not say http:// or https://: write it like http://${text}.`

/**
 * Where a captured request is forwarded: `target` + the path below the inbox slug + the raw
 * query, appended as received (after the target's own query), never re-encoded. Throws when
 * `target` is not a URL. Shared by the inbox forwarder and `hookbench listen`.
 */
export function forwardUrl(target: string, pathSuffix: string, query: string): string {
  const url = new URL(target)
  const credentials = url.username || url.password ? `${url.username}${url.password ? `:${url.password}` : ''}@` : ''
  const suffix = withinSuffix(pathSuffix)
  const path = suffix !== '/' && suffix !== '' ? url.pathname.replace(/\/$/, '') + suffix : url.pathname
  const search = [url.search.slice(1), query].filter(Boolean).join('&')
  return `${url.protocol}//${credentials}${url.host}${path}${search ? `?${search}` : ''}${url.hash}`
}

const DOT_SEGMENT = /(^|[/\\])(?:\.|%2e){1,2}(?=[/\\]|$)/i

/**
 * The suffix with its dot segments resolved inside itself: anyone who can reach an inbox could
 * otherwise send `/a/../../admin` and, on a target that normalises paths, reach `/admin` outside
 * the base path the user forwards to. `.`, `..` and their %2e spellings count, between `/` or `\`
 * (some servers split on both); `..` never climbs above the suffix's root. A suffix without dot
 * segments is kept exactly as received.
 */
function withinSuffix(suffix: string): string {
  if (!DOT_SEGMENT.test(suffix)) return suffix
  const kept: string[] = []
  const segments = suffix.split(/[/\\]/).slice(1)
  segments.forEach((segment, i) => {
    const dots = segment.replace(/%2e/gi, '.')
    const last = i === segments.length - 1
    if (dots === '..') kept.pop()
    if (dots === '.' || dots === '..') {
      if (last) kept.push('') // "/a/.." names the directory: keep its trailing slash
    } else kept.push(segment)
  })
  return `/${kept.join('/')}`
}
