import { useEffect, useMemo, useState } from 'react'
import type { EventTypeItem, SampleResult } from '../../../src-shared/api/event-types'
import { subscribes } from '../../../src-shared/event-filters'
import { useApp } from '../../app-context'
import { Badge } from '../../components/badge'
import { StatusPill } from '../../components/status-pill'
import { Tabs } from '../../components/tabs'
import { href, navigate } from '../../router'
import { CloneDialog } from '../profiles/clone-dialog'
import { JsonView } from '../sender-kit/json-view'
import { ProfileOptions } from './catalog-options'
import { DeleteEventTypeDialog, EventTypeFormDialog } from './event-type-form'
import { FireDialog } from './fire-dialog'
import { ScheduleDialog } from './schedules-view'
import { useCatalog, useProfiles, useWebhooks } from './use-catalog'

type Pane = 'example' | 'payload' | 'schema'

/** Event types by profile and category; one opens to its schema, example and enveloped payload. */
export function CatalogView({ profileId, typeName }: { profileId: string | undefined; typeName: string | undefined }) {
  const profiles = useProfiles()
  const pid = profileId ?? profiles.items[0]?.id
  const profile = profiles.items.find((p) => p.id === pid)
  const catalog = useCatalog(pid)
  const [q, setQ] = useState('')
  const needle = q.trim().toLowerCase()
  const groups = useMemo(
    () =>
      catalog.groups
        .map(([cat, items]) => [cat, items.filter((t) => !needle || t.name.toLowerCase().includes(needle) || t.description.toLowerCase().includes(needle))] as const)
        .filter(([, items]) => items.length > 0),
    [catalog.groups, needle],
  )
  const selected = catalog.items.find((t) => t.name === typeName) ?? (typeName ? undefined : catalog.items[0])
  const categories = catalog.groups.map(([cat]) => cat)
  const [adding, setAdding] = useState(false)
  const go = (p: string, t?: string) => navigate(`/events/catalog/${encodeURIComponent(p)}${t ? `/${encodeURIComponent(t)}` : ''}`)

  return (
    <div className="split" data-testid="event-catalog">
      <aside className="list-pane">
        <div className="list-pane-head">
          <select className="input" aria-label="Profile" value={pid ?? ''} onChange={(e) => go(e.target.value)}>
            <ProfileOptions profiles={profiles.items} grouped label={(p) => `${p.name} (${p.eventTypeCount})`} />
          </select>
          <input className="input" type="search" placeholder="Search event types" aria-label="Search event types" value={q} onChange={(e) => setQ(e.target.value)} />
          {profile && !profile.builtIn && (
            <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
              New event type
            </button>
          )}
        </div>
        <div className="list-pane-body" role="list" aria-label="Event types">
          {catalog.loading && !catalog.loaded && <p className="dim small pad">Loading…</p>}
          {catalog.error && <p className="error-banner">{catalog.error}</p>}
          {groups.map(([cat, items]) => (
            <div key={cat} role="group" aria-label={cat}>
              <div className="list-group-title">
                <span>{cat}</span>
                <span>{items.length}</span>
              </div>
              {items.map((t) => (
                <a
                  key={t.name}
                  role="listitem"
                  href={href(`/events/catalog/${encodeURIComponent(t.profileId)}/${encodeURIComponent(t.name)}`)}
                  className={t.name === selected?.name ? 'list-item active' : 'list-item'}
                  aria-current={t.name === selected?.name ? 'true' : undefined}
                >
                  <span className="mono">{t.name}</span>
                  <span className="list-item-sub">{t.description}</span>
                </a>
              ))}
            </div>
          ))}
          {catalog.loaded && groups.length === 0 && <p className="dim small pad">{needle ? 'No event type matches.' : 'This profile has no event types yet.'}</p>}
        </div>
      </aside>
      <div className="catalog-detail">{selected ? <EventTypeDetail key={`${selected.profileId}/${selected.name}`} t={selected} profileName={profile?.name} categories={categories} /> : catalog.loaded && <p className="dim">Pick an event type.</p>}</div>
      {adding && profile && !profile.builtIn && <EventTypeFormDialog open onClose={() => setAdding(false)} profile={profile} categories={categories} />}
    </div>
  )
}

