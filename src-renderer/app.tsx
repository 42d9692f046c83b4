import { useEffect } from 'react'
import { ConnectionIndicator } from './components/connection-indicator'
import { DEFAULT_ROUTE, ROUTES } from './routes'
import { href, useRoute } from './router'

const SECTIONS = ['Sender', 'Receiver', 'Workbench'] as const

export function App() {
  const [key = DEFAULT_ROUTE, ...params] = useRoute()
  const route = ROUTES.find((r) => r.key === key)
  useEffect(() => {
    document.getElementById('root')?.setAttribute('data-app-state', 'ready')
  }, [])
  useEffect(() => {
    document.title = route ? `${route.label} · Hookbench` : 'Hookbench'
  }, [route])

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">⚓</span> Hookbench
        </div>
        {SECTIONS.map((section) => (
          <div className="nav-section" key={section}>
            {section !== 'Workbench' && <div className="nav-section-title">{section}</div>}
            <ul>
              {ROUTES.filter((r) => r.section === section).map((r) => (
                <li key={r.key}>
                  <a href={href(`/${r.key}`)} className={r.key === key ? 'nav-link active' : 'nav-link'} aria-current={r.key === key ? 'page' : undefined}>
                    {r.label}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
        <div className="sidebar-footer">
          <ConnectionIndicator />
        </div>
      </nav>
      <main className="main">
        {route ? (
          <route.component params={params} />
        ) : (
          <div className="empty-state">
            <h2>Nothing at #/{key}</h2>
            <p>
              <a href={href(`/${DEFAULT_ROUTE}`)}>Go to the inboxes</a>
            </p>
          </div>
        )}
      </main>
    </div>
  )
}
