import { useVirtualizer } from '@tanstack/react-virtual'
import { useMemo, useRef } from 'react'
import { hexDump, hexRow, hexRowCount } from '../lib/content'
import { formatBytes } from '../lib/format'
import { CopyButton } from './copy-button'
import './payload.css'

/** Rows are virtualized; beyond this many bytes the view stops and points to the download. */
export const HEX_VIEW_LIMIT = 4 * 1024 * 1024
const ROW_HEIGHT = 19

/** A hex dump (offset, 16 bytes, ASCII) that scrolls smoothly through megabytes. */
export function HexView({ bytes, testId }: { bytes: Uint8Array; testId?: string }) {
  const view = useMemo(() => (bytes.length > HEX_VIEW_LIMIT ? bytes.subarray(0, HEX_VIEW_LIMIT) : bytes), [bytes])
  const rows = hexRowCount(view.length)
  const scroller = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 })
  const copyText = useMemo(() => (view.length <= 64 * 1024 ? hexDump(view) : null), [view])
  return (
    <div className="hex-view" data-testid={testId}>
      <div className="payload-toolbar">
        <span className="muted">
          {formatBytes(bytes.length)} · {rows.toLocaleString()} rows
          {bytes.length > view.length && ` · first ${formatBytes(view.length)} shown, download the body for the rest`}
        </span>
        {copyText !== null && <CopyButton text={copyText} label="Copy dump" />}
      </div>
      <div ref={scroller} className="hex-scroller" role="region" aria-label="Hex dump" tabIndex={0}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const r = hexRow(view, v.index)
            return (
              <div key={v.index} className="hex-row" style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}>
                <span className="hex-offset">{r.offset}</span>
                <span className="hex-bytes">{r.hex}</span>
                <span className="hex-ascii">{r.ascii}</span>
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
