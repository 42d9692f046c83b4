import { useEffect } from 'react'
import { useApp, useStoreOf } from '../../app-context'
import { CopyButton } from '../../components/copy-button'
import { Screen } from '../../components/screen'
import { bridge } from '../../desktop'
import { NetworkSection } from './network-section'

function Row({ label, value, copy }: { label: string; value: string; copy?: boolean }) {
  return (
    <div className="kv-row">
      <dt>{label}</dt>
      <dd>
        <code>{value}</code>
        {copy && <CopyButton text={value} />}
      </dd>
    </div>
  )
}

export function SettingsScreen() {
  const { stores } = useApp()
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
            <Row label="UI" value={info.urls.ui} copy />
            <Row label="API" value={info.urls.api} copy />
            <Row label="Inboxes" value={`${info.urls.ingest}/<inbox-slug>`} copy />
            <Row label="API docs" value={`${info.urls.api}/docs`} copy />
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
