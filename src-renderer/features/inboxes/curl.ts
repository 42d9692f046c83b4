/**
 * The first curl command shown to the user (to send a first request to an inbox). Pure text,
 * single-quoted for POSIX shells. Copy-as snippets of captured requests, replays and attempts
 * come from src-shared/snippets.ts.
 */

export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/** A first request to an inbox: a small JSON event, as in the empty state. */
export function sampleCurl(url: string): string {
  const body = JSON.stringify({ id: 'evt_1', type: 'test.ping', data: { hello: 'world' } })
  return `curl -X POST ${shellQuote(`${url}/events`)} -H 'Content-Type: application/json' -d ${shellQuote(body)}`
}
