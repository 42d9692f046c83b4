import { useEffect, useId, useMemo, useState, type ReactNode } from 'react'
import type { Inbox } from '../../../src-shared/api/inboxes'
import type { RequestDetail } from '../../../src-shared/api/requests'
import { useApp, useStoreOf } from '../../app-context'
import { Badge, statusTone } from '../../components/badge'
import { BodyViewer } from '../../components/body-viewer'
import { CutText } from '../../components/cut-text'
import { HeadersTable } from '../../components/headers-table'
import { SafeText } from '../../components/safe-text'
import { escapeHiddenChars } from '../../lib/hidden-chars'
import { tabPanelProps, Tabs } from '../../components/tabs'
import { VerdictBadge } from '../../components/verdict-badge'
import { downloadUrl } from '../../desktop'
import { useEngineNow, useTruncated } from '../../hooks'
import { base64ToBytes } from '../../lib/content'
import { formatBytes, formatTime, readableByteCounts, relativeTime } from '../../lib/format'
import { href, navigate } from '../../router'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { CopyAs } from '../replay/copy-as'
import { ReplayDialog } from '../replay/replay-dialog'
import { ReplaysPanel, useReplayCount } from '../replay/replays-panel'
import { requestHref } from './request-list'
import { ForwardsPanel, ResponsePanel } from './response-panel'
import { diagnosisSentence, SignaturePanel } from './signature-panel'

/** An event type or id longer than this is cut in the overview, with "show all N chars". */
const EVENT_TEXT_MAX = 120

type Tab = 'body' | 'headers' | 'query' | 'signature' | 'response' | 'forwards' | 'replays'

const PROBLEM_WORDS: Record<string, string> = {
  invalid_json: 'invalid JSON',
  invalid_utf8: 'invalid UTF-8',
  content_type_mismatch: 'Content-Type mismatch',
  missing_content_type: 'no Content-Type',
  decode_failed: 'does not decode',
  decoded_too_large: 'decoded view cut',
  empty_body: 'empty body',
}

/** One captured request: overview, flags, and tabs for body, headers, signature, response and forwards. */
export function RequestDetailPane({ inbox, requestId, onEditInbox }: { inbox: Inbox | undefined; requestId: string; onEditInbox: () => void }) {
  const { stores } = useApp()
  const detail = useStoreOf(stores.requests, (s) => s.detail)
  useEffect(() => {
    void stores.requests.getState().openDetail(requestId)
  }, [requestId, stores.requests])
  const [tab, setTab] = useState<Tab>('body')

  if (!detail || detail.id !== requestId || (detail.loading && !detail.data)) {
    return (
      <div className="detail-placeholder" role="status">
        Loading the request…
      </div>
    )
  }
  if (!detail.data) {
    return (
      <div className="detail-placeholder" role="alert">
        <p>{detail.error ?? 'This request is not available.'}</p>
        <a href={href(`/inboxes/${encodeURIComponent(inbox?.id ?? '')}`)}>Back to the list</a>
      </div>
    )
  }
  return <DetailBody r={detail.data} inbox={inbox} tab={tab} setTab={setTab} onEditInbox={onEditInbox} />
}

