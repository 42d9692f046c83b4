import type { ForwardResult, SentResponse } from '../../../src-shared/api/requests'
import type { ResponseSource } from '../../../src-shared/api/requests'
import { Badge, statusTone } from '../../components/badge'
import { BodyViewer } from '../../components/body-viewer'
import { HeadersTable } from '../../components/headers-table'
import { headerValue } from '../../lib/content'
import { formatDuration, formatTime } from '../../lib/format'

const SOURCE_WORDS: Record<ResponseSource, (step: number | null) => string> = {
  rules: () => 'the inbox response rules',
  sequence: (step) => `step ${step === null ? '?' : step + 1} of the response sequence`,
  'failure-rate': () => 'a failure-rate draw',
  hang: () => 'hang: never answered; the sender waits until its own timeout gives up',
  forward: () => "the first forward target's response",
  allowlist: () => 'the allowlist: the source address is outside it',
  import: () => 'the imported file: what was answered when it was first captured',
}

/**
 * The first forward target's failure when the inbox answers with that target's response but got
 * none: the engine then makes up a 502 itself (receiver/capture.ts answerFromForward).
 */
function unreachedTarget(response: SentResponse, forwards: ForwardResult[]): ForwardResult | null {
  const first = forwards[0]
  return response.source === 'forward' && first && !(first.state === 'done' && first.response) ? first : null
}

/** What Hookbench answered, and why (rules, sequence step, failure draw, hang, forward). */
export function ResponsePanel({ response, forwards, imported = false }: { response: SentResponse | null; forwards: ForwardResult[]; imported?: boolean }) {
  if (!response && imported) return <p className="muted" data-testid="response-panel">Imported; the file recorded no answer.</p>
  if (!response) return <p className="muted">No response recorded yet (the request may still be waiting for its delay or forward).</p>
  const unreached = unreachedTarget(response, forwards)
  return (
    <div className="response-panel" data-testid="response-panel">
      <p className="verdict-line">
        {response.status === null ? <Badge tone="muted">no answer</Badge> : <Badge tone={statusTone(response.status)}>{response.status}</Badge>}
        {unreached ? (
          <span>
            Made by Hookbench: the inbox answers with its first forward target's response, and <code>{unreached.target}</code> could not be reached
            {unreached.error && <>: {unreached.error.message}</>}. See Forwards.
          </span>
        ) : (
          <span>
            From {SOURCE_WORDS[response.source]?.(response.step) ?? response.source}
            {response.delayMs > 0 && <>, after a {formatDuration(response.delayMs)} delay</>}.
          </span>
        )}
      </p>
      {!response.hang && (
        <>
          <h3 className="section-title">Headers</h3>
          <HeadersTable headers={response.headers} label="Response headers" />
          <h3 className="section-title">Body</h3>
          <BodyViewer bodyBase64={response.bodyBase64} contentType={headerValue(response.headers, 'content-type')} label="Response body" />
        </>
      )}
    </div>
  )
}

/** Each forward: where it went, how long it took, what came back (or the network error). */
export function ForwardsPanel({ forwards, configured }: { forwards: ForwardResult[]; configured: string[] }) {
  if (!forwards.length)
    return (
      <p className="muted">
        {configured.length
          ? 'Not forwarded (the forward may still be starting).'
          : 'This inbox forwards nowhere. Edit the inbox to add a target such as http://localhost:3000/webhooks: each request is then sent on with its exact bytes.'}
      </p>
    )
  return (
    <div className="forwards" data-testid="forwards-panel">
      {forwards.map((f) => (
        <section key={f.id} className="forward" aria-label={`Forward to ${f.target}`}>
          <header className="forward-header">
            {f.state === 'pending' ? (
              <Badge tone="info">pending</Badge>
            ) : f.error ? (
              <Badge tone="err">{f.error.code}</Badge>
            ) : (
              <Badge tone={statusTone(f.response?.status)}>{f.response?.status ?? '—'}</Badge>
            )}
            <code className="forward-url">{f.url}</code>
            <span className="muted small">
              {f.durationMs !== null && formatDuration(f.durationMs)}
              {f.startedAt && ` · ${formatTime(f.startedAt)}`}
            </span>
          </header>
          {f.error && <p className="note note-err">{f.error.message}</p>}
          {f.response && (
            <details className="forward-details">
              <summary>Response headers and body{f.response.bodyTruncated && ' (body cut)'}</summary>
              <HeadersTable headers={f.response.headers} label="Forward response headers" />
              <BodyViewer bodyBase64={f.response.bodyBase64} contentType={headerValue(f.response.headers, 'content-type')} label="Forward response body" />
            </details>
          )}
        </section>
      ))}
    </div>
  )
}
