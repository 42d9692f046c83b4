import { useEffect, useId, useMemo, useState } from 'react'
import type { IngestSettings } from '../../../src-shared/api/settings'
import { useApp, useStoreOf } from '../../app-context'
import { Badge } from '../../components/badge'
import { CopyButton } from '../../components/copy-button'
import { Dialog } from '../../components/dialog'
import { Field } from '../../components/field'
import { downloadUrl } from '../../desktop'
import { useAction } from '../../hooks'
import { formatTime } from '../../lib/format'
import { addressChoices, formChanged, formatFingerprint, formOf, networkInput, reachDescription, type NetworkForm } from './network-model'
import './settings.css'

/** Loads the ingest settings once, for whoever shows them. */
export function useIngestSettings(): { ingest: IngestSettings | null; error: string | null } {
  const { stores } = useApp()
  const ingest = useStoreOf(stores.settings, (s) => s.ingest)
  const error = useStoreOf(stores.settings, (s) => s.error)
  useEffect(() => {
    if (!stores.settings.getState().ingest) void stores.settings.getState().load()
  }, [stores.settings])
  return { ingest, error }
}

/** "This machine only" or "Exposed on the network", and HTTP or HTTPS. */
export function ExposureBadges({ ingest }: { ingest: IngestSettings }) {
  return (
    <>
      {ingest.exposed ? (
        <Badge tone="warn" title="Other machines that can reach this address can post to the inboxes" testId="exposure-badge">
          exposed on the network
        </Badge>
      ) : (
        <Badge tone="ok" title="Only programs on this computer can reach the inboxes" testId="exposure-badge">
          this machine only
        </Badge>
      )}
      <Badge tone={ingest.tls ? 'info' : 'muted'} testId="tls-badge">
        {ingest.tls ? 'HTTPS' : 'HTTP'}
      </Badge>
    </>
  )
}

/**
 * Where the inboxes listen (the ingest plane): this machine only, one LAN address or every
 * interface; HTTP or HTTPS with a self-signed certificate; every reachable URL; and what
 * exposure means. The control plane (this UI, the API) stays on 127.0.0.1 whatever is chosen.
 * `slug` shows the URLs of one inbox instead of the base URLs.
 */
