import type { ReactNode } from 'react'

/** Page frame: title row with actions, then the content. */
export function Screen({ title, subtitle, actions, children, testId }: {
  title: string
  subtitle?: ReactNode
  actions?: ReactNode
  children: ReactNode
  testId?: string
}) {
  return (
    <section className="screen" data-testid={testId} aria-labelledby="screen-title">
      <header className="screen-header">
        <div>
          <h1 id="screen-title">{title}</h1>
          {subtitle && <p className="screen-subtitle">{subtitle}</p>}
        </div>
        {actions && <div className="screen-actions">{actions}</div>}
      </header>
      <div className="screen-body">{children}</div>
    </section>
  )
}
