import { useEffect, useMemo, useState } from 'react'
import type { DecodedBody } from '../../src-shared/api/requests'
import { base64ToBytes, decodeUtf8Lenient, duplicateKeys, MAX_JSON_DEPTH, parseJson, prettyJson, sniffBody, type BodyKind, type JsonNode, type SniffedBody } from '../lib/content'
import { formatBytes } from '../lib/format'
import { boundaryOf, parseMultipart, parseUrlEncoded, type MultipartPart } from '../lib/multipart'
import { Badge } from './badge'
import { CopyButton } from './copy-button'
import { HexView } from './hex-view'
import { JsonTree } from './json-tree'
import { SafeText } from './safe-text'
import './payload.css'

type View = 'tree' | 'form' | 'parts' | 'raw' | 'hex'

/** Text beyond this is cut in the raw view until asked for (layout of megabytes of text is slow). */
const RAW_LIMIT = 256 * 1024

const DEFAULT_VIEW: Record<BodyKind, View> = { empty: 'raw', json: 'tree', form: 'form', multipart: 'parts', xml: 'raw', text: 'raw', binary: 'hex' }
const KIND_LABEL: Record<BodyKind, string> = { empty: 'empty', json: 'JSON', form: 'form', multipart: 'multipart', xml: 'XML', text: 'text', binary: 'binary' }

/**
 * A captured body: a JSON tree, decoded form fields or multipart parts, raw text and hex, with
 * the gzip/br/deflate-decoded view next to the bytes as received. Everything is rendered as
 * text; nothing in a body is ever interpreted as markup, followed as a link or executed.
 */
export function BodyViewer({ bodyBase64, contentType, decoded, onDownload, label = 'Body', testId }: {
  bodyBase64: string
  contentType: string | null
  /** The engine's decoded view of a Content-Encoding'd body (null when not encoded). */
  decoded?: DecodedBody | null
  onDownload?: (decoded: boolean) => void
  label?: string
  testId?: string
}) {
  const raw = useMemo(() => base64ToBytes(bodyBase64), [bodyBase64])
  const decodedBytes = useMemo(() => (decoded?.bodyBase64 ? base64ToBytes(decoded.bodyBase64) : null), [decoded])
  const [useDecoded, setUseDecoded] = useState(true)
  const showingDecoded = !!decodedBytes && useDecoded
  const bytes = showingDecoded ? decodedBytes : raw
  const sniffed = useMemo(() => sniffBody(bytes, contentType), [bytes, contentType])
  // Valid JSON too deeply nested for the tree opens in Raw.
  const defaultView = sniffed.jsonTooDeep ? 'raw' : DEFAULT_VIEW[sniffed.kind]
  const [view, setView] = useState<View>(defaultView)
  useEffect(() => setView(defaultView), [defaultView])

  const views: { key: View; label: string }[] = [
    ...(sniffed.json ? [{ key: 'tree' as const, label: 'Tree' }] : []),
    ...(sniffed.kind === 'form' ? [{ key: 'form' as const, label: 'Form' }] : []),
    ...(sniffed.kind === 'multipart' ? [{ key: 'parts' as const, label: 'Parts' }] : []),
    { key: 'raw', label: 'Raw' },
    { key: 'hex', label: 'Hex' },
  ]

  return (
    <div className="body-viewer" data-testid={testId} data-kind={sniffed.kind}>
      <div className="payload-toolbar">
        <div className="segmented" role="tablist" aria-label={`${label} view`}>
          {views.map((v) => (
            <button key={v.key} type="button" role="tab" aria-selected={view === v.key} className={view === v.key ? 'seg active' : 'seg'} onClick={() => setView(v.key)}>
              {v.label}
            </button>
          ))}
        </div>
        {decoded && (
          <div className="segmented" role="group" aria-label="Content-Encoding">
            <button type="button" className={showingDecoded ? 'seg active' : 'seg'} aria-pressed={showingDecoded} disabled={!decodedBytes} onClick={() => setUseDecoded(true)}>
              Decoded ({decoded.encoding})
            </button>
            <button type="button" className={!showingDecoded ? 'seg active' : 'seg'} aria-pressed={!showingDecoded} onClick={() => setUseDecoded(false)}>
              As received
            </button>
          </div>
        )}
        <span className="muted payload-meta">
          <Badge tone="muted">{KIND_LABEL[sniffed.kind]}</Badge> {formatBytes(bytes.length)}
          {showingDecoded && ` decoded from ${formatBytes(raw.length)}`}
          {showingDecoded && decoded?.truncated && ' (cut at the decoding limit)'}
        </span>
        {onDownload && (
          <button type="button" className="btn btn-small" onClick={() => onDownload(showingDecoded)}>
            Download{showingDecoded ? ' decoded' : ''}
          </button>
        )}
      </div>
      {decoded?.error && (
        <p className="note note-warn" role="note">
          The {decoded.encoding} body does not decode: {decoded.error}. Showing the bytes as received.
        </p>
      )}
      {sniffed.declared === 'json' && sniffed.kind !== 'json' && sniffed.jsonError && bytes.length > 0 && (
        <p className="note note-warn" role="note">
          Content-Type says JSON but the body does not parse: {sniffed.jsonError}.
        </p>
      )}
      {sniffed.jsonTooDeep && (
        <p className="note" role="note">
          Valid JSON, but nested more than {MAX_JSON_DEPTH} levels deep: too deep to show as a tree. Raw and Hex have all of it.
        </p>
      )}
      <div className="body-viewer-content">
        {sniffed.kind === 'empty' ? (
          <p className="muted">No body (0 bytes).</p>
        ) : view === 'tree' && sniffed.json ? (
          <JsonView node={sniffed.json} label={label} />
        ) : view === 'form' && sniffed.text !== null ? (
          <FormView text={sniffed.text} />
        ) : view === 'parts' ? (
          <PartsView bytes={bytes} contentType={contentType} />
        ) : view === 'hex' ? (
          <HexView bytes={bytes} />
        ) : (
          <RawView bytes={bytes} sniffed={sniffed} />
        )}
      </div>
    </div>
  )
}

