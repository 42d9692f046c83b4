import { useMemo, useState } from 'react'
import type { EventTypeItem } from '../../../src-shared/api/event-types'
import { subscribes } from '../../../src-shared/event-filters'

/**
 * Subscribed events as chips: `*`, prefixes such as `deal.*`, or exact names, with
 * suggestions from the profile's catalog and a count of the event types they cover.
 */
export function EventsInput({ value, onChange, catalog, id, invalid, problems = {} }: {
  value: string[]
  onChange: (events: string[]) => void
  catalog: EventTypeItem[]
  id?: string
  invalid?: boolean
  /** What is wrong with a chip, by its text: it is drawn as refused, the message in its title. */
  problems?: Record<string, string>
}) {
  const [draft, setDraft] = useState('')
  const suggestions = useMemo(() => {
    const prefixes = new Set<string>()
    for (const t of catalog) {
      const dot = t.name.indexOf('.')
      if (dot > 0) prefixes.add(`${t.name.slice(0, dot)}.*`)
    }
    return ['*', ...[...prefixes].sort(), ...catalog.map((t) => t.name)]
  }, [catalog])
  const covered = catalog.filter((t) => subscribes(value, t.name)).length
  const add = (raw: string) => {
    const parts = raw.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean)
    if (!parts.length) return
    onChange([...new Set([...value, ...parts])])
    setDraft('')
  }
  const listId = `${id ?? 'events'}-suggestions`
  return (
    <div className={invalid ? 'events-input invalid' : 'events-input'}>
      <div className="chips">
        {value.map((f) => (
          <span key={f} className={`chip${f.includes('*') ? ' chip-wild' : ''}${problems[f] ? ' chip-invalid' : ''}`} title={problems[f]}>
            {f}
            <button type="button" aria-label={`Remove ${f}`} onClick={() => onChange(value.filter((x) => x !== f))}>
              ×
            </button>
          </span>
        ))}
        <input
          id={id}
          className="events-input-draft"
          list={listId}
          value={draft}
          placeholder={value.length ? 'add…' : '*, deal.*, contact.created'}
          onChange={(e) => {
            const v = e.target.value
            // Choosing a datalist option fills the whole value at once: take it as a chip.
            if (suggestions.includes(v) && v !== draft && v.length - draft.length > 1) add(v)
            else setDraft(v)
          }}
          onKeyDown={(e) => {
            // Enter adds a chip and never submits the form around it.
            if (e.key === 'Enter') e.preventDefault()
            if (e.key === 'Enter' || e.key === ',' || e.key === 'Tab') {
              if (draft.trim()) {
                e.preventDefault()
                add(draft)
              }
            } else if (e.key === 'Backspace' && !draft && value.length) onChange(value.slice(0, -1))
          }}
          onBlur={() => add(draft)}
        />
        <datalist id={listId}>
          {suggestions.filter((s) => !value.includes(s)).map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      </div>
      {catalog.length > 0 && (
        <div className="field-hint">
          {value.length === 0 ? 'No events: add * for all, a prefix such as deal.*, or exact names.' : `Covers ${covered} of ${catalog.length} event types in this profile.`}
        </div>
      )}
    </div>
  )
}
