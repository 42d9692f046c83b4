import { useEffect, useMemo, useRef, useState } from 'react'
import type { RequestListItem } from '../../../src-shared/api/requests'
import { VERDICTS, type Verdict } from '../../../src-shared/signing-schemes'
import { useApp, useStoreOf } from '../../app-context'
import { verdictLabel } from '../../components/verdict-badge'
import { engineNow } from '../../lib/engine-clock'
import { hasFilters, NO_FILTERS, type RequestFilters } from '../../stores/requests'

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']
const STATUSES: [string, string][] = [
  ['2xx', '2xx'],
  ['3xx', '3xx'],
  ['4xx', '4xx'],
  ['5xx', '5xx'],
  ['hang', 'hung (no answer)'],
]
const TIME_PRESETS: [string, string, number][] = [
  ['5m', 'Last 5 minutes', 5 * 60_000],
  ['1h', 'Last hour', 3_600_000],
  ['24h', 'Last 24 hours', 86_400_000],
  ['7d', 'Last 7 days', 7 * 86_400_000],
]

/**
 * The Event type filter's suggestions: every type seen in this inbox's loaded rows since it was
 * opened. Kept when a filter narrows the list (the engine lists no inbox's types, and the rows of a
 * type filter hold that one type only); forgotten when the inbox is cleared.
 */
export function useSeenEventTypes(inboxId: string, items: readonly RequestListItem[], requestCount: number | undefined): string[] {
  const seen = useRef<{ inboxId: string; types: Set<string> }>({ inboxId, types: new Set() })
  return useMemo(() => {
    if (seen.current.inboxId !== inboxId || requestCount === 0) seen.current = { inboxId, types: new Set() }
    // rows of the inbox shown before may still be in the store for a render
    for (const r of items) if (r.inboxId === inboxId && r.eventType) seen.current.types.add(r.eventType)
    return [...seen.current.types]
  }, [inboxId, items, requestCount])
}

/** `datetime-local` value (local time) ↔ ISO instant. */
const toLocalInput = (iso: string | null) => {
  if (!iso) return ''
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}
const fromLocalInput = (v: string) => (v ? new Date(v).toISOString() : null)

/** Search and filters of the request list; each change reloads the list from the engine. */
export function RequestFiltersBar({ eventTypes }: { eventTypes: string[] }) {
  const { stores } = useApp()
  const filters = useStoreOf(stores.requests, (s) => s.filters)
  const apply = (patch: Partial<RequestFilters>) => void stores.requests.getState().setFilters(patch)
  const [q, setQ] = useState(filters.q)
  const [timeMode, setTimeMode] = useState<string>(filters.from || filters.to ? 'custom' : '')
  const [eventType, setEventType] = useState(filters.eventType[0] ?? '')
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useEffect(() => {
    // the store may reset the filters (another inbox opened): follow it
    setQ(filters.q)
    setEventType(filters.eventType[0] ?? '')
    if (!filters.from && !filters.to) setTimeMode('')
  }, [filters])
  useEffect(() => () => clearTimeout(timer.current), [])
  const searchSoon = (value: string) => {
    setQ(value)
    clearTimeout(timer.current)
    timer.current = setTimeout(() => apply({ q: value }), 300)
  }
  const flag = filters.duplicate ? 'duplicate' : filters.outOfOrder ? 'outOfOrder' : filters.duplicate === false && filters.outOfOrder === false ? 'clean' : ''
  const typeOptions = useMemo(() => [...new Set(eventTypes)].sort(), [eventTypes])

  return (
    <div className="filters" role="search" aria-label="Filter requests">
      <input
        type="search"
        className="input filter-search"
        aria-label="Search requests"
        title="Words (and symbols such as emoji) match as prefixes, accents ignored; quote an exact phrase. A body is searched in its first 256 KiB of text."
        placeholder='Search body, headers, path… ("exact phrase")'
        value={q}
        onChange={(e) => searchSoon(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            clearTimeout(timer.current)
            apply({ q })
          }
        }}
      />
      <select className="input" aria-label="Method" value={filters.method[0] ?? ''} onChange={(e) => apply({ method: e.target.value ? [e.target.value] : [] })}>
        <option value="">Any method</option>
        {METHODS.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      <select className="input" aria-label="Verdict" value={filters.verdict[0] ?? ''} onChange={(e) => apply({ verdict: e.target.value ? [e.target.value] : [] })}>
        <option value="">Any verdict</option>
        {VERDICTS.map((v) => (
          <option key={v} value={v}>
            {verdictLabel(v as Verdict)}
          </option>
        ))}
      </select>
      <input
        className="input filter-event"
        aria-label="Event type"
        placeholder="Event type"
        list="event-type-options"
        value={eventType}
        onChange={(e) => {
          setEventType(e.target.value)
          // picking from the list applies at once; typing applies on Enter or leaving the field
          if (typeOptions.includes(e.target.value) || e.target.value === '') apply({ eventType: e.target.value ? [e.target.value] : [] })
        }}
        onKeyDown={(e) => e.key === 'Enter' && apply({ eventType: eventType.trim() ? [eventType.trim()] : [] })}
        onBlur={() => (eventType.trim() ? [eventType.trim()] : []).join() !== filters.eventType.join() && apply({ eventType: eventType.trim() ? [eventType.trim()] : [] })}
      />
      <datalist id="event-type-options">
        {typeOptions.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <select className="input" aria-label="Response status" value={filters.status[0] ?? ''} onChange={(e) => apply({ status: e.target.value ? [e.target.value] : [] })}>
        <option value="">Any status</option>
        {STATUSES.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
      <select
        className="input"
        aria-label="Flags"
        value={flag}
        onChange={(e) => {
          const v = e.target.value
          apply({ duplicate: v === 'duplicate' ? true : v === 'clean' ? false : null, outOfOrder: v === 'outOfOrder' ? true : v === 'clean' ? false : null })
        }}
      >
        <option value="">Any flags</option>
        <option value="duplicate">Duplicates</option>
        <option value="outOfOrder">Out of order</option>
        <option value="clean">Neither</option>
      </select>
      <select
        className="input"
        aria-label="Time"
        value={timeMode}
        onChange={(e) => {
          const v = e.target.value
          setTimeMode(v)
          const preset = TIME_PRESETS.find(([k]) => k === v)
          // Counted back from the engine's now: it records receivedAt on its clock (ahead under --time-scale).
          if (preset) apply({ from: new Date(engineNow(stores.info.getState().clock) - preset[2]).toISOString(), to: null })
          else if (v === '') apply({ from: null, to: null })
        }}
      >
        <option value="">Any time</option>
        {TIME_PRESETS.map(([k, label]) => (
          <option key={k} value={k}>
            {label}
          </option>
        ))}
        <option value="custom">Between…</option>
      </select>
      {timeMode === 'custom' && (
        <>
          <input type="datetime-local" className="input" aria-label="From" value={toLocalInput(filters.from)} onChange={(e) => apply({ from: fromLocalInput(e.target.value) })} />
          <input type="datetime-local" className="input" aria-label="To" value={toLocalInput(filters.to)} onChange={(e) => apply({ to: fromLocalInput(e.target.value) })} />
        </>
      )}
      {hasFilters(filters) && (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            clearTimeout(timer.current)
            setTimeMode('')
            void stores.requests.getState().setFilters({ ...NO_FILTERS, order: filters.order })
          }}
        >
          Clear filters
        </button>
      )}
    </div>
  )
}
