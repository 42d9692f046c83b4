import { useEffect, useMemo, useState } from 'react'
import type { RequestDetail } from '../../../src-shared/api/requests'
import { useApp, useStoreOf } from '../../app-context'
import { Badge, statusTone } from '../../components/badge'
import { HeaderDiffTable, JsonChangesTable, LineDiff } from '../../components/diff-view'
import { SafeText } from '../../components/safe-text'
import { VerdictBadge } from '../../components/verdict-badge'
import { base64ToBytes, decodeUtf8, headerValue, parseContentType } from '../../lib/content'
import { diffJson } from '../../lib/diff'
import { formatBytes, formatTime } from '../../lib/format'
import { parseUrlEncoded } from '../../lib/multipart'
import { href } from '../../router'
import { requestHref } from './request-list'

/** The body compared: the decoded view when there is one (a gzip body compares by content). */
const bodyText = (r: RequestDetail) => decodeUtf8(base64ToBytes(r.decoded?.bodyBase64 ?? r.bodyBase64))

/** Most characters of each body the line diff reads: a 10 MB body would freeze the UI thread. */
export const MAX_LINE_DIFF_CHARS = 256 * 1024
const isForm = (r: RequestDetail) => parseContentType(headerValue(r.headers, 'content-type')).mime === 'application/x-www-form-urlencoded'

function Side({ r, label }: { r: RequestDetail; label: 'A' | 'B' }) {
  return (
    <a className="compare-side" href={href(requestHref(r.inboxId, r.id))} aria-label={`Request ${label}: ${r.method} ${r.path}`}>
      <span className="compare-label">{label}</span>
      <span className={`method method-${r.method.toLowerCase()}`}>{r.method}</span>
      <span className="mono truncate">
        <SafeText text={r.path} />
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
    // the texts as received, not pretty-printed: the lines must show what a signature covers
    return { a: ta, b: tb }
  }, [c?.data])
  const lineTexts = useMemo(() => {
    if (!texts) return null
    const cut = texts.a.length > MAX_LINE_DIFF_CHARS || texts.b.length > MAX_LINE_DIFF_CHARS
    return { a: texts.a.slice(0, MAX_LINE_DIFF_CHARS), b: texts.b.slice(0, MAX_LINE_DIFF_CHARS), cut }
  }, [texts])
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
  // the engine says the bytes differ and the parsed JSON does not: only the text changed
  const sameJsonOtherBytes = body.kind === 'json' && !body.identical && body.changes.length === 0
  const mode = sameJsonOtherBytes ? 'lines' : bodyMode
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
            : sameJsonOtherBytes
              ? '· Same JSON, different bytes: whitespace or key order/escaping differ — a signature over one does not verify the other'
              : body.kind === 'json'
              ? `· ${body.changes.length}${body.truncated ? '+' : ''} JSON ${body.changes.length === 1 ? 'difference' : 'differences'}`
              : body.kind === 'binary'
                ? `· binary bodies differ (${formatBytes(c.data.a.size)} vs ${formatBytes(c.data.b.size)})`
                : '· the texts differ'}
        </span>
      </h3>
      {!body.identical && body.kind !== 'binary' && texts && (
        <div className="segmented compare-mode" role="tablist" aria-label="Body comparison">
          <button type="button" role="tab" aria-selected={mode === 'changes'} className={mode === 'changes' ? 'seg active' : 'seg'} onClick={() => setBodyMode('changes')} disabled={sameJsonOtherBytes || (body.kind !== 'json' && !formChanges)}>
            {body.kind === 'json' ? 'JSON changes' : 'Form fields'}
          </button>
          <button type="button" role="tab" aria-selected={mode === 'lines'} className={mode === 'lines' ? 'seg active' : 'seg'} onClick={() => setBodyMode('lines')}>
            Lines
          </button>
        </div>
      )}
      {body.identical ? null : body.kind === 'json' && mode === 'changes' ? (
        <JsonChangesTable changes={body.changes} truncated={body.truncated} />
      ) : formChanges && mode === 'changes' ? (
        <JsonChangesTable changes={formChanges.changes} truncated={formChanges.truncated} />
      ) : lineTexts ? (
        <>
          {lineTexts.cut && (
            <p className="muted small" data-testid="line-diff-cut">
              Lines compares the first {MAX_LINE_DIFF_CHARS / 1024}K characters of each body; download the bodies to compare the rest.
            </p>
          )}
          <LineDiff a={lineTexts.a} b={lineTexts.b} />
        </>
      ) : (
        <p className="muted">The bodies are not text; download them to compare the bytes.</p>
      )}
    </article>
  )
}
