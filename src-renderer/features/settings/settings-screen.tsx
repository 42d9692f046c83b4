import { useEffect } from 'react'
import { useApp, useStoreOf } from '../../app-context'
import { CopyButton } from '../../components/copy-button'
import { Screen } from '../../components/screen'
import { bridge } from '../../desktop'
import { NetworkSection } from './network-section'

/** A value, with a Copy button when `copy` (the text copied when `copy` is a string) and a short note. */
function Row({ label, value, copy, note }: { label: string; value: string; copy?: boolean | string; note?: string }) {
  return (
    <div className="kv-row">
      <dt>{label}</dt>
      <dd>
        <code>{value}</code>
        {copy && <CopyButton text={typeof copy === 'string' ? copy : value} />}
        {note && <span className="muted small">{note}</span>}
      </dd>
    </div>
  )
}

export function SettingsScreen() {
  const { stores, api } = useApp()
  const info = useStoreOf(stores.info, (s) => s.info)
  const error = useStoreOf(stores.info, (s) => s.error)
  const connection = useStoreOf(stores.connection, (s) => s.state)
  useEffect(() => {
    void stores.info.getState().load()
  }, [stores.info])

  return (
    <Screen title="Settings" subtitle="Where Hookbench keeps its data and how to reach it" testId="screen-settings">
      {error && <p className="error-banner">{error}</p>}
      {info && (
        <>
          <h2 className="section-title">Data</h2>
          <dl className="kv" data-testid="settings-data">
            <Row label="Data folder" value={info.dataDir} copy />
            <Row label="Database" value={info.dbPath} copy />
            <Row label="Schema version" value={String(info.schemaVersion)} />
          </dl>
          {bridge?.openDataFolder && (
            <button type="button" className="btn" onClick={() => void bridge?.openDataFolder?.()}>
              Open data folder
            </button>
          )}
          <h2 className="section-title">URLs</h2>
          <dl className="kv" data-testid="settings-urls">
            {/* Shown without the token, copied with it: a URL that opens as it is pasted. */}
            <Row label="UI" value={info.urls.ui} copy={api.urlWithToken('/')} note="Copy includes the access token" />
            <Row label="API" value={info.urls.api} copy note="Send Authorization: Bearer <token> (the file “token” in the data folder)" />
            <Row label="Inboxes" value={`${info.urls.ingest}/<inbox-slug>`} copy />
            <Row label="API docs" value={`${info.urls.api}/docs`} copy={api.urlWithToken('/api/docs')} note="Copy includes the access token" />
            <Row label="Live feed" value={connection} />
          </dl>
          <h2 className="section-title" id="network">
            Network
          </h2>
          <NetworkSection />
          <h2 className="section-title">Versions</h2>
          <dl className="kv" data-testid="settings-versions">
            <Row label="Hookbench" value={info.version} />
            <Row label="Node.js" value={info.runtime.node} />
            <Row label="Electron" value={info.runtime.electron ?? 'not running in Electron (browser UI)'} />
            <Row label="SQLite" value={info.runtime.sqlite} />
            <Row label="Platform" value={info.runtime.platform} />
            <Row label="Engine started" value={info.startedAt} />
          </dl>
        </>
      )}
    </Screen>
  )
}
