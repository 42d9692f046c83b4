import type { Inbox } from '../../../src-shared/api/inboxes'
import { SIGNING_SCHEME_LABELS } from '../../../src-shared/signing-schemes'
import { Badge } from '../../components/badge'
import { CopyButton } from '../../components/copy-button'

/** The URLs a sender can use (loopback, and LAN addresses when the ingest plane binds them). */
export function InboxUrls({ inbox, compact }: { inbox: Inbox; compact?: boolean }) {
  const urls = inbox.urls.length ? inbox.urls : [{ url: inbox.url, kind: 'loopback' as const }]
  return (
    <ul className={compact ? 'inbox-urls compact' : 'inbox-urls'} aria-label={`URLs of ${inbox.name}`}>
      {urls.map((u) => (
        <li key={u.url}>
          {u.kind === 'lan' && (
            <Badge tone="info" title="Reachable from other machines on your network">
              LAN
            </Badge>
          )}
          <code className="inbox-url" data-testid="inbox-url" title={u.url}>
            <span className="inbox-url-origin">{splitUrl(u.url).origin}</span>
            <span className="inbox-url-path">{splitUrl(u.url).path}</span>
          </code>
          <CopyButton text={u.url} label="Copy" />
        </li>
      ))}
    </ul>
  )
}

/** `http://127.0.0.1:4320` and `/slug`: when room is short the origin gives way first, the slug is what tells inboxes apart. */
function splitUrl(url: string): { origin: string; path: string } {
  const slash = url.indexOf('/', url.indexOf('//') + 2)
  return slash < 0 ? { origin: url, path: '' } : { origin: url.slice(0, slash), path: url.slice(slash) }
}

/** How the inbox verifies, in a word. */
export function VerificationBadge({ inbox }: { inbox: Inbox }) {
  const v = inbox.verification
  if (!v) return <Badge tone="muted">no verification</Badge>
  const live = v.secrets.filter((s) => s.live).length
  const what = v.profileId ?? SIGNING_SCHEME_LABELS[v.scheme] ?? v.scheme
  return (
    <Badge tone={live ? 'info' : 'warn'} title={`${SIGNING_SCHEME_LABELS[v.scheme]} · ${live} live secret${live === 1 ? '' : 's'}`}>
      {what}
      {live === 0 && ' · no secret'}
    </Badge>
  )
}

/**
 * What the inbox answers, in a few words ("200", "500,500,200 ↻", "500,500,200 then 200 (2 of 3
 * left)", "200 · sequence 500,500,200 spent"): the engine's counter says how far a sequence is.
 */
export function responseSummary(inbox: Inbox): string {
  const r = inbox.response
  const parts: string[] = []
  if (r.hang) return 'hangs'
  const steps = r.sequence?.steps.map((s) => (s.hang ? 'hang' : s.status)).join(',')
  if (r.sequence?.repeat) parts.push(`${steps} ↻`)
  else if (r.sequence && r.counter >= r.sequence.steps.length) parts.push(`${r.status} · sequence ${steps} spent`)
  else if (r.sequence) parts.push(`${steps} then ${r.status} (${r.sequence.steps.length - r.counter} of ${r.sequence.steps.length} left)`)
  else parts.push(String(r.status))
  if (r.failureRate > 0) parts.push(`${Math.round(r.failureRate * 1000) / 10}% → ${r.failureStatus}`)
  if (r.delayMs) parts.push(`after ${r.delayMs} ms`)
  if (r.fromForward) parts.push('from forward')
  return parts.join(' · ')
}

