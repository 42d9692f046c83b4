import { useEffect, useId, useMemo, useState } from 'react'
import { useApp, useStoreOf } from '../../app-context'
import { loadRecentTargets, saveRecentTarget } from './replay-model'

const storage = () => (typeof window !== 'undefined' ? window.localStorage : undefined)

/** The targets replayed to lately (this browser profile), and a way to remember one. */
export function useRecentTargets(): [string[], (url: string) => void] {
  const [recent, setRecent] = useState(() => loadRecentTargets(storage()))
  return [recent, (url) => setRecent(saveRecentTarget(storage(), url))]
}

/**
 * The URL to send to: typed, or picked from the recent targets and the inboxes (another
 * Hookbench inbox is a handy target: it shows exactly what arrived and verifies it).
 */
export function TargetField({ value, onChange, recent, error, excludeInboxId, disabled, autoFocus }: {
  value: string
  onChange: (url: string) => void
  recent: string[]
  error?: string
  excludeInboxId?: string
  disabled?: boolean
  autoFocus?: boolean
}) {
  const { stores } = useApp()
  const inboxes = useStoreOf(stores.inboxes, (s) => s.items)
  const loaded = useStoreOf(stores.inboxes, (s) => s.loaded)
  useEffect(() => {
    if (!loaded) void stores.inboxes.getState().load()
  }, [loaded, stores.inboxes])
  const id = useId()
  const inboxUrls = useMemo(() => inboxes.filter((i) => i.id !== excludeInboxId).map((i) => ({ url: i.url, name: i.name })), [inboxes, excludeInboxId])
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={`${id}-url`}>Target URL</label>
      <input
        id={`${id}-url`}
        className="input mono"
        type="url"
        list={`${id}-targets`}
        placeholder="http://localhost:3000/webhooks"
        autoComplete="off"
        spellCheck={false}
        value={value}
        disabled={disabled}
        autoFocus={autoFocus}
        data-autofocus={autoFocus ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <datalist id={`${id}-targets`}>
        {recent.map((u) => (
          <option key={`r-${u}`} value={u}>
            recent
          </option>
        ))}
        {inboxUrls
          .filter((i) => !recent.includes(i.url))
          .map((i) => (
            <option key={`i-${i.url}`} value={i.url}>
              inbox {i.name}
            </option>
          ))}
      </datalist>
      {error ? (
        <div className="field-message" role="alert">
          {error}
        </div>
      ) : (
        recent.length > 0 && (
          <div className="field-hint rp-recent">
            Recent:{' '}
            {recent.slice(0, 3).map((u) => (
              <button key={u} type="button" className="link-button mono" disabled={disabled} onClick={() => onChange(u)} title={u}>
                {u}
              </button>
            ))}
          </div>
        )
      )}
    </div>
  )
}
