import { useMemo } from 'react'
import type { HeaderPair } from '../../../src-shared/api/sender-common'
import { Badge, statusTone } from '../../components/badge'
import { BodyViewer } from '../../components/body-viewer'
import { HeadersTable } from '../../components/headers-table'
import { bytesToBase64, headerValue } from '../../lib/content'
import { formatBytes } from '../../lib/format'
import { httpReason } from './format'
import './http-message.css'

/** The engine sends bodies as UTF-8 text or base64; the body viewer takes base64 bytes. */
const toBase64 = (body: string, encoding: 'utf8' | 'base64'): string => (encoding === 'base64' ? body : bytesToBase64(new TextEncoder().encode(body)))

/**
 * A request or a response as it went over the wire: start line, headers in order, body.
 * Bodies come from webhook endpoints and are hostile: the body viewer shows them as text
 * (tree, raw, hex), never as HTML.
 */
export function HttpMessage({
  startLine,
  headers,
  body,
  bodyEncoding,
  size,
  truncated,
  label,
  testId,
}: {
  startLine: string
  headers: HeaderPair[]
  body: string
  bodyEncoding: 'utf8' | 'base64'
  size: number
  truncated: boolean
  label: string
  testId?: string
}) {
  const base64 = useMemo(() => toBase64(body, bodyEncoding), [body, bodyEncoding])
  const contentType = headerValue(headers, 'content-type')
  const signatureHeaders = useMemo(() => headers.map(([k]) => k.toLowerCase()).filter((k) => k.includes('signature')), [headers])
  return (
    <div className="http-message" data-testid={testId}>
      <div className="http-start-line mono">{startLine}</div>
      <HeadersTable headers={headers} label={`${label} headers`} highlight={signatureHeaders} />
      <div className="http-body-head">
        {label} body · {formatBytes(size)}
        {truncated && ` · only the first ${formatBytes(64 * 1024)} were kept`}
      </div>
      <BodyViewer bodyBase64={base64} contentType={contentType} label={`${label} body`} />
    </div>
  )
}

/** A body as the engine sends it: text or base64, its true size, and whether it was cut. */
interface WireBody {
  body: string
  bodyEncoding: 'utf8' | 'base64'
  size: number
  truncated: boolean
}

/** A request that went out (a delivery attempt, a replay), from its start line down. */
export function SentRequest({ request: r, testId }: { request: WireBody & { method: string; url: string; headers: HeaderPair[] }; testId?: string }) {
  return <HttpMessage testId={testId} label="Request" startLine={`${r.method} ${r.url}`} headers={r.headers} body={r.body} bodyEncoding={r.bodyEncoding} size={r.size} truncated={r.truncated} />
}

/** The response it got, from its status line down. */
export function ReceivedResponse({ response: r, testId }: { response: WireBody & { status: number; headers: HeaderPair[] }; testId?: string }) {
  return (
    <HttpMessage testId={testId} label="Response" startLine={`HTTP ${r.status} ${httpReason(r.status)}`} headers={r.headers} body={r.body} bodyEncoding={r.bodyEncoding} size={r.size} truncated={r.truncated} />
  )
}

/** An HTTP status with its reason, coloured by class: "202 Accepted". */
export function HttpStatusBadge({ status, testId }: { status: number; testId?: string }) {
  return (
    <Badge tone={statusTone(status)} testId={testId}>
      {status} {httpReason(status)}
    </Badge>
  )
}