function EventTypeDetail({ t, profileName, categories }: { t: EventTypeItem; profileName?: string; categories: string[] }) {
  const { stores } = useApp()
  const profiles = useProfiles()
  const profile = profiles.items.find((p) => p.id === t.profileId)
  const webhooks = useWebhooks()
  const [pane, setPane] = useState<Pane>('example')
  const [firing, setFiring] = useState(false)
  const [scheduling, setScheduling] = useState(false)
  const [editing, setEditing] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const [cloning, setCloning] = useState(false)
  const [sample, setSample] = useState<SampleResult | null>(null)
  const subscribed = webhooks.filter((w) => w.profileId === t.profileId && subscribes(w.events, t.name))
  useEffect(() => {
    if (pane !== 'payload' || sample) return
    void stores.eventTypes
      .getState()
      .sample(t.profileId, t.name, 1)
      .then(setSample)
      .catch(() => undefined)
  }, [pane, sample, stores.eventTypes, t])

  return (
    <section className="card" data-testid="event-type-detail">
      <header className="event-type-head">
        <div>
          <div className="title-row">
            <h2 className="mono event-type-name">{t.name}</h2>
            <Badge tone="muted">{t.category}</Badge>
            {t.builtIn && <Badge tone="info">preset</Badge>}
          </div>
          <p className="event-type-desc">{t.description || <span className="dim">No description.</span>}</p>
        </div>
        <div className="card-actions">
          {!t.builtIn && (
            <>
              <button type="button" className="btn" onClick={() => setEditing(true)}>
                Edit
              </button>
              <button type="button" className="btn btn-danger" onClick={() => setDeleting(true)}>
                Delete
              </button>
            </>
          )}
          <button type="button" className="btn" onClick={() => setScheduling(true)}>
            Schedule…
          </button>
          <button type="button" className="btn btn-primary" onClick={() => setFiring(true)}>
            Fire event…
          </button>
        </div>
      </header>
      <div className="card-body">
        {t.builtIn && profile && (
          <p className="small dim preset-note" data-testid="preset-note">
            The event types of a built-in preset are read-only. To add, edit or delete them, clone {profile.name}: the copy has all {profile.eventTypeCount} event types and is yours to edit.
            <button type="button" className="btn btn-small" onClick={() => setCloning(true)}>
              Clone {profile.name}…
            </button>
          </p>
        )}
        <div className="subscribers small">
          {subscribed.length === 0 ? (
            <span className="warn-text">No webhook of {profileName ?? t.profileId} subscribes to this type yet.</span>
          ) : (
            <>
              <span className="dim">Subscribed:</span>
              {subscribed.map((w) => (
                <a key={w.id} href={href(`/webhooks/${encodeURIComponent(w.id)}`)} className="subscriber">
                  {w.name} <StatusPill status={w.status} />
                </a>
              ))}
            </>
          )}
        </div>
        <Tabs<Pane>
          label="Event type"
          active={pane}
          onChange={setPane}
          tabs={[
            { key: 'example', label: 'Example data' },
            { key: 'payload', label: 'Payload' },
            { key: 'schema', label: 'Schema' },
          ]}
        />
        {pane === 'example' && <JsonView value={t.example} label={`${t.name} example`} testId="event-example" />}
        {pane === 'payload' && (
          <>
            <p className="small dim no-margin-top">The body as {profileName ?? 'the profile'} wraps generated data (webhook-specific fields are filled per delivery).</p>
            {sample ? <JsonView value={sample.payload} label={`${t.name} payload`} /> : <p className="dim small">Generating…</p>}
          </>
        )}
        {pane === 'schema' && <JsonView value={t.schema} label={`${t.name} schema`} testId="event-schema" />}
      </div>
      <FireDialog open={firing} onClose={() => setFiring(false)} eventType={t} profile={profile} />
      {scheduling && <ScheduleDialog open onClose={() => setScheduling(false)} initial={{ profileId: t.profileId, type: t.name }} />}
      {/* Mounted while open: one form (and its field ids) in the page at a time. */}
      {editing && profile && !t.builtIn && <EventTypeFormDialog open onClose={() => setEditing(false)} profile={profile} eventType={t} categories={categories} />}
      {deleting && !t.builtIn && <DeleteEventTypeDialog open onClose={() => setDeleting(false)} eventType={t} profile={profile} />}
      {profile && t.builtIn && cloning && <CloneDialog open onClose={() => setCloning(false)} source={profile} />}
    </section>
  )
}
