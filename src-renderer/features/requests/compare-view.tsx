import { useEffect, useMemo, useState } from 'react'
import type { RequestDetail } from '../../../src-shared/api/requests'
import { useApp, useStoreOf } from '../../app-context'
import { Badge, statusTone } from '../../components/badge'
import { HeaderDiffTable, JsonChangesTable, LineDiff } from '../../components/diff-view'
import { SafeText } from '../../components/safe-text'
import { VerdictBadge } from '../../components/verdict-badge'
import { base64ToBytes, decodeUtf8, headerValue, parseContentType, prettyJson } from '../../lib/content'
import { diffJson } from '../../lib/diff'
import { formatBytes, formatTime } from '../../lib/format'
import { parseUrlEncoded } from '../../lib/multipart'
import { href } from '../../router'
import { requestHref } from './request-list'

/** The body compared: the decoded view when there is one (a gzip body compares by content). */
const bodyText = (r: RequestDetail) => decodeUtf8(base64ToBytes(r.decoded?.bodyBase64 ?? r.bodyBase64))
const isForm = (r: RequestDetail) => parseContentType(headerValue(r.headers, 'content-type')).mime === 'application/x-www-form-urlencoded'

function Side({ r, label }: { r: RequestDetail; label: 'A' | 'B' }) {
  return (
    <a className="compare-side" href={href(requestHref(r.inboxId, r.id))} aria-label={`Request ${label}: ${r.method} ${r.path}`}>
      <span className="compare-label">{label}</span>
      <span className={`method method-${r.method.toLowerCase()}`}>{r.method}</span>
      <span className="mono truncate">
        <SafeText text={r.pathSuffix} />
      </span>
      {r.eventType && (
        <span className="mono truncate" data-testid="compare-event-type">
          <SafeText text={r.eventType} />
        </span>
      )}
      <span className="mono muted truncate">
        <SafeText text={r.eventId ?? ''} />
      </span>
      <VerdictBadge verdict={r.verdict} />
      {r.responseStatus !== null && <Badge tone={statusTone(r.responseStatus)}>{r.responseStatus}</Badge>}
      <span className="muted small">
        {formatTime(r.receivedAt)} · {formatBytes(r.size)}
      </span>
    </a>
  )
}

/** Two requests side by side: which headers differ, and how the JSON bodies differ. */
export function CompareView({ a, b, onClose }: { a: string; b: string; onClose: () => void }) {
  const { stores } = useApp()
  const comparison = useStoreOf(stores.requests, (s) => s.comparison)
  const [bodyMode, setBodyMode] = useState<'changes' | 'lines'>('changes')
  useEffect(() => {
    void stores.requests.getState().compare(a, b)
  }, [a, b, stores.requests])
  const c = comparison?.id === `${a}|${b}` ? comparison : null
  const texts = useMemo(() => {
    if (!c?.data) return null
    const ta = bodyText(c.data.a)
    const tb = bodyText(c.data.b)
    if (ta === null || tb === null) return null
    return c.data.body.kind === 'json' ? { a: prettyJson(ta) ?? ta, b: prettyJson(tb) ?? tb } : { a: ta, b: tb }
  }, [c?.data])
  // Form bodies (Slack, Twilio…): compare field by field, which the engine's text diff cannot.
  const formChanges = useMemo(() => {
    if (!c?.data || c.data.body.kind === 'json' || !isForm(c.data.a) || !isForm(c.data.b) || !texts) return null
    const fields = (t: string) => Object.fromEntries(parseUrlEncoded(t.trim()))
    return diffJson(fields(texts.a), fields(texts.b))
  }, [c?.data, texts])

  if (!c || (c.loading && !c.data)) return <div className="detail-placeholder" role="status">Comparing…</div>
  if (!c.data)
    return (
      <div className="detail-placeholder" role="alert">
        <p>Could not compare: {c.error}</p>
        <button type="button" className="btn" onClick={onClose}>
          Back
        </button>
      </div>
    )
  const { headers, body } = c.data
  return (
    <article className="compare-view" aria-label="Compare two requests" data-testid="compare-view">
      <header className="detail-header">
        <h2 className="detail-title">Compare</h2>
        <div className="detail-actions">
          <button type="button" className="btn btn-small" onClick={onClose}>
            Close
          </button>
        </div>
      </header>
      <div className="compare-sides">
        <Side r={c.data.a} label="A" />
        <Side r={c.data.b} label="B" />
      </div>
      <h3 className="section-title">Headers</h3>
      <HeaderDiffTable diffs={headers} />
      <h3 className="section-title">
        Body{' '}
        <span className="compare-body-summary" data-testid="body-diff-summary">
          {body.identical
            ? '· byte for byte identical'
            : body.kind === 'json'
              ? `· ${body.changes.length}${body.truncated ? '+' : ''} JSON ${body.changes.length === 1 ? 'difference' : 'differences'}`
              : body.kind === 'binary'
                ? `· binary bodies differ (${formatBytes(c.data.a.size)} vs ${formatBytes(c.data.b.size)})`
                : '· the texts differ'}
        </span>
      </h3>
      {!body.identical && body.kind !== 'binary' && texts && (
        <div className="segmented compare-mode" role="tablist" aria-label="Body comparison">
          <button type="button" role="tab" aria-selected={bodyMode === 'changes'} className={bodyMode === 'changes' ? 'seg active' : 'seg'} onClick={() => setBodyMode('changes')} disabled={body.kind !== 'json' && !formChanges}>
            {body.kind === 'json' ? 'JSON changes' : 'Form fields'}
          </button>
          <button type="button" role="tab" aria-selected={bodyMode === 'lines'} className={bodyMode === 'lines' ? 'seg active' : 'seg'} onClick={() => setBodyMode('lines')}>
            Lines
          </button>
        </div>
      )}
      {body.identical ? null : body.kind === 'json' && bodyMode === 'changes' ? (
        <JsonChangesTable changes={body.changes} truncated={body.truncated} />
      ) : formChanges && bodyMode === 'changes' ? (
        <JsonChangesTable changes={formChanges.changes} truncated={formChanges.truncated} />
      ) : texts ? (
        <LineDiff a={texts.a} b={texts.b} />
      ) : (
        <p className="muted">The bodies are not text; download them to compare the bytes.</p>
      )}
    </article>
  )
}
