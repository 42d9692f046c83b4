import { useState } from 'react'
import type { Profile } from '../../../src-shared/api/profiles'
import { disableRuleText, ENVELOPE_PLACEHOLDERS } from '../../../src-shared/catalog'
import { SIGNING_SCHEME_LABELS } from '../../../src-shared/signing-schemes'
import { useApp, useStoreOf } from '../../app-context'
import { Badge } from '../../components/badge'
import { Card } from '../../components/card'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { formatTime } from '../../lib/format'
import { href, navigate } from '../../router'
import { useCatalog } from '../events/use-catalog'
import { formatSeconds } from '../sender-kit/format'
import { JsonView } from '../sender-kit/json-view'
import { CatalogExportButton, CatalogImportDialog } from './catalog-io'
import { CloneDialog } from './clone-dialog'
import { docsSources } from './docs-sources'
import { provenance } from './provenance'

const yes = (b: boolean | undefined) => (b ? 'yes' : 'no')

function Row({ k, children }: { k: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{children}</dd>
    </>
  )
}

const mono = (v: string | undefined | null) => (v ? <code className="code-inline">{v}</code> : <span className="dim">—</span>)

/** A profile read-only: every rule a delivery follows, in the order a receiver meets them. */
/** "Reproduces the docs: Workestra “Webhooks” page": the documents by name, a seed file only in a title. */
function ReproducedDocs({ docs }: { docs: string }) {
  const sources = docsSources(docs)
  return (
    <p className="small dim" data-testid="profile-docs">
      Reproduces the docs:{' '}
      {sources.map((s, i) => (
        <span key={i}>
          {i > 0 && ' and '}
          <span title={s.file}>{s.text}</span>
        </span>
      ))}
    </p>
  )
}

