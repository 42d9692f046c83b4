import type { ReactNode } from 'react'

const ICONS = { err: '!', warn: '⚠', muted: '‖', info: '→' } as const

/** A message across a page or a form: an icon, an optional title, the text, and actions at the right. */
export function Banner({ tone, icon = ICONS[tone], title, actions, children, role, testId, className }: {
  tone: keyof typeof ICONS
  icon?: string
  title?: ReactNode
  /** At the right: buttons. */
  actions?: ReactNode
  children?: ReactNode
  role?: 'alert' | 'status'
  testId?: string
  className?: string
}) {
  return (
    <div className={`banner banner-${tone}${className ? ` ${className}` : ''}`} role={role} data-testid={testId}>
      <span className="banner-icon">{icon}</span>
      <div className="banner-body">
        {title && <div className="banner-title">{title}</div>}
        {children}
      </div>
      {actions && <div className="banner-actions">{actions}</div>}
    </div>
  )
}
