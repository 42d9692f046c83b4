import { SIGNING_SCHEME_LABELS } from '../../../src-shared/signing-schemes'
import { EmptyState } from '../../components/empty-state'
import { Screen } from '../../components/screen'
import { href } from '../../router'
import { useProfiles } from '../events/use-catalog'
import '../sender-kit/sender.css'
import { ProfileDetail } from './profile-detail'
import { ProfileForm } from './profile-form'
import './profiles.css'

/** `#/profiles/<id>` shows one; `#/profiles/<id>/edit` edits a user profile; `#/profiles/new` creates one. */
export function ProfilesScreen({ params }: { params: string[] }) {
  const { items, loaded } = useProfiles()
  const [id, action] = params
  const creating = id === 'new'
  const selected = creating ? undefined : (items.find((p) => p.id === id) ?? (id ? undefined : items[0]))
  const presets = items.filter((p) => p.builtIn)
  const mine = items.filter((p) => !p.builtIn)
  const item = (p: (typeof items)[number]) => (
    <a key={p.id} href={href(`/profiles/${encodeURIComponent(p.id)}`)} className={p.id === selected?.id ? 'list-item active' : 'list-item'} aria-current={p.id === selected?.id ? 'true' : undefined} data-testid="profile-item">
      {p.name}
      <span className="list-item-sub">
        {SIGNING_SCHEME_LABELS[p.scheme]} · {p.eventTypeCount} events{p.webhookCount ? ` · ${p.webhookCount} webhook${p.webhookCount === 1 ? '' : 's'}` : ''}
      </span>
    </a>
  )

  return (
    <Screen
      title="Profiles"
      subtitle="Provider webhook styles: envelope, signing, headers, retries, disable rule"
      testId="screen-profiles"
      actions={
        <a className="btn" href={href('/profiles/new')}>
          New profile
        </a>
      }
    >
      <div className="split">
        <aside className="list-pane">
          <div className="list-pane-body" aria-label="Profiles">
            <div className="list-group-title">
              <span>Built-in presets</span>
              <span>{presets.length}</span>
            </div>
            {presets.map(item)}
            <div className="list-group-title">
              <span>Your profiles</span>
              <span>{mine.length}</span>
            </div>
            {mine.map(item)}
            {mine.length === 0 && <p className="small dim pad">Clone a preset to design your own webhook offering.</p>}
          </div>
        </aside>
        <div className="profile-main">
          {creating ? (
            <ProfileForm />
          ) : selected && action === 'edit' && !selected.builtIn ? (
            <ProfileForm key={selected.id} profile={selected} />
          ) : selected ? (
            <ProfileDetail key={selected.id} profile={selected} />
          ) : (
            loaded && <EmptyState title="No such profile">It may have been deleted.</EmptyState>
          )}
        </div>
      </div>
    </Screen>
  )
}
