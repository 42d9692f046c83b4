import './status-pill.css'

export type PillTone = 'ok' | 'warn' | 'err' | 'info' | 'muted'

/** Tones of every status word the sender uses (webhooks, deliveries, attempts, schedules, runs). */
const TONES: Record<string, PillTone> = {
  active: 'ok',
  paused: 'muted',
  disabled: 'err',
  pending: 'info',
  succeeded: 'ok',
  failed: 'err',
  held: 'warn',
  in_flight: 'info',
  interrupted: 'warn',
  running: 'info',
  completed: 'ok',
  cancelled: 'muted',
  waiting: 'muted',
  fired: 'ok',
  skipped: 'muted',
}

const LABELS: Record<string, string> = { in_flight: 'in flight' }

/** A status with a dot: `active`, `disabled`, `pending`, `held`… (pulses while something is under way). */
export function StatusPill({ status, label, title, testId }: { status: string; label?: string; title?: string; testId?: string }) {
  const tone = TONES[status] ?? 'muted'
  const busy = status === 'pending' || status === 'in_flight' || status === 'running'
  return (
    <span className={`status-pill tone-${tone}${busy ? ' busy' : ''}`} title={title} data-testid={testId} data-status={status}>
      <span className="status-pill-dot" aria-hidden="true" />
      {label ?? LABELS[status] ?? status}
    </span>
  )
}
