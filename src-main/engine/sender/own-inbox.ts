/**
 * A webhook pointed at one of this engine's own inboxes (the loopback quick start does that):
 * the inbox captures every request and answers per its response rules, whatever the signature,
 * so an endpoint check there describes those rules, not a handler of the user's.
 */
import type { EndpointCheck } from '../../../src-shared/api/webhooks'
import type { Inbox, InboxResponse } from '../../../src-shared/api/inboxes'

/** The inboxes as the receiver lists them: their URLs on every base the ingest plane answers on. */
export type InboxLister = () => readonly Pick<Inbox, 'id' | 'name' | 'slug' | 'urls' | 'response' | 'forwardTo'>[]

/** An origin compared as the ingest plane is reached: localhost is its loopback address. */
function originOf(url: URL): string {
  const host = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname
  return `${url.protocol}//${host}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`
}

/** The inbox a URL reaches on this engine's ingest plane (one of its origins, then an existing slug), or null. */
export function ownInboxAt<T extends Pick<Inbox, 'slug' | 'urls'>>(target: string, inboxes: readonly T[]): T | null {
  let url: URL
  try {
    url = new URL(target)
  } catch {
    return null
  }
  const origin = originOf(url)
  const slug = url.pathname.split('/')[1]
  return inboxes.find((i) => i.slug === slug && i.urls.some((u) => originOf(new URL(u.url)) === origin)) ?? null
}

function rulesInWords(r: InboxResponse): string {
  if (r.hang) return 'it never answers'
  if (r.sequence) return `a scripted sequence of ${r.sequence.steps.length} answers${r.sequence.repeat ? ', repeated' : ''}`
  const failures = r.failureRate > 0 ? `, or ${r.failureStatus} to ${Math.round(r.failureRate * 100)} % of requests at random` : ''
  return `${r.status} to every request${failures}`
}

/** What the check's result says about an inbox target. */
export function inboxTarget(inbox: ReturnType<InboxLister>[number]): NonNullable<EndpointCheck['inbox']> {
  const forwarded = inbox.response.fromForward && inbox.forwardTo.length > 0
  const answers = forwarded
    ? `it forwards each request to ${inbox.forwardTo[0]} and answers with that answer, so the findings below describe that app as reached through the inbox`
    : `it captures every request and answers per its response rules (${rulesInWords(inbox.response)}), whatever the signature, so the findings below describe those rules, not how a handler of yours verifies`
  return {
    id: inbox.id,
    name: inbox.name,
    slug: inbox.slug,
    note: `This URL is the Hookbench inbox "${inbox.name}" (/${inbox.slug}) of this engine, not a handler of yours: ${answers}. To check your handler, point the webhook at it.`,
  }
}
