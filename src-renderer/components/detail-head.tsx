import type { ReactNode } from 'react'

/** The head of a detail page: the way back to its list, the title (the page's h1) with its badges, the URL line, and the actions. */
export function DetailHead({ back, title, mono, badges, url, actions }: {
  back: { href: string; label: string }
  title: string
  mono?: boolean
  badges?: ReactNode
  url: ReactNode
  actions: ReactNode
}) {
  return (
    <div className="detail-head">
      <div>
        <div className="crumbs">
          <a href={back.href}>{back.label}</a> /
        </div>
        <div className="title-row">
          <h1 id="screen-title" className={mono ? 'mono' : undefined} title={title}>
            {title}
          </h1>
          {badges}
        </div>
        <div className="detail-url mono">{url}</div>
      </div>
      <div className="screen-actions">{actions}</div>
    </div>
  )
}