function DetailBody({ r, inbox, tab, setTab, onEditInbox }: { r: RequestDetail; inbox: Inbox | undefined; tab: Tab; setTab: (t: Tab) => void; onEditInbox: () => void }) {
  const { api, stores } = useApp()
  const now = useEngineNow()
  const [confirmDelete, setConfirmDelete] = useState(false)
  const [replaying, setReplaying] = useState(false)
  const replayCount = useReplayCount(r.id)
  const tabIds = useId()
  const a = r.analysis
  const target = `${r.path}${r.query ? `?${r.query}` : ''}`
  const origin = inbox ? new URL(inbox.url).origin : ''
  // the request as the sender made it: to this inbox's URL, same headers, exact bytes
  const snippetRequest = useMemo(() => () => ({ method: r.method, url: `${origin}${target}`, headers: r.headers, body: base64ToBytes(r.bodyBase64) }), [r, origin, target])
  const download = (decoded: boolean) => downloadUrl(api.urlWithToken(`/api/requests/${encodeURIComponent(r.id)}/body`, decoded ? { decoded: true } : undefined))
  const failing = a.verdict !== 'valid' && a.verdict !== 'not_configured'
  // A matching signature can still carry a warning (its header sent twice): the tab says there is something to read.
  const warned = failing || Boolean(a.diagnosis)
  const sigHeader = a.details?.signatureHeader?.toLowerCase()
  const tabs: { key: Tab; label: string }[] = [
    { key: 'body', label: 'Body' },
    { key: 'headers', label: `Headers (${r.headers.length})` },
    ...(r.queryParams.length ? [{ key: 'query' as const, label: `Query (${r.queryParams.length})` }] : []),
    { key: 'signature', label: warned ? 'Signature ⚠' : 'Signature' },
    { key: 'response', label: 'Response' },
    { key: 'forwards', label: `Forwards (${r.forwards.length})` },
    { key: 'replays', label: replayCount === null ? 'Replays' : `Replays (${replayCount})` },
  ]
  const activeTab = tabs.some((t) => t.key === tab) ? tab : 'body'

  return (
    <article className="request-detail" aria-label={`Request ${r.method} ${target}`} data-testid="request-detail" data-request-id={r.id}>
      <header className="detail-header">
        <h2 className="detail-title">
          <span className={`method method-${r.method.toLowerCase()}`}>{r.method}</span>
          <DetailPath target={target} />
        </h2>
        <div className="detail-actions">
          <button type="button" className="btn btn-small btn-primary" onClick={() => setReplaying(true)}>
            Replay…
          </button>
          <CopyAs request={snippetRequest} />
          <button type="button" className="btn btn-small" onClick={() => download(false)}>
            Download body
          </button>
          <button type="button" className="btn btn-small btn-danger" onClick={() => setConfirmDelete(true)}>
            Delete
          </button>
        </div>
      </header>

      <dl className="overview" data-testid="request-overview">
        <div>
          <dt>Verdict</dt>
          <dd>
            <VerdictBadge verdict={a.verdict} ageSec={a.details?.ageSec} testId="detail-verdict" />
          </dd>
        </div>
        <div>
          <dt>Answered</dt>
          <dd>
            {r.responseStatus !== null ? (
              <Badge tone={statusTone(r.responseStatus)}>{r.responseStatus}</Badge>
            ) : (
              // An imported request without an answer is not waiting for one: its file recorded none.
              <Badge tone="muted">{r.response?.hang ? 'hung' : r.imported && !r.response ? 'none recorded' : 'pending'}</Badge>
            )}
          </dd>
        </div>
        <div>
          <dt>Received</dt>
          <dd title={r.receivedAt}>
            {formatTime(r.receivedAt)} <span className="muted">({relativeTime(r.receivedAt, now)})</span>
            {r.imported && (
              <>
                {' '}
                <Badge tone="muted" title="Brought in from a file (HAR, NDJSON or JSON export), not captured here" testId="detail-imported">
                  imported
                </Badge>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd className="mono">
            {r.remoteAddress}
            {r.remotePort !== null && `:${r.remotePort}`}
          </dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>
            {formatBytes(r.size)}
            {r.contentEncoding && <span className="muted"> · {r.contentEncoding}</span>}
          </dd>
        </div>
        <div>
          <dt>Content-Type</dt>
          <dd className="mono truncate" title={escapeHiddenChars(r.contentType ?? '')}>
            {r.contentType !== null ? <SafeText text={r.contentType} /> : <span className="muted">none</span>}
          </dd>
        </div>
        <div className="wide">
          <dt>Event</dt>
          <dd className="mono">
            {r.eventType !== null ? <CutText text={r.eventType} max={EVENT_TEXT_MAX} /> : <span className="muted">no type found</span>}
            {r.eventId && (
              <span className="muted" title={a.eventIdSource ? `id from ${a.eventIdSource}` : undefined}>
                {' '}
                · <CutText text={r.eventId} max={EVENT_TEXT_MAX} />
              </span>
            )}
          </dd>
        </div>
      </dl>

      <Flags r={r} inboxId={inbox?.id ?? r.inboxId} />

      {failing && activeTab !== 'signature' && (
        <div className="note note-err verdict-callout" data-testid="verdict-callout">
          <p>
            <strong>{a.reason}</strong>
          </p>
          {a.diagnosis && <p data-testid="callout-diagnosis">{diagnosisSentence(a.diagnosis)}</p>}
          <button type="button" className="link-button" onClick={() => setTab('signature')}>
            See the signature details and the fix →
          </button>
        </div>
      )}

      <Tabs tabs={tabs} active={activeTab} onChange={setTab} label="Request details" idBase={tabIds} />
      <div {...tabPanelProps(tabIds, activeTab)} className="detail-panel">
        {activeTab === 'body' && (
          <BodyViewer bodyBase64={r.bodyBase64} contentType={r.contentType} decoded={r.decoded} onDownload={download} label="Request body" testId="request-body" />
        )}
        {activeTab === 'headers' && <HeadersTable headers={r.headers} label="Request headers" highlight={sigHeader ? [sigHeader] : undefined} testId="request-headers" />}
        {activeTab === 'query' && <HeadersTable headers={r.queryParams} label="Query parameters" />}
        {activeTab === 'signature' && <SignaturePanel r={r} inbox={inbox} onEditInbox={onEditInbox} />}
        {activeTab === 'response' && <ResponsePanel response={r.response} forwards={r.forwards} imported={r.imported} />}
        {activeTab === 'forwards' && <ForwardsPanel forwards={r.forwards} configured={inbox?.forwardTo ?? []} />}
        {activeTab === 'replays' && <ReplaysPanel requestId={r.id} onReplay={() => setReplaying(true)} />}
      </div>

      {replaying && <ReplayDialog onClose={() => setReplaying(false)} onSent={() => setTab('replays')} request={r} inbox={inbox} />}

      <ConfirmDialog
        open={confirmDelete}
        title="Delete request"
        confirmLabel="Delete"
        danger
        onClose={() => setConfirmDelete(false)}
        onConfirm={async () => {
          const items = stores.requests.getState().items
          const i = items.findIndex((x) => x.id === r.id)
          const next = items[i + 1] ?? items[i - 1]
          await stores.requests.getState().deleteRequest(r.id)
          navigate(next ? requestHref(r.inboxId, next.id) : `/inboxes/${encodeURIComponent(r.inboxId)}`)
        }}
      >
        <p>
          Delete this captured {r.method}{' '}
          <code className="confirm-target">
            <SafeText text={target} />
          </code>
          ?
        </p>
      </ConfirmDialog>
    </article>
  )
}

/**
 * The request target on one line, ellipsized when it is longer than the room (a 3 000-character
 * path must not push the verdict and tabs out of sight); a toggle shows all of it, broken across
 * the full width in a bounded box.
 */
function DetailPath({ target }: { target: string }) {
  const [expanded, setExpanded] = useState(false)
  const [ref, cut] = useTruncated<HTMLSpanElement>([target, expanded])
  return (
    <>
      <span ref={ref} className={expanded ? 'mono detail-path expanded' : 'mono detail-path'} title={expanded ? undefined : escapeHiddenChars(target)} data-testid="detail-path">
        <SafeText text={target} />
      </span>
      {(cut || expanded) && (
        <button type="button" className="link-button detail-path-toggle" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? 'one line' : `all ${target.length.toLocaleString()} chars`}
        </button>
      )}
    </>
  )
}

/** Duplicate, out of order, body problems, allowlist: each with what it means. */
function Flags({ r, inboxId }: { r: RequestDetail; inboxId: string }) {
  const a = r.analysis
  const flags: { key: string; tone: 'warn' | 'err'; label: string; text: ReactNode }[] = []
  if (a.duplicate)
    flags.push({
      key: 'dup',
      tone: 'warn',
      label: 'duplicate',
      text: (
        <>
          {a.eventId !== null ? (
            <>
              Event <code><SafeText text={a.eventId} /></code> was already received
            </>
          ) : (
            // No event id: the engine matched type, time and object (its internal key is no id to show).
            <>
              The same <code><SafeText text={a.eventType ?? '?'} /></code> for <code><SafeText text={a.objectId ?? '?'} /></code>
              {a.eventTime && <> at {formatTime(a.eventTime)}</>} was already received (no event id in this request: its type, time and object identify it)
            </>
          )}
          {a.duplicateOf && (
            <>
              {' '}
              (<a href={href(requestHref(inboxId, a.duplicateOf))}>first copy</a>)
            </>
          )}
          . A handler must be idempotent: process it once.
        </>
      ),
    })
  if (a.outOfOrder)
    flags.push({
      key: 'order',
      tone: 'warn',
      label: 'out of order',
      text: (
        <>
          Older than an event already received for <code><SafeText text={a.objectId ?? '?'} /></code>
          {a.outOfOrderAfter && (
            <>
              {' '}
              (<a href={href(requestHref(inboxId, a.outOfOrderAfter))}>the newer one</a>)
            </>
          )}
          . Do not let it overwrite newer state.
        </>
      ),
    })
  for (const p of a.problems) flags.push({ key: p.code, tone: 'warn', label: PROBLEM_WORDS[p.code] ?? p.code, text: readableByteCounts(p.message) })
  if (a.allowlist && !a.allowlist.matched)
    flags.push({ key: 'ip', tone: 'err', label: 'outside allowlist', text: <>The source {r.remoteAddress} matches none of the allowlist ranges.</> })
  if (!flags.length) return null
  return (
    <ul className="flags" aria-label="Flags" data-testid="request-flags">
      {flags.map((f) => (
        <li key={f.key}>
          <Badge tone={f.tone}>{f.label}</Badge> <span>{f.text}</span>
        </li>
      ))}
    </ul>
  )
}
