import type { ReactNode } from 'react'

export interface TabDef<K extends string> {
  key: K
  label: ReactNode
  disabled?: boolean
}

/** Accessible tab bar (role=tablist); the caller renders the active panel. */
export function Tabs<K extends string>({ tabs, active, onChange, label }: { tabs: TabDef<K>[]; active: K; onChange: (key: K) => void; label: string }) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((t) => (
        <button
          key={t.key}
          type="button"
          role="tab"
          aria-selected={t.key === active}
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
