import { useState } from 'react'
import type { Replay } from '../../../src-shared/api/replay'
import { Badge } from '../../components/badge'
import { formatDuration, formatTime } from '../../lib/format'
import { errorLabel } from '../sender-kit/format'
import { HttpStatusBadge, ReceivedResponse, SentRequest } from '../sender-kit/http-message'
import { CopyAs } from './copy-as'
import { snippetOf } from './replay-model'
import './replay.css'

/** The answer of a replay in one badge: the status, or the network error. */
export function ReplayStatus({ replay }: { replay: Replay }) {
  if (replay.response) return <HttpStatusBadge status={replay.response.status} testId="replay-status" />
  return (
    <Badge tone="err" testId="replay-status" title={replay.error?.message}>
      {replay.error ? errorLabel(replay.error.code) : 'no answer'}
    </Badge>
  )
}

/**
 * One replay: what came back (status, headers, body, duration), the warnings, and the request
 * exactly as it was sent, with copy-as snippets. Response bodies come from arbitrary servers:
 * the body viewer shows them as text only.
 */
export function ReplayResult({ replay, summary = true }: {
  replay: Replay
  /** The status line; off where the caller already shows it (the Replays list rows). */
  summary?: boolean
}) {
  const [pane, setPane] = useState<'response' | 'request'>(replay.response ? 'response' : 'request')
  const req = replay.request
  const res = replay.response
  return (
    <div className="rp-result" data-testid="replay-result" data-replay-id={replay.id}>
      {summary && (
        <div className="rp-summary">
          <ReplayStatus replay={replay} />
          <span className="mono rp-target" title={req.url}>
            <span className={`method method-${req.method.toLowerCase()}`}>{req.method}</span> {req.url}
          </span>
          <span className="muted small" data-testid="replay-duration">
            {formatDuration(replay.durationMs)}
          </span>
          {replay.resigned && (
            <Badge tone="info" title="Signed again with a fresh timestamp">
              re-signed
            </Badge>
          )}
          {replay.eventId && (
            <span className="muted small mono" title="The event id sent">
              {replay.eventId}
            </span>
          )}
          <span className="muted small" title={replay.createdAt}>
            {formatTime(replay.createdAt).slice(11)}
          </span>
        </div>
      )}
      {replay.error && (
        <p className="note note-err" role="alert" data-testid="replay-error">
          <code>{replay.error.code}</code> {replay.error.message}
        </p>
      )}
      {replay.warnings.map((w) => (
        <p key={w} className="note note-warn" data-testid="replay-warning">
          {w}
        </p>
      ))}
      <div className="rp-panes-bar">
        <div className="segmented" role="tablist" aria-label="Replay message">
          <button type="button" role="tab" className={pane === 'response' ? 'seg active' : 'seg'} aria-selected={pane === 'response'} disabled={!res} onClick={() => setPane('response')}>
            Response
          </button>
          <button type="button" role="tab" className={pane === 'request' ? 'seg active' : 'seg'} aria-selected={pane === 'request'} onClick={() => setPane('request')}>
            Request sent
          </button>
        </div>
        <CopyAs request={() => snippetOf(req)} />
      </div>
      {pane === 'response' && res ? <ReceivedResponse response={res} testId="replay-response" /> : <SentRequest request={req} testId="replay-request" />}
    </div>
  )
}
