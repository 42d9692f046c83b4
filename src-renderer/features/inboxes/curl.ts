/**
 * curl command lines shown to the user (to send a first request, or to replay a captured one
 * by hand). Pure text: values are single-quoted for POSIX shells, so nothing in a captured
 * header or body can break out of its argument.
 */
import { decodeUtf8 } from '../../lib/content'

export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/** A first request to an inbox: a small JSON event, as in the empty state. */
export function sampleCurl(url: string): string {
  const body = JSON.stringify({ id: 'evt_1', type: 'test.ping', data: { hello: 'world' } })
  return `curl -X POST ${shellQuote(`${url}/events`)} -H 'Content-Type: application/json' -d ${shellQuote(body)}`
}

/** Hop-by-hop and computed headers that curl sets itself. */
const SKIP = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-connection'])

/** The captured request again, byte-exact when its body is text. */
export function requestCurl(r: { method: string; path: string; query: string; headers: readonly (readonly [string, string])[] }, origin: string, body: Uint8Array): string {
  const url = `${origin}${r.path}${r.query ? `?${r.query}` : ''}`
  const parts = [`curl -X ${r.method} ${shellQuote(url)}`]
  for (const [name, value] of r.headers) if (!SKIP.has(name.toLowerCase())) parts.push(`-H ${shellQuote(`${name}: ${value}`)}`)
  if (body.length) {
    const text = decodeUtf8(body)
    parts.push(text !== null ? `--data-binary ${shellQuote(text)}` : `--data-binary @body.bin  # binary body: use "Download" to save it as body.bin`)
  }
  return parts.join(' \\\n  ')
}
