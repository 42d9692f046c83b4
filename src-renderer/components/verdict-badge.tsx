import type { Verdict } from '../../src-shared/signing-schemes'
import { Badge, type BadgeTone } from './badge'

/** What each verdict looks like, and what it means in one line (the badge's tooltip). */
export const VERDICT_INFO: Record<Verdict, { label: string; tone: BadgeTone; meaning: string }> = {
  valid: { label: 'valid', tone: 'ok', meaning: 'The signature matches one of the inbox secrets.' },
  invalid: { label: 'invalid', tone: 'err', meaning: 'A signature is present but matches none of the inbox secrets.' },
  missing_signature: { label: 'no signature', tone: 'err', meaning: 'The signature header the scheme expects is absent.' },
  malformed_header: { label: 'malformed', tone: 'err', meaning: 'The signature header is present but cannot be parsed.' },
  stale_timestamp: { label: 'stale', tone: 'warn', meaning: 'The signed timestamp is outside the tolerance.' },
  no_secret: { label: 'no secret', tone: 'warn', meaning: 'The inbox verifies signatures but has no live secret.' },
  not_configured: { label: 'not verified', tone: 'muted', meaning: 'This inbox does not verify signatures.' },
}

export const verdictLabel = (v: Verdict) => VERDICT_INFO[v]?.label ?? v

/** The signature verdict of a captured request. */
export function VerdictBadge({ verdict, testId }: { verdict: Verdict; testId?: string }) {
  const info = VERDICT_INFO[verdict] ?? { label: verdict, tone: 'muted' as const, meaning: verdict }
  return (
    <Badge tone={info.tone} title={info.meaning} testId={testId}>
      {info.label}
    </Badge>
  )
}
