import { useEffect, useRef, useState } from 'react'
import { snippet, type SnippetKind, type SnippetRequest } from '../../../src-shared/snippets'

const KINDS: [SnippetKind, string][] = [
  ['curl', 'cURL'],
  ['httpie', 'HTTPie'],
  ['fetch', 'fetch'],
]

/**
 * "Copy as cURL / HTTPie / fetch": the one snippet builder of src-shared (binary-safe), built
 * only when clicked so a large body costs nothing until asked for.
 */
export function CopyAs({ request, note }: {
  /** Called on click: the exact request to reproduce. */
  request: () => SnippetRequest
  /** Said in the tooltip, e.g. "the stored body is cut at 64 KiB". */
  note?: string
}) {
  const [copied, setCopied] = useState<SnippetKind | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  return (
    <span className="copy-as" role="group" aria-label="Copy as">
      <span className="copy-as-label">Copy as</span>
      <span className="segmented">
        {KINDS.map(([kind, name]) => (
          <button
            key={kind}
            type="button"
            className="seg"
            title={`Copy a ${name} command that sends this request again${note ? ` (${note})` : ''}`}
            onClick={async () => {
              await navigator.clipboard.writeText(snippet(kind, request())).catch(() => undefined)
              setCopied(kind)
              clearTimeout(timer.current)
              timer.current = setTimeout(() => setCopied(null), 1200)
            }}
          >
            {copied === kind ? 'Copied' : name}
          </button>
        ))}
      </span>
    </span>
  )
}
