import { useMemo, useState } from 'react'
import type { HeaderPair } from '../../../src-shared/api/sender-common'
import { CopyButton } from '../../components/copy-button'
import { formatBytes } from '../../lib/format'
import './http-message.css'

const MAX_PRETTY = 256 * 1024

/**
 * A request or a response as it went over the wire: start line, headers in order, body.
 * Bodies come from webhook endpoints and are hostile: they are shown as text, never as HTML.
 * JSON is indented for reading (the "Raw" toggle shows the exact bytes as text).
 */
export function HttpMessage({
  startLine,
  headers,
  body,
  bodyEncoding,
  size,
  truncated,
  testId,
}: {
  startLine: string
  headers: HeaderPair[]
  body: string
  bodyEncoding: 'utf8' | 'base64'
  size: number
  truncated: boolean
  testId?: string
}) {
  const [raw, setRaw] = useState(false)
  const contentType = headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? ''
  const pretty = useMemo(() => {
    if (bodyEncoding !== 'utf8' || truncated || body.length > MAX_PRETTY) return null
    const t = body.trim()
    if (!(t.startsWith('{') || t.startsWith('[')) && !/json/i.test(contentType)) return null
    try {
      return JSON.stringify(JSON.parse(body), null, 2)
    } catch {
      return null
    }
  }, [body, bodyEncoding, truncated, contentType])
  const shown = raw || pretty === null ? body : pretty
  return (
    <div className="http-message" data-testid={testId}>
      <div className="http-start-line mono">{startLine}</div>
      {headers.length > 0 && (
        <table className="http-headers" aria-label="Headers">
          <tbody>
            {headers.map(([k, v], i) => (
              <tr key={i}>
                <th scope="row">{k}</th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="http-body-head">
        <span>
          Body · {formatBytes(size)}
          {bodyEncoding === 'base64' && ' · binary, shown as base64'}
          {truncated && ' · first 64 KiB kept'}
        </span>
        <span className="row">
          {pretty !== null && (
            <button type="button" className="btn btn-small" onClick={() => setRaw(!raw)} aria-pressed={raw}>
              {raw ? 'Pretty' : 'Raw'}
            </button>
          )}
          {body && <CopyButton text={body} label="Copy body" />}
        </span>
      </div>
      {size === 0 && !body ? <div className="http-empty">(empty body)</div> : <pre className="code-block http-body">{shown}</pre>}
    </div>
  )
}