function JsonView({ node, label }: { node: JsonNode; label: string }) {
  const dups = useMemo(() => duplicateKeys(node), [node])
  return (
    <>
      {dups.length > 0 && (
        <p className="note note-warn" role="note">
          Duplicate keys: {dups.slice(0, 5).join(', ')}
          {dups.length > 5 && ` and ${dups.length - 5} more`}. Parsers disagree on which value wins; both are shown.
        </p>
      )}
      <JsonTree root={node} label={label} testId="json-tree" />
    </>
  )
}

export function RawView({ bytes, sniffed }: { bytes: Uint8Array; sniffed: SniffedBody }) {
  const [all, setAll] = useState(false)
  const [pretty, setPretty] = useState(false)
  const [wrap, setWrap] = useState(true)
  const text = useMemo(() => sniffed.text ?? decodeUtf8Lenient(bytes), [sniffed.text, bytes])
  // Pretty-printing goes through the tree parser: not for JSON nested too deep for it.
  const canPretty = sniffed.json !== null
  const prettyText = useMemo(() => (pretty && canPretty ? prettyJson(text) : null), [pretty, canPretty, text])
  const shownText = prettyText ?? text
  const cut = !all && shownText.length > RAW_LIMIT
  return (
    <div className="raw-view">
      <div className="payload-toolbar payload-toolbar-sub">
        {canPretty && (
          <label className="check">
            <input type="checkbox" checked={pretty} onChange={(e) => setPretty(e.target.checked)} /> Pretty-print
          </label>
        )}
        <label className="check">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} /> Wrap lines
        </label>
        {sniffed.text === null && <span className="note-inline">Not valid UTF-8: malformed bytes show as �; the Hex view has the exact bytes.</span>}
        <CopyButton text={shownText} label="Copy" />
      </div>
      <pre className={wrap ? 'raw-text wrap' : 'raw-text'} data-testid="raw-body">
        <SafeText text={cut ? shownText.slice(0, RAW_LIMIT) : shownText} />
      </pre>
      {cut && (
        <button type="button" className="btn btn-small" onClick={() => setAll(true)}>
          Show all {formatBytes(shownText.length)}
        </button>
      )}
    </div>
  )
}

function tryJson(value: string): JsonNode | null {
  const t = value.trim()
  if (!/^[[{]/.test(t)) return null
  try {
    return parseJson(t)
  } catch {
    return null
  }
}

function FormView({ text }: { text: string }) {
  const pairs = useMemo(() => parseUrlEncoded(text.trim()), [text])
  if (!pairs.length) return <p className="muted">No fields.</p>
  return (
    <table className="table kv-table" aria-label="Form fields">
      <thead>
        <tr>
          <th>Field</th>
          <th>Value</th>
        </tr>
      </thead>
      <tbody>
        {pairs.map(([k, v], i) => {
          const json = tryJson(v)
          return (
            <tr key={i}>
              <td className="mono header-name">
                <SafeText text={k} />
              </td>
              <td className="mono header-value">{json ? <JsonTree root={json} label={`Field ${k}`} /> : <SafeText text={v} />}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function PartsView({ bytes, contentType }: { bytes: Uint8Array; contentType: string | null }) {
  const boundary = boundaryOf(contentType)
  const result = useMemo(() => (boundary ? parseMultipart(bytes, boundary) : null), [bytes, boundary])
  if (!result) return <p className="muted">The Content-Type has no boundary, so the parts cannot be separated. See Raw or Hex.</p>
  return (
    <div className="parts">
      {result.problems.map((p) => (
        <p className="note note-warn" role="note" key={p}>
          {p}
        </p>
      ))}
      {result.parts.map((part, i) => (
        <Part key={i} part={part} index={i} />
      ))}
    </div>
  )
}

function Part({ part, index }: { part: MultipartPart; index: number }) {
  const json = part.text !== null ? tryJson(part.text) : null
  return (
    <section className="part" aria-label={`Part ${index + 1}${part.name ? `: ${part.name}` : ''}`}>
      <header className="part-header">
        <span className="mono">{part.name !== null ? <SafeText text={part.name} /> : `part ${index + 1}`}</span>
        {part.filename !== null && (
          <Badge tone="info">
            file: <SafeText text={part.filename} />
          </Badge>
        )}
        {part.contentType && (
          <span className="muted mono">
            <SafeText text={part.contentType} />
          </span>
        )}
        <span className="muted">{formatBytes(part.body.length)}</span>
      </header>
      {json ? (
        <JsonTree root={json} label={`Part ${part.name ?? index + 1}`} />
      ) : part.text !== null ? (
        <pre className="raw-text wrap part-text">
          <SafeText text={part.text.length > RAW_LIMIT ? `${part.text.slice(0, RAW_LIMIT)}…` : part.text} />
        </pre>
      ) : (
        <HexView bytes={part.body.subarray(0, 64 * 1024)} />
      )}
    </section>
  )
}
