import type { Verdict } from '../../src-shared/signing-schemes'
import { Badge, type BadgeTone } from './badge'

interface VerdictInfo {
  label: string
  tone: BadgeTone
  meaning: string
}

/** What each verdict looks like, and what it means in one line (the badge's tooltip). */
export const VERDICT_INFO: Record<Verdict, VerdictInfo> = {
  valid: { label: 'valid', tone: 'ok', meaning: 'The signature matches one of the inbox secrets.' },
  invalid: { label: 'invalid', tone: 'err', meaning: 'A signature is present but matches none of the inbox secrets.' },
  missing_signature: { label: 'no signature', tone: 'err', meaning: 'The signature header the scheme expects is absent.' },
  malformed_header: { label: 'malformed', tone: 'err', meaning: 'The signature header is present but cannot be parsed.' },
  stale_timestamp: { label: 'stale', tone: 'warn', meaning: 'The signed timestamp is outside the tolerance: too old, or ahead of the clock.' },
  no_secret: { label: 'no secret', tone: 'warn', meaning: 'The inbox verifies signatures but has no live secret.' },
  not_configured: { label: 'not verified', tone: 'muted', meaning: 'This inbox does not verify signatures.' },
}

/** stale_timestamp for a timestamp ahead of the clock (a unix time sent in milliseconds, a clock running fast): not stale. */
const FUTURE_DATED: VerdictInfo = { label: 'future-dated', tone: 'warn', meaning: 'The signed timestamp is ahead of the clock by more than the tolerance.' }

/**
 * A verdict's label and meaning. `ageSec` (the analysis' `details.ageSec`, negative for a
 * timestamp ahead of the clock) words stale_timestamp by its direction where it is known; the
 * verdict code stays `stale_timestamp` either way.
 */
export function verdictInfo(verdict: Verdict, ageSec?: number): VerdictInfo {
  if (verdict === 'stale_timestamp' && ageSec !== undefined && ageSec < 0) return FUTURE_DATED
  return VERDICT_INFO[verdict] ?? { label: verdict, tone: 'muted', meaning: verdict }
}

export const verdictLabel = (v: Verdict) => VERDICT_INFO[v]?.label ?? v

/** The signature verdict of a captured request; pass `ageSec` where the analysis' details are at hand. */
export function VerdictBadge({ verdict, ageSec, testId }: { verdict: Verdict; ageSec?: number; testId?: string }) {
  const info = verdictInfo(verdict, ageSec)
  return (
    <Badge tone={info.tone} title={info.meaning} testId={testId}>
      {info.label}
    </Badge>
  )
}
