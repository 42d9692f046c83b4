import type { ReactNode } from 'react'

/** A titled panel of a detail or form page: the header (title, a note beside it, actions), then the body. */
export function Card({ title, meta, actions, children, className, bodyClassName, testId, label }: {
  title: ReactNode
  /** Beside the title: a badge, a short note. */
  meta?: ReactNode
  /** At the right of the header: small buttons and links. */
  actions?: ReactNode
  children: ReactNode
  className?: string
  bodyClassName?: string
  testId?: string
  label?: string
}) {
  return (
    <section className={className ? `card ${className}` : 'card'} data-testid={testId} aria-label={label}>
      <header className="card-header">
        <h2>{title}</h2>
        {meta}
        {actions && <div className="card-actions">{actions}</div>}
      </header>
      <div className={bodyClassName ? `card-body ${bodyClassName}` : 'card-body'}>{children}</div>
    </section>
  )
}
