import { useState } from 'react'
import type { OpenApiImportResult } from '../../../src-shared/api/event-types'
import type { Profile } from '../../../src-shared/api/profiles'
import { useApp } from '../../app-context'
import { Banner } from '../../components/banner'
import { ConfirmDialog } from '../../components/confirm-dialog'
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
  /** What a replace would do (the engine's dry run), while the user is asked. */
  const [preview, setPreview] = useState<OpenApiImportResult | null>(null)
  const { busy, error, run } = useAction()
  const parsed = parseJson(text)
  const importAs = (document: unknown, dryRun: boolean) =>
    stores.eventTypes.getState().importOpenApi({ profileId: profile.id, document: document as Record<string, unknown>, mode, ...(dryRun ? { dryRun } : {}) })
  const importDocument = () => {
    if (!parsed.ok) return
    const document = parsed.value
    void run(async () => {
      // A replace that would remove or overwrite event types is asked first, with the engine's own figures.
      if (mode === 'replace') {
        const dry = await importAs(document, true)
        if (dry.removed.length > 0 || dry.replaced.length > 0) return setPreview(dry)
      }
      setResult(await importAs(document, false))
    })
  }
  return (
    <>
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
      <ConfirmDialog
        open={preview !== null}
        title={`Replace the catalog of ${profile.name}?`}
        confirmLabel="Replace catalog"
        danger
        onClose={() => setPreview(null)}
        onConfirm={async () => {
          if (parsed.ok) setResult(await importAs(parsed.value, false))
        }}
      >
        {preview && <ReplaceSummary preview={preview} profileName={profile.name} />}
      </ConfirmDialog>
    </>
  )
}

const count = (n: number) => `${n} event type${n === 1 ? '' : 's'}`

/** A bounded list of names: the first `max`, then "and N more" (a replace can remove hundreds). */
function firstOf(names: readonly string[], max = 10): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`
}

/** What a replace removes, overwrites and adds, and the webhooks it leaves without their types, from the engine's dry run. */
function ReplaceSummary({ preview, profileName }: { preview: OpenApiImportResult; profileName: string }) {
  const { removed, replaced, imported, affectedWebhooks } = preview
  const replacedNames = new Set(replaced)
  const added = imported.filter((n) => !replacedNames.has(n))
  return (
    <div data-testid="replace-summary">
      <p>
        The document's {count(imported.length)} {imported.length === 1 ? 'becomes' : 'become'} the whole catalog of <strong>{profileName}</strong>, which has {count(removed.length + replaced.length)} now:
      </p>
      <ul>
        {removed.length > 0 && (
          <li>
            <strong>{count(removed.length)} removed</strong> (not in the document): <span className="mono small">{firstOf(removed)}</span>
          </li>
        )}
        {replaced.length > 0 && (
          <li>
            {count(replaced.length)} replaced by the document's definition: <span className="mono small">{firstOf(replaced)}</span>
          </li>
        )}
        {added.length > 0 && (
          <li>
            {count(added.length)} added: <span className="mono small">{firstOf(added)}</span>
          </li>
        )}
      </ul>
      {affectedWebhooks.length > 0 && (
        <Banner tone="warn" testId="replace-affected-webhooks">
          <ul className="plain-list small">
            {affectedWebhooks.slice(0, 10).map((w) => (
              <li key={w.id}>{affectedWebhook(w)}</li>
            ))}
            {affectedWebhooks.length > 10 && <li>and {affectedWebhooks.length - 10} more webhooks</li>}
          </ul>
        </Banner>
      )}
    </div>
  )
}

/** What the replace would do to one webhook's subscriptions, in a sentence. */
function affectedWebhook(w: OpenApiImportResult['affectedWebhooks'][number]): string {
  const they = (filters: string[]) => (filters.length === 1 ? 'it would match nothing' : 'they would match nothing')
  if (w.matchesNothing) return `Webhook "${w.name}" subscribes to ${firstOf(w.unmatched)}: ${they(w.unmatched)}, so it would receive no event.`
  const lost = `it would no longer receive ${firstOf(w.lost)}`
  return w.unmatched.length > 0 ? `Webhook "${w.name}" subscribes to ${firstOf(w.unmatched)}: ${they(w.unmatched)}, and ${lost}.` : `Webhook "${w.name}": ${lost}.`
}