export function NetworkSection({ slug, compact }: { slug?: string; compact?: boolean }) {
  const { api, stores } = useApp()
  const { ingest, error: loadError } = useIngestSettings()
  const [form, setForm] = useState<NetworkForm | null>(null)
  const { busy, error, setError, run } = useAction()
  const [saved, setSaved] = useState(false)
  const id = useId()

  // follow the engine (a change from elsewhere) unless the user is editing
  useEffect(() => {
    if (ingest && (!form || !formChanged(form, ingest) || saved)) setForm(formOf(ingest))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ingest])
  const choices = useMemo(() => (ingest ? addressChoices(ingest) : []), [ingest])

  if (!ingest || !form)
    return loadError ? (
      <p className="error-banner" role="alert">
        Could not read the network settings: {loadError}
      </p>
    ) : (
      <p className="muted" role="status">
        Loading the network settings…
      </p>
    )

  const edit = (patch: Partial<NetworkForm>) => {
    setSaved(false)
    setForm({ ...form, ...patch })
  }
  const chosen = choices.find((c) => c.host === form.host)
  const changed = formChanged(form, ingest)
  const willExpose = !!chosen?.exposed
  const suffix = slug ? `/${slug}` : ''

  function apply() {
    if (!form) return
    const built = networkInput(form)
    if (!built.ok) {
      setError(built.error)
      return
    }
    setSaved(false)
    void run(async () => {
      await stores.settings.getState().saveIngest(built.input)
      setSaved(true)
    })
  }

  return (
    <div className={compact ? 'net compact' : 'net'} data-testid="network-section">
      <p className="net-status" data-testid="network-status">
        <ExposureBadges ingest={ingest} />
        <span>
          Inboxes listen on <code data-testid="network-bind">{ingest.host.includes(':') ? `[${ingest.host}]` : ingest.host}:{ingest.port}</code>
        </span>
      </p>

      <form
        className="net-form"
        onSubmit={(e) => {
          e.preventDefault()
          if (changed && !busy) apply()
        }}
      >
        <fieldset className="net-addresses" disabled={busy}>
          <legend>Bind address</legend>
          {choices.map((c) => (
            <label key={c.host} className={form.host === c.host ? 'net-choice active' : 'net-choice'}>
              <input type="radio" name={`${id}-host`} value={c.host} checked={form.host === c.host} onChange={() => edit({ host: c.host })} />
              <code className="net-host">{c.host}</code>
              <span>{c.label !== c.host ? c.label : ''}</span>
              <span className="muted small">{c.detail}</span>
            </label>
          ))}
        </fieldset>
        <div className="net-side">
          <Field label="Port" htmlFor={`${id}-port`} hint="0 picks a free port.">
            <input id={`${id}-port`} className="input mono net-port" inputMode="numeric" value={form.port} disabled={busy} onChange={(e) => edit({ port: e.target.value })} />
          </Field>
          <label className="check-row">
            <input type="checkbox" checked={form.tls} disabled={busy} onChange={(e) => edit({ tls: e.target.checked })} />
            <span>
              Serve the inboxes over HTTPS
              <small>With a self-signed certificate kept in the data folder: many providers refuse plain http:// URLs.</small>
            </span>
          </label>
          <div className="net-actions">
            <button type="submit" className="btn btn-primary" disabled={!changed || busy}>
              {busy ? 'Applying…' : 'Apply'}
            </button>
            {changed && (
              <button type="button" className="btn" disabled={busy} onClick={() => edit(formOf(ingest))}>
                Reset
              </button>
            )}
            {saved && !changed && (
              <span className="result-ok small" role="status">
                Applied.
              </span>
            )}
          </div>
        </div>
      </form>
      {error && (
        <p className="error-banner" role="alert" data-testid="network-error">
          {error}
        </p>
      )}

      {(willExpose || ingest.exposed) && (
        <div className="note note-warn net-warning" role="note" data-testid="exposure-warning">
          <strong>{willExpose && !ingest.exposed ? 'This exposes your inboxes.' : 'Your inboxes are exposed.'}</strong> Anyone on the network who can reach{' '}
          <code>{willExpose ? reachDescription(form.host, form.port, ingest.lanAddresses) : reachDescription(ingest.host, ingest.port, ingest.lanAddresses)}</code> can post to every inbox, with any body and headers: what they send is captured and may be
          forwarded. They cannot read anything: this UI, the API, captured requests and secrets stay on the control plane, which always listens on 127.0.0.1
          only. Switch back to “This machine only” when the staging app is done.
        </div>
      )}

      <h3 className="net-subtitle">{slug ? 'URLs of this inbox' : 'Inbox URLs'}</h3>
      <ul className="net-urls" aria-label={slug ? 'URLs of this inbox' : 'Inbox base URLs'} data-testid="network-urls">
        {ingest.urls.map((u) => (
          <li key={u.url}>
            <Badge tone={u.scope === 'lan' ? 'info' : 'muted'} title={u.scope === 'lan' ? 'Reachable from other machines on your network' : 'This machine only'}>
              {u.scope === 'lan' ? 'LAN' : 'local'}
            </Badge>
            <code className="net-url" data-testid="network-url">
              {u.url}
              {suffix || <span className="muted">/&lt;inbox-slug&gt;</span>}
            </code>
            <CopyButton text={`${u.url}${suffix}`} />
          </li>
        ))}
      </ul>

      {ingest.certificate && (
        <>
          <h3 className="net-subtitle">Certificate</h3>
          <dl className="kv-grid net-cert" data-testid="network-certificate">
            <dt>SHA-256 fingerprint</dt>
            <dd className="net-fp">
              <code data-testid="cert-fingerprint">{formatFingerprint(ingest.certificate.fingerprint256)}</code>
              <CopyButton text={formatFingerprint(ingest.certificate.fingerprint256)} />
            </dd>
            <dt>Valid until</dt>
            <dd>{formatTime(ingest.certificate.notAfter)}</dd>
            <dt>Names</dt>
            <dd className="mono small">{ingest.certificate.hosts.join(', ') || '—'}</dd>
          </dl>
          <div className="net-cert-actions">
            <button type="button" className="btn btn-small" onClick={() => downloadUrl(api.urlWithToken(ingest.certificate!.downloadPath))}>
              Download certificate (.pem)
            </button>
            <span className="muted small">
              Trust it on the staging machine, e.g. <code>NODE_EXTRA_CA_CERTS=hookbench-inboxes.pem</code>, and check the fingerprint matches.
            </span>
          </div>
        </>
      )}
    </div>
  )
}

/** The inbox screen's network button: how its URLs are reachable, and the compact settings in a dialog. */
export function InboxNetworkButton({ slug }: { slug: string }) {
  const { ingest } = useIngestSettings()
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="btn btn-small net-button" onClick={() => setOpen(true)} title="Where the inboxes listen: this machine, your network, HTTP or HTTPS">
        Network
        {ingest && (
          <span className={ingest.exposed ? 'net-dot exposed' : 'net-dot'} aria-label={ingest.exposed ? 'exposed on the network' : 'this machine only'} />
        )}
        {ingest?.tls && <span className="net-https">HTTPS</span>}
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Network" testId="network-dialog" wide>
        <NetworkSection slug={slug} compact />
      </Dialog>
    </>
  )
}