export function ProfileDetail({ profile }: { profile: Profile }) {
  const { stores } = useApp()
  const [cloning, setCloning] = useState(false)
  const [importing, setImporting] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const catalog = useCatalog(profile.id)
  const all = useStoreOf(stores.profiles, (s) => s.items)
  const origin = provenance(profile, all)
  const sig = profile.signature
  const h = profile.headers

  return (
    <div className="profile-detail" data-testid="profile-detail" data-profile-id={profile.id}>
      <div className="detail-head">
        <div>
          <div className="title-row">
            <h2 className="profile-name">{profile.name}</h2>
            {profile.builtIn ? <Badge tone="info">built-in preset · read-only</Badge> : <Badge tone="ok">your profile</Badge>}
            {profile.clonedFrom && (
              <span className="small dim">
                cloned from <a href={href(`/profiles/${encodeURIComponent(profile.clonedFrom)}`)}>{origin.source?.name ?? profile.clonedFrom}</a>
              </span>
            )}
          </div>
          <div className="small dim mono">{profile.id}</div>
        </div>
        <div className="screen-actions">
          <CatalogExportButton profile={profile} onError={setError} />
          {!profile.builtIn && (
            <button type="button" className="btn" onClick={() => setImporting(true)}>
              Import catalog…
            </button>
          )}
          <button type="button" className="btn" onClick={() => setCloning(true)}>
            Clone…
          </button>
          {!profile.builtIn && (
            <>
              <a className="btn btn-primary" href={href(`/profiles/${encodeURIComponent(profile.id)}/edit`)}>
                Edit
              </a>
              <button
                type="button"
                className="btn btn-danger"
                disabled={profile.webhookCount > 0}
                title={profile.webhookCount > 0 ? `${profile.webhookCount} webhook(s) use this profile` : undefined}
                onClick={() => setDeleting(true)}
              >
                Delete
              </button>
            </>
          )}
        </div>
      </div>
      {error && <p className="error-banner">{error}</p>}
      <p className="profile-desc">{profile.description}</p>
      {/* Only a preset reproduces its docs; a clone's copied words are labelled as such (its settings may differ). */}
      {origin.reproduces && profile.docs && <ReproducedDocs docs={profile.docs} />}
      {origin.note && (
        <p className="small dim" data-testid="profile-copied">
          {origin.note}
        </p>
      )}

      <div className="profile-grid">
        <Card title="Signing" meta={<Badge tone="muted">{SIGNING_SCHEME_LABELS[profile.scheme]}</Badge>}>
          <dl className="kv-grid" data-testid="profile-signing">
            <Row k="Signature header">
              {mono(sig.signatureHeader)}
              {sig.legacyHeader && <span className="small dim"> + legacy {sig.legacyHeader}</span>}
            </Row>
            <Row k="Value">
              <code className="code-inline">
                {sig.prefix}&lt;{sig.algorithm} {sig.encoding}&gt;
              </code>
            </Row>
            <Row k="Signed content">{mono(sig.template)}</Row>
            {sig.idHeader && <Row k="Id header">{mono(sig.idHeader)}</Row>}
            {sig.timestampHeader && (
              <Row k="Timestamp header">
                {mono(sig.timestampHeader)} <span className="small dim">{sig.timestampFormat}</span>
              </Row>
            )}
            {sig.toleranceSec != null && <Row k="Tolerance">{sig.toleranceSec ? formatSeconds(sig.toleranceSec) : 'off'}</Row>}
            <Row k="Secret">
              {profile.secret.required ? 'required' : 'optional'}, {profile.secret.format === 'whsec' ? 'whsec_… generated' : 'any string'}
              {profile.secret.showOnce && ', shown once'} <span className="small dim">(key bytes: {sig.secretFormat})</span>
            </Row>
            <Row k="During rotation">{sig.multiSignature ? 'one signature per live secret' : 'single signature'}</Row>
          </dl>
        </Card>

        <Card title="Retries and disable">
          <dl className="kv-grid" data-testid="profile-retries">
            <Row k="Attempts">
              <span className="chips retry-chips" data-testid="retry-schedule">
                <span className="chip">now</span>
                {profile.retrySchedule.map((s, i) => (
                  <span key={i} className="chip">
                    +{formatSeconds(s)}
                  </span>
                ))}
              </span>
            </Row>
            <Row k="Timeout">{formatSeconds(profile.timeoutMs / 1000)} per attempt</Row>
            <Row k="Success">any {profile.successRule} response</Row>
            <Row k="Auto-disable">
              <span data-testid="disable-rule">
                {disableRuleText(profile)}
              </span>
            </Row>
            <Row k="Bad event data">{profile.dataValidation === 'reject' ? 'rejected (400)' : 'sent with a warning'}</Row>
          </dl>
        </Card>

        <Card
          title="Envelope"
          meta={
            <span className="small dim">
              event ids: <code>{profile.idPrefix}{profile.idFormat === 'uuid' ? '<uuid>' : '<random>'}</code>
            </span>
          }
        >
          <div title={Object.entries(ENVELOPE_PLACEHOLDERS).map(([k, v]) => `${k}: ${v}`).join('\n')}>
            <JsonView value={profile.envelope} label="Envelope template" testId="profile-envelope" />
          </div>
        </Card>

        <Card title="Headers">
          <dl className="kv-grid">
            <Row k="Event type">{mono(h.eventType)}</Row>
            <Row k="Timestamp">
              {h.timestamp ? (
                <>
                  {mono(h.timestamp.name)} <span className="small dim">{h.timestamp.format}</span>
                </>
              ) : (
                mono(null)
              )}
            </Row>
            <Row k="Webhook id">{mono(h.webhookId)}</Row>
            <Row k="Delivery id">{mono(h.deliveryId)}</Row>
            <Row k="User-Agent">{mono(h.userAgent ?? 'Hookbench default')}</Row>
            {Object.entries(h.extra ?? {}).map(([k, v]) => (
              <Row key={k} k={k}>
                {mono(v)}
              </Row>
            ))}
          </dl>
        </Card>

        <Card title="Policy and handshake">
          <dl className="kv-grid">
            <Row k="HTTPS only">{yes(profile.policy.httpsOnly)}</Row>
            <Row k="Private targets">{profile.policy.blockPrivate ? 'refused' : 'allowed'}</Row>
            {profile.policy.nameMaxLength && <Row k="Name length">up to {profile.policy.nameMaxLength}</Row>}
            <Row k="Source IPs">{profile.sourceIpRanges.length ? <span className="mono small">{profile.sourceIpRanges.join(', ')}</span> : <span className="dim">not documented</span>}</Row>
            <Row k="Handshake">
              {profile.handshake ? (
                <>
                  <code className="code-inline">{profile.handshake.eventType}</code> on create, expects HTTP {profile.handshake.expectStatus}
                </>
              ) : (
                <span className="dim">none</span>
              )}
            </Row>
          </dl>
          <p className="small dim policy-note">Hookbench warns about policy breaches and still delivers; each webhook can allow local testing.</p>
        </Card>

        <Card
          title="Event catalog"
          bodyClassName="flush catalog-mini"
          actions={
            <a className="small" href={href(`/events/catalog/${encodeURIComponent(profile.id)}`)}>
              Open in Events →
            </a>
          }
        >
          {catalog.items.length === 0 ? (
            <p className="small dim pad">{catalog.loaded ? 'No event types yet. Import an OpenAPI 3.1 document with webhooks.' : 'Loading…'}</p>
          ) : (
            <table className="table dense">
              <tbody>
                {catalog.items.map((t) => (
                  <tr key={t.name}>
                    <td className="mono small">
                      <a className="plain-link" href={href(`/events/catalog/${encodeURIComponent(profile.id)}/${encodeURIComponent(t.name)}`)}>
                        {t.name}
                      </a>
                    </td>
                    <td className="small dim">{t.category}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>

      {profile.notes && profile.notes.length > 0 && (
        <Card title={origin.notesTitle} className="notes-card">
          <ul className="notes">
            {profile.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </Card>
      )}
      {profile.updatedAt && <p className="small dim">Last changed {formatTime(profile.updatedAt)}</p>}
      <CloneDialog open={cloning} onClose={() => setCloning(false)} source={profile} />
      <ConfirmDialog
        open={deleting}
        title={`Delete ${profile.name}?`}
        confirmLabel="Delete profile"
        danger
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await stores.profiles.getState().remove(profile.id)
          navigate('/profiles')
        }}
      >
        <p>The profile and its event catalog go for good.</p>
      </ConfirmDialog>
      {importing && <CatalogImportDialog open onClose={() => setImporting(false)} profile={profile} />}
    </div>
  )
}
