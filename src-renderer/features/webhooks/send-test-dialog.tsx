import { useEffect, useState } from 'react'
import type { TestResult, Webhook } from '../../../src-shared/api/webhooks'
import { useApp } from '../../app-context'
import { Badge } from '../../components/badge'
import { Banner } from '../../components/banner'
import { Dialog, DialogActions } from '../../components/dialog'
import { Field } from '../../components/field'
import { JsonEditor, prettyJson } from '../../components/json-editor'
import { StatusPill } from '../../components/status-pill'
import { useAction } from '../../hooks'
import { formatDuration } from '../../lib/format'
import { href } from '../../router'
import { errorLabel } from '../sender-kit/format'
import { HttpStatusBadge } from '../sender-kit/http-message'
import { useDataValidation } from '../sender-kit/hooks'
import { SubscribedTypeField, UnmatchedSubscriptions, useSubscribedTypes } from './subscribed-types'

/**
 * Sends one test delivery to the webhook, whatever its status: a chosen event type (the first
 * subscribed one by default) with generated or edited data. One attempt, awaited, shown here.
 */
export function SendTestDialog({ open, onClose, webhook }: { open: boolean; onClose: () => void; webhook: Webhook }) {
  const { stores } = useApp()
  const { types, chosen, setType, unmatched } = useSubscribedTypes(webhook, open)
  const [custom, setCustom] = useState(false)
  const [text, setText] = useState('')
  const [result, setResult] = useState<TestResult | null>(null)
  const { busy, error, setError, run } = useAction()
  const validation = useDataValidation(custom ? webhook.profileId : null, custom ? chosen || null : null, text)

  useEffect(() => {
    if (open) {
      setResult(null)
      setError(null)
    }
  }, [open, setError])
  useEffect(() => {
    if (!custom || !chosen) return
    let live = true
    void stores.eventTypes
      .getState()
      .sample(webhook.profileId, chosen)
      .then((s) => live && setText(prettyJson(s.data)))
      .catch(() => live && setText('{}'))
    return () => {
      live = false
    }
  }, [custom, chosen, webhook.profileId, stores.eventTypes])

  // A result (or refusal) is about what was sent: once the type or the data changes it no longer applies.
  const changed = () => {
    setResult(null)
    setError(null)
  }
  const chooseType = (type: string) => {
    changed()
    setType(type)
  }
  const chooseCustom = (on: boolean) => {
    changed()
    setCustom(on)
  }
  const editData = (next: string) => {
    changed()
    setText(next)
  }

  function send() {
    setResult(null)
    const input: { type?: string; data?: unknown } = {}
    if (chosen) input.type = chosen
    if (custom && validation.parse.ok) input.data = validation.parse.value
    void run(async () => setResult(await stores.webhooks.getState().test(webhook.id, input)))
  }

  const attempt = result?.delivery.attempts.at(-1)
  const schemaErrors = validation.result && !validation.result.ok ? validation.result.errors : undefined
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Send a test to ${webhook.name}`}
      wide={custom}
      testId="send-test-dialog"
      footer={
        <DialogActions
          onCancel={onClose}
          cancelLabel="Close"
          label={result ? 'Send again' : 'Send test'}
          busyLabel="Sending…"
          busy={busy}
          disabled={unmatched || (custom && !validation.parse.ok)}
          onConfirm={send}
        />
      }
    >
      <p className="small dim no-margin-top">
        One attempt, sent now whatever the webhook’s status. It is not retried and does not count towards auto-disable.
      </p>
      <div className="form-grid">
        <SubscribedTypeField
          id="test-type"
          types={types}
          chosen={chosen}
          onChange={chooseType}
          unmatched={unmatched}
          hint={types.length ? `${types.length} subscribed type${types.length === 1 ? '' : 's'}` : undefined}
        />
        <Field label="Data">
          <div className="segmented" role="group" aria-label="Data">
            <button type="button" aria-pressed={!custom} onClick={() => chooseCustom(false)}>
              Generated
            </button>
            <button type="button" aria-pressed={custom} onClick={() => chooseCustom(true)}>
              Edit data
            </button>
          </div>
        </Field>
      </div>
      {unmatched && <UnmatchedSubscriptions webhook={webhook} action="send a test" />}
      {custom && (
        <JsonEditor
          label="Test event data"
          testId="test-data-editor"
          value={text}
          onChange={editData}
          messages={schemaErrors}
          status={validation.result?.ok ? { tone: 'ok', text: `Valid against the ${chosen} schema` } : validation.checking ? { tone: 'muted', text: 'Checking…' } : undefined}
          maxHeight="300px"
        />
      )}
      {error && (
        <Banner tone="err" role="alert">
          {error}
        </Banner>
      )}
      {result && (
        <div className="test-result" data-testid="test-result">
          <div className="row">
            <StatusPill status={result.delivery.status} />
            {attempt?.response && <HttpStatusBadge status={attempt.response.status} />}
            {attempt?.error && <Badge tone="err">{errorLabel(attempt.error.code)}</Badge>}
            <span className="mono small">{result.event.type}</span>
            <span className="small dim">{formatDuration(attempt?.durationMs)}</span>
            <span className="spacer" />
            <a href={href(`/deliveries/${encodeURIComponent(result.delivery.id)}`)} onClick={onClose}>
              Open delivery →
            </a>
          </div>
          {attempt?.error && <div className="small result-err">{attempt.error.message}</div>}
        </div>
      )}
    </Dialog>
  )
}
