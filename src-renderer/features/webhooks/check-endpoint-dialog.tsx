import { useEffect, useState } from 'react'
import type { EndpointCheck, EndpointProbe, Webhook } from '../../../src-shared/api/webhooks'
import { useApp, useStoreOf } from '../../app-context'
import { Badge, type BadgeTone } from '../../components/badge'
import { Banner } from '../../components/banner'
import { Dialog, DialogActions } from '../../components/dialog'
import { useAction } from '../../hooks'
import { formatDuration } from '../../lib/format'
import { errorLabel } from '../sender-kit/format'
import { HttpStatusBadge, SentRequest } from '../sender-kit/http-message'
import { SubscribedTypeField, UnmatchedSubscriptions, useSubscribedTypes } from './subscribed-types'

const VERDICT_TONE: Record<EndpointProbe['verdict'], BadgeTone> = { pass: 'ok', fail: 'err', inconclusive: 'muted' }

/**
 * Checks how the endpoint verifies signatures: a few requests signed right and wrong, each judged
 * by the answer (see the engine's endpoint-check.ts). Shows every probe with what it found.
 */
export function CheckEndpointDialog({ open, onClose, webhook }: { open: boolean; onClose: () => void; webhook: Webhook }) {
  const { stores } = useApp()
  const { types, chosen, setType, unmatched } = useSubscribedTypes(webhook, open)
  // The stale-timestamp probe is sent only when the profile's signature covers a timestamp (as the engine decides).
  const signsTimestamp = useStoreOf(stores.profiles, (s) => s.items.find((p) => p.id === webhook.profileId)?.signature.template.includes('{timestamp}') ?? false)
  const [result, setResult] = useState<EndpointCheck | null>(null)
  const { busy, error, setError, run } = useAction()

  useEffect(() => {
    if (open) {
      setResult(null)
      setError(null)
    }
  }, [open, setError])

  function check() {
    setResult(null)
    void run(async () => setResult(await stores.webhooks.getState().check(webhook.id, chosen ? { type: chosen } : {})))
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Check how ${webhook.name} verifies signatures`}
      wide
      testId="check-endpoint-dialog"
      footer={<DialogActions onCancel={onClose} cancelLabel="Close" label={result ? 'Check again' : 'Run check'} busyLabel="Checking…" busy={busy} disabled={unmatched} onConfirm={check} />}
    >
      <p className="small dim no-margin-top">
        Sends a few requests to <span className="mono">{webhook.url}</span>, one after the other: correctly signed events the handler must accept, and
        wrong ones (another secret, no signature, a cut signature{signsTimestamp ? ', an old timestamp' : ''}) it must refuse with a 4xx, without crashing. Nothing is stored; the
        correctly signed ones reach the handler as real test events.
      </p>
      <SubscribedTypeField id="check-type" types={types} chosen={chosen} onChange={setType} unmatched={unmatched} />
      {unmatched && <UnmatchedSubscriptions webhook={webhook} action="run the check" />}
      {error && (
        <Banner tone="err" role="alert">
          {error}
        </Banner>
      )}
      {result && <CheckResult result={result} />}
    </Dialog>
  )
}

function CheckResult({ result }: { result: EndpointCheck }) {
  const inconclusive = result.probes.length - result.passed - result.failed
  return (
    <div className="endpoint-check" data-testid="endpoint-check">
      {result.inbox && (
        <Banner tone="warn" testId="check-inbox-note">
          {result.inbox.note}
        </Banner>
      )}
      <Banner tone={result.failed ? 'err' : 'info'} role="status">
        {result.failed
          ? `${result.failed} of ${result.probes.length} probes failed${inconclusive ? `, ${inconclusive} inconclusive` : ''}: see what each answer shows below.`
          : inconclusive
            ? `${result.passed} of ${result.probes.length} probes passed, ${inconclusive} inconclusive: see what each answer shows below.`
            : `All ${result.probes.length} probes passed: the handler accepts what is signed right and refuses the rest.`}
      </Banner>
      <ol className="probe-list">
        {result.probes.map((p) => (
          <li key={p.id} className="probe" data-testid={`probe-${p.id}`}>
            <div className="row">
              <Badge tone={VERDICT_TONE[p.verdict]} testId="probe-verdict">
                {p.verdict}
              </Badge>
              <strong>{p.title}</strong>
              <span className="small dim">must be {p.expect}</span>
              <span className="spacer" />
              {p.status !== null && <HttpStatusBadge status={p.status} />}
              {p.error && <Badge tone="err">{errorLabel(p.error.code)}</Badge>}
              <span className="small dim">{formatDuration(p.durationMs)}</span>
            </div>
            <div className="probe-finding">{p.finding}</div>
            {p.fix && <div className="probe-fix small">Fix: {p.fix}</div>}
            <details className="probe-wire small">
              <summary>What was sent and answered</summary>
              <div className="mono wrap">signature: {p.signature ?? '(no signature header)'}</div>
              {p.request && <SentRequest request={p.request} testId="probe-request" />}
              {p.error && <div className="mono wrap">{p.error.message}</div>}
              {p.responseBody && (
                <>
                  <div className="http-body-head">Response body</div>
                  <pre className="raw-text wrap" data-testid="probe-response">
                    {p.responseBody}
                  </pre>
                </>
              )}
            </details>
          </li>
        ))}
      </ol>
      <ul className="small dim probe-notes">
        {result.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </div>
  )
}
