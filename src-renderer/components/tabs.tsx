import { useId, type KeyboardEvent, type ReactNode } from 'react'

export interface TabDef<K extends string> {
  key: K
  label: ReactNode
  disabled?: boolean
}

/** The ids a tab bar and its panel share (aria-controls / aria-labelledby): from `idBase`, a caller's useId(). */
export const tabId = (idBase: string, key: string) => `${idBase}-tab-${key}`
export const tabPanelId = (idBase: string) => `${idBase}-panel`

/** Props of the panel under a Tabs bar given the same `idBase`: labelled by the selected tab. */
export const tabPanelProps = (idBase: string, active: string) => ({ role: 'tabpanel', id: tabPanelId(idBase), 'aria-labelledby': tabId(idBase, active), tabIndex: 0 }) as const

/**
 * Accessible tab bar (WAI-ARIA tabs pattern); the caller renders the active panel, with
 * tabPanelProps(idBase, active) when it passes `idBase`. Only the selected tab is in the Tab
 * order (roving tabindex); Left/Right move to the previous/next enabled tab and select it,
 * Home/End to the first/last.
 */
export function Tabs<K extends string>({ tabs, active, onChange, label, idBase }: { tabs: TabDef<K>[]; active: K; onChange: (key: K) => void; label: string; idBase?: string }) {
  const ownId = useId()
  const base = idBase ?? ownId
  const keyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const enabled = tabs.filter((t) => !t.disabled)
    const at = enabled.findIndex((t) => t.key === active)
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: enabled.length - 1 }[e.key]
    if (to === undefined || !enabled.length) return
    e.preventDefault()
    const next = enabled[(to + enabled.length) % enabled.length]!
    onChange(next.key)
    e.currentTarget.querySelector<HTMLElement>(`#${CSS.escape(tabId(base, next.key))}`)?.focus()
  }
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={keyDown}>
      {tabs.map((t) => (
        <button
          key={t.key}
          id={tabId(base, t.key)}
          type="button"
          role="tab"
          aria-selected={t.key === active}
          aria-controls={idBase && t.key === active ? tabPanelId(idBase) : undefined}
          tabIndex={t.key === active ? 0 : -1}
          className={t.key === active ? 'tab active' : 'tab'}
          disabled={t.disabled}
          onClick={() => onChange(t.key)}
        >
          {t.label}
        </button>
      ))}
    </div>
  )
}
