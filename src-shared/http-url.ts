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

/**
 * A URL as shown and stored for people: the credentials of its user info hidden ("user:***"
 * with a password, "***" for a user part alone, often a token), the rest as written. Forward
 * results are recorded, exported and sent back to senders; the credentials of a target belong
 * to the inbox's settings only.
 */
export function withoutCredentials(url: string): string {
  const start = url.indexOf('://')
  if (start < 0) return url
  const rest = url.slice(start + 3)
  const end = rest.search(/[/?#\\]/) // a backslash ends the host too (WHATWG, for http and https)
  const authority = end < 0 ? rest : rest.slice(0, end)
  const at = authority.lastIndexOf('@')
  if (at < 0) return url
  const colon = authority.indexOf(':')
  const shown = colon >= 0 && colon < at ? `${authority.slice(0, colon)}:***` : '***'
  return `${url.slice(0, start + 3)}${shown}${rest.slice(at)}`
}

/** What a server may take for a path separator: `/`, `\`, and their percent-encoded forms (nginx decodes before it resolves). */
const SEPARATOR = /(\/|\\|%2f|%5c)/i

/**
 * Whether a segment may be taken for `.` or `..`: `%2e` decoded, and `;params` dropped (Tomcat
 * and Jetty read `..;x` as `..`).
 */
function dotSegment(segment: string): '.' | '..' | null {
  const dots = segment.replace(/%2e/gi, '.').replace(/;.*$/, '')
  return dots === '.' || dots === '..' ? dots : null
}

/**
 * The suffix with its dot segments resolved inside itself: anyone who can reach an inbox could
 * otherwise send `/a/../../admin` and, on a target that normalises paths, reach `/admin` outside
 * the base path the user forwards to. Every spelling a server may resolve counts (see SEPARATOR
 * and dotSegment); `..` never climbs above the suffix's root, and a trailing dot segment leaves
 * a trailing separator (`/a/b/..` is `/a/`). The kept segments and their separators are written
 * as received, and a suffix without dot segments is kept exactly as received.
 */
function withinSuffix(suffix: string): string {
  const parts = suffix.split(SEPARATOR) // [before the first separator, separator, segment, separator, segment...]
  const steps: Array<{ separator: string; segment: string }> = []
  for (let i = 1; i < parts.length; i += 2) steps.push({ separator: parts[i]!, segment: parts[i + 1]! })
  if (!steps.some((s) => dotSegment(s.segment))) return suffix
  const kept: typeof steps = []
  steps.forEach((step, i) => {
    const dots = dotSegment(step.segment)
    if (dots === '..') kept.pop()
    if (dots && i === steps.length - 1) kept.push({ separator: step.separator, segment: '' })
    else if (!dots) kept.push(step)
  })
  const resolved = parts[0]! + kept.map((s) => s.separator + s.segment).join('')
  // Starts with a plain "/" so it stays below the target's path even where "\\" or "%2f" is not a separator.
  return resolved.startsWith('/') ? resolved : `/${resolved}`
}
