import type { ReactNode } from 'react'

export type BadgeTone = 'ok' | 'warn' | 'err' | 'info' | 'muted'

/** A small colored label: statuses, verdicts, methods. */
export function Badge({ tone = 'muted', children, title, testId }: { tone?: BadgeTone; children: ReactNode; title?: string; testId?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title} data-testid={testId}>
      {children}
    </span>
  )
}

/** Tone of an HTTP status code. */
export const statusTone = (status: number | null | undefined): BadgeTone =>
  status == null ? 'muted' : status >= 200 && status < 300 ? 'ok' : status >= 400 && status < 500 ? 'warn' : status >= 500 ? 'err' : 'info'
