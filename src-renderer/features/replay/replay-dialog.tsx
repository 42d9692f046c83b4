import { useEffect, useMemo, useState } from 'react'
import type { Inbox } from '../../../src-shared/api/inboxes'
import type { Replay } from '../../../src-shared/api/replay'
import type { RequestDetail } from '../../../src-shared/api/requests'
import { useApp } from '../../app-context'
import { Dialog } from '../../components/dialog'
import { JsonEditor } from '../../components/json-editor'
import { Tabs } from '../../components/tabs'
import { useAction } from '../../hooks'
import { base64ToBytes } from '../../lib/content'
import {
  buildReplayInput,
  bytesEqual,
  bodyBytes,
  convertBody,
  headersToText,
  inboxSecret,
  initialBody,
  parseHeaderLines,
  resignLike,
  type BodyMode,
  type FormErrors,
  type ReplayForm,
} from './replay-model'
import { ResignFields } from './resign-fields'
import { placeSendError } from './send-errors'
import { EventIdChoice, InsecureTlsCheck, ReplayOutcome, SendActions, SendForm } from './send-options'
import { TargetField, useRecentTargets } from './target-field'
import './replay.css'

const METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'GET']
const MODE_LABELS: Record<BodyMode, string> = { json: 'JSON', text: 'Text', base64: 'Base64' }

function initialForm(r: RequestDetail, inbox: Inbox | undefined, recent: string[]): { form: ReplayForm; modes: BodyMode[] } {
  const body = initialBody(base64ToBytes(r.bodyBase64), r.contentType)
  return {
    form: {
      url: recent[0] ?? '',
      method: r.method,
      headersText: headersToText(r.headers),
      bodyMode: body.mode,
      bodyText: body.text,
      resign: resignLike(inbox),
      eventId: 'keep',
      insecureTls: false,
    },
    modes: body.modes,
  }
}

/**
 * Replays one captured request to any URL: the exact bytes by default, or with the method,
 * headers and body edited, a new event id, and a fresh signature. Shows the answer here; the
 * replay is also listed under the request.
 */
