import { useState } from 'react'
import type { OpenApiImportResult } from '../../../src-shared/api/event-types'
import type { Profile } from '../../../src-shared/api/profiles'
import { useApp } from '../../app-context'
import { Banner } from '../../components/banner'
import { Dialog, DialogActions } from '../../components/dialog'
import { Field } from '../../components/field'
import { JsonEditor, parseJson } from '../../components/json-editor'
import { saveFile } from '../../desktop'
import { useAction } from '../../hooks'

/** Saves the profile's catalog as an OpenAPI 3.1 `webhooks` document (native dialog or download). */
export function CatalogExportButton({ profile, onError }: { profile: Profile; onError: (message: string) => void }) {
  const { stores } = useApp()
  const { busy, run } = useAction((err) => onError((err as Error).message))
  return (
    <button
      type="button"
      className="btn"
      disabled={busy}
      title="The event catalog as an OpenAPI 3.1 document with webhooks"
      onClick={() =>
        void run(async () => {
          const doc = await stores.eventTypes.getState().exportOpenApi(profile.id)
          await saveFile(`${profile.id}.openapi.json`, JSON.stringify(doc, null, 2) + '\n', 'application/json')
        })
      }
    >
      Export OpenAPI
    </button>
  )
}

/** Brings a team's real spec in: the `webhooks` of an OpenAPI 3.1 document become event types. */
export function CatalogImportDialog({ open, onClose, profile }: { open: boolean; onClose: () => void; profile: Profile }) {
  const { stores } = useApp()
  const [text, setText] = useState('')
  const [mode, setMode] = useState<'merge' | 'replace'>('merge')
  const [result, setResult] = useState<OpenApiImportResult | null>(null)
  const { busy, error, run } = useAction()
  const parsed = parseJson(text)
  const importDocument = () => {
    if (!parsed.ok) return
    void run(async () => setResult(await stores.eventTypes.getState().importOpenApi({ profileId: profile.id, document: parsed.value as Record<string, unknown>, mode })))
  }
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Import an OpenAPI 3.1 catalog into ${profile.name}`}
      wide
      testId="import-dialog"
      footer={
        result ? (
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Done
          </button>
        ) : (
          <DialogActions onCancel={onClose} label="Import" busyLabel="Importing…" busy={busy} disabled={!parsed.ok} onConfirm={importDocument} />
        )
      }
    >
      {result ? (
        <div data-testid="import-result">
          <p>
            <strong>{result.imported.length}</strong> event type{result.imported.length === 1 ? '' : 's'} imported
            {result.title && <> from “{result.title}”</>}
            {result.removed.length > 0 && <>, {result.removed.length} removed</>}.
          </p>
          {result.imported.length > 0 && <p className="mono small">{result.imported.join(', ')}</p>}
          {result.warnings.length > 0 && (
            <Banner tone="warn">
              <ul className="plain-list small">
                {result.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </Banner>
          )}
        </div>
      ) : (
        <>
          <div className="row import-row">
            <label className="btn">
              Choose a file…
              <input
                type="file"
                accept=".json,application/json"
                hidden
                onChange={async (e) => {
                  const file = e.target.files?.[0]
                  if (file) setText(await file.text())
                }}
              />
            </label>
            <span className="small dim">or paste the document (JSON) below.</span>
            <span className="spacer" />
            <div className="segmented" role="group" aria-label="Mode">
              <button type="button" aria-pressed={mode === 'merge'} onClick={() => setMode('merge')}>
                Merge
              </button>
              <button type="button" aria-pressed={mode === 'replace'} onClick={() => setMode('replace')}>
                Replace catalog
              </button>
            </div>
          </div>
          <Field label="Document" hint={mode === 'merge' ? 'New event types are added; same-named ones are replaced.' : 'The document becomes the whole catalog: event types not in it are removed.'}>
            <JsonEditor label="OpenAPI document" value={text} onChange={setText} minHeight="260px" maxHeight="50vh" />
          </Field>
          {error && <p className="error-banner" role="alert">{error}</p>}
        </>
      )}
    </Dialog>
  )
}