export function ReplayDialog({ onClose, onSent, request, inbox }: {
  onClose: () => void
  /** After each replay (e.g. to show the Replays tab under the dialog). */
  onSent?: (replay: Replay) => void
  request: RequestDetail
  inbox: Inbox | undefined
}) {
  const { stores } = useApp()
  const [recent, remember] = useRecentTargets()
  // Mounted when opened (request-detail.tsx), so the form starts from the request each time.
  const [{ form: startForm, modes }] = useState(() => initialForm(request, inbox, recent))
  const [form, setForm] = useState<ReplayForm>(startForm)
  const [editTab, setEditTab] = useState<'headers' | 'body' | null>(null)
  const [errors, setErrors] = useState<FormErrors>({})
  const [result, setResult] = useState<Replay | null>(null)
  // The engine's refusals go on the field they name too, as the form's own checks do.
  const { busy, error: failure, setError: setFailure, run } = useAction((err) => {
    const placed = placeSendError(err)
    showErrors(placed.errors)
    setFailure(placed.general)
  })

  const original = useMemo(() => ({ method: request.method, headers: request.headers, body: base64ToBytes(request.bodyBase64) }), [request])

  const set = (patch: Partial<ReplayForm>) => setForm((f) => ({ ...f, ...patch }))
  const headersEdited = useMemo(() => {
    const h = parseHeaderLines(form.headersText)
    return !h.ok || headersToText(h.headers) !== headersToText(request.headers)
  }, [form.headersText, request.headers])
  const bodyEdited = useMemo(() => {
    const b = bodyBytes(form.bodyMode, form.bodyText)
    return !b.ok || !bytesEqual(b.bytes, original.body)
  }, [form.bodyMode, form.bodyText, original.body])

  /** Shows errors on their fields, opening the headers or body editor they name. */
  function showErrors(next: FormErrors) {
    setErrors(next)
    if (next.headers) setEditTab('headers')
    else if (next.body) setEditTab('body')
  }

  function send() {
    const built = buildReplayInput(form, original)
    setFailure(null)
    if (!built.ok) return showErrors(built.errors)
    setErrors({})
    void run(async () => {
      const replay = await stores.replay.getState().replay(request.id, built.input)
      remember(built.input.url)
      setResult(replay)
      onSent?.(replay)
    })
  }

  const switchMode = (to: BodyMode) => {
    const next = convertBody(form.bodyText, form.bodyMode, to)
    if (!next.ok) {
      setErrors({ ...errors, body: next.error })
      return
    }
    // Only when there was one: a new errors object moves the focus to the first field in error.
    if (errors.body) setErrors({ ...errors, body: undefined })
    set({ bodyMode: to, bodyText: next.text })
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title={`Replay ${request.method} ${request.pathSuffix}`}
      wide
      testId="replay-dialog"
      footer={
        <SendActions
          hint={
            headersEdited || bodyEdited || form.method.toUpperCase() !== request.method || form.eventId === 'new' || form.resign.on
              ? 'Sends the request with your changes.'
              : 'Sends the captured bytes exactly (Host and hop-by-hop headers aside).'
          }
          label="Send replay"
          sent={!!result}
          busy={busy}
          onClose={onClose}
        />
      }
    >
      <SendForm onSend={send} errors={errors}>
        <div className="rp-target-row">
          <div className={errors.method ? 'field field-error rp-method' : 'field rp-method'}>
            <label htmlFor="rp-method">Method</label>
            <input id="rp-method" className="input mono" list="rp-methods" value={form.method} disabled={busy} onChange={(e) => set({ method: e.target.value })} />
            <datalist id="rp-methods">
              {METHODS.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
            {errors.method && <div className="field-message">{errors.method}</div>}
          </div>
          <TargetField value={form.url} onChange={(url) => set({ url })} recent={recent} error={errors.url} excludeInboxId={undefined} disabled={busy} autoFocus />
        </div>

        <div className="rp-options">
          <EventIdChoice
            value={form.eventId}
            onChange={(eventId) => set({ eventId })}
            keepLabel={`Keep${request.eventId ? ` ${request.eventId}` : ' the original'}`}
            hint={
              form.eventId === 'new'
                ? "A fresh id in the same style, so the receiver's idempotency check does not drop it as a duplicate."
                : 'The same id: the receiver should see a duplicate and process it once.'
            }
          />
          <InsecureTlsCheck checked={form.insecureTls} onChange={(insecureTls) => set({ insecureTls })} note="For an https:// staging server with its own certificate." />
        </div>

        <ResignFields value={form.resign} onChange={(resign) => set({ resign })} errors={errors} suggestedSecret={inboxSecret(inbox)} disabled={busy} />

        <div className="rp-edit">
          <Tabs<'headers' | 'body' | 'none'>
            label="Edit before sending"
            active={editTab ?? 'none'}
            onChange={(t) => setEditTab(t === 'none' || t === editTab ? null : t)}
            tabs={[
              { key: 'none', label: 'As captured' },
              { key: 'headers', label: `Headers (${request.headers.length})${headersEdited ? ' · edited' : ''}` },
              { key: 'body', label: `Body${bodyEdited ? ' · edited' : ''}` },
            ]}
          />
          {editTab === 'headers' && (
            <div className={errors.headers ? 'field field-error' : 'field'}>
              <label htmlFor="rp-headers">Headers, one "Name: value" per line (Host and hop-by-hop headers are dropped when sending)</label>
              <textarea id="rp-headers" className="rp-headers" spellCheck={false} value={form.headersText} onChange={(e) => set({ headersText: e.target.value })} rows={Math.min(14, request.headers.length + 2)} />
              {errors.headers && <div className="field-message">{errors.headers}</div>}
              {headersEdited && (
                <button type="button" className="link-button rp-reset" onClick={() => set({ headersText: headersToText(request.headers) })}>
                  Reset to the captured headers
                </button>
              )}
            </div>
          )}
          {editTab === 'body' && (
            <div className={errors.body ? 'field field-error' : 'field'}>
              <div className="rp-body-bar">
                <div className="segmented" role="group" aria-label="Edit the body as">
                  {modes.map((m) => (
                    <button key={m} type="button" className={form.bodyMode === m ? 'seg active' : 'seg'} aria-pressed={form.bodyMode === m} onClick={() => switchMode(m)}>
                      {MODE_LABELS[m]}
                    </button>
                  ))}
                </div>
                {bodyEdited && (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      const init = initialBody(original.body, request.contentType)
                      set({ bodyMode: init.mode, bodyText: init.text })
                      if (errors.body) setErrors({ ...errors, body: undefined })
                    }}
                  >
                    Reset to the captured body
                  </button>
                )}
                {bodyEdited && !form.resign.on && <span className="note-inline">The original signature will not match an edited body: re-sign it.</span>}
              </div>
              {form.bodyMode === 'json' ? (
                <JsonEditor label="Body to send" value={form.bodyText} onChange={(bodyText) => set({ bodyText })} minHeight="140px" maxHeight="320px" allowEmpty testId="rp-body-json" />
              ) : (
                <textarea
                  aria-label="Body to send"
                  className={form.bodyMode === 'base64' ? 'rp-body mono rp-base64' : 'rp-body mono'}
                  spellCheck={false}
                  value={form.bodyText}
                  onChange={(e) => set({ bodyText: e.target.value })}
                  rows={10}
                />
              )}
              {errors.body && <div className="field-message">{errors.body}</div>}
            </div>
          )}
        </div>
      </SendForm>

      <ReplayOutcome failure={failure} result={result} />
    </Dialog>
  )
}
