import { useMemo, useState, type ReactNode } from 'react'
import type { HeaderDiff, JsonChange } from '../../src-shared/api/requests'
import { diffLines, previewValue } from '../lib/diff'
import { Badge, type BadgeTone } from './badge'
import { HeaderValue } from './headers-table'
import { SafeText } from './safe-text'
import './payload.css'

const CHANGE_TONE: Record<string, BadgeTone> = { same: 'muted', changed: 'warn', added: 'ok', removed: 'err' }

/** Differences in rows: what differs (a header name, a JSON pointer), how, and the two sides. */
function DiffTable({ what, label, labels, testId, children }: { what: string; label: string; labels: [string, string]; testId?: string; children: ReactNode }) {
  return (
    <table className="table diff-table" aria-label={label} data-testid={testId}>
      <thead>
        <tr>
          <th>{what}</th>
          <th>Change</th>
          <th>{labels[0]}</th>
          <th>{labels[1]}</th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  )
}

const ChangeCell = ({ change }: { change: string }) => (
  <td>
    <Badge tone={CHANGE_TONE[change]}>{change}</Badge>
  </td>
)

/** Headers of two requests side by side, by name; equal ones can be hidden. */
export function HeaderDiffTable({ diffs, labels = ['A', 'B'] }: { diffs: HeaderDiff[]; labels?: [string, string] }) {
  const [showSame, setShowSame] = useState(false)
  const same = diffs.filter((d) => d.change === 'same').length
  const rows = showSame ? diffs : diffs.filter((d) => d.change !== 'same')
  return (
    <div className="diff-block" data-testid="header-diff">
      <div className="payload-toolbar">
        <span className="muted">
          {diffs.length - same} of {diffs.length} headers differ (added, removed or changed)
        </span>
        {same > 0 && (
          <label className="check">
            <input type="checkbox" checked={showSame} onChange={(e) => setShowSame(e.target.checked)} /> Show {same} identical
          </label>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="muted">The headers are identical (by name and values in order).</p>
      ) : (
        <DiffTable what="Header" label="Header differences" labels={labels}>
          {rows.map((d) => (
            <tr key={d.name} className={`diff-${d.change}`}>
              <td className="mono header-name">
                <SafeText text={d.name} />
              </td>
              <ChangeCell change={d.change} />
              <td className="mono header-value diff-a">{d.a.length ? d.a.map((v, i) => <div key={i}><HeaderValue value={v} /></div>) : <span className="muted">—</span>}</td>
              <td className="mono header-value diff-b">{d.b.length ? d.b.map((v, i) => <div key={i}><HeaderValue value={v} /></div>) : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </DiffTable>
      )}
    </div>
  )
}

/** The JSON differences, one row per JSON pointer. */
export function JsonChangesTable({ changes, truncated, labels = ['A', 'B'] }: { changes: JsonChange[]; truncated: boolean; labels?: [string, string] }) {
  if (!changes.length) return <p className="muted">The JSON bodies are equal (same values; key order and spacing may differ).</p>
  return (
    <DiffTable what="Path" label="JSON body differences" labels={labels} testId="json-diff">
      {changes.map((c, i) => (
        <tr key={i} className={`diff-${c.change}`}>
          <td className="mono">{c.path ? <SafeText text={c.path} /> : '(root)'}</td>
          <ChangeCell change={c.change} />
          <td className="mono header-value diff-a">{c.change === 'added' ? <span className="muted">—</span> : <SafeText text={previewValue(c.a)} />}</td>
          <td className="mono header-value diff-b">{c.change === 'removed' ? <span className="muted">—</span> : <SafeText text={previewValue(c.b)} />}</td>
        </tr>
      ))}
      {truncated && (
        <tr>
          <td colSpan={4} className="muted">
            Only the first {changes.length} differences are listed.
          </td>
        </tr>
      )}
    </DiffTable>
  )
}

/** A unified line diff of two texts, with line numbers on both sides. */
export function LineDiff({ a, b, context = 3 }: { a: string; b: string; context?: number }) {
  const [full, setFull] = useState(false)
  const ops = useMemo(() => diffLines(a, b), [a, b])
  // Hide long runs of equal lines, keeping `context` lines around each change.
  const visible = useMemo(() => {
    if (full) return ops.map(() => true)
    const keep = ops.map(() => false)
    ops.forEach((op, i) => {
      if (op.op === '=') return
      for (let j = Math.max(0, i - context); j <= Math.min(ops.length - 1, i + context); j++) keep[j] = true
    })
    return keep
  }, [ops, full, context])
  const changed = ops.some((o) => o.op !== '=')
  if (!changed) return <p className="muted">The texts are identical.</p>
  const rows: ReactNode[] = []
  let skipped = 0
  ops.forEach((op, i) => {
    if (!visible[i]) {
      skipped++
      return
    }
    if (skipped) {
      rows.push(
        <div key={`s${i}`} className="ld-skip">
          ⋯ {skipped} unchanged {skipped === 1 ? 'line' : 'lines'}
        </div>,
      )
      skipped = 0
    }
    rows.push(
      <div key={i} className={`ld-line ld-${op.op === '=' ? 'eq' : op.op === '-' ? 'del' : 'add'}`}>
        <span className="ld-num">{op.aLine ?? ''}</span>
        <span className="ld-num">{op.bLine ?? ''}</span>
        <span className="ld-op">{op.op === '=' ? ' ' : op.op}</span>
        <span className="ld-text">
          <SafeText text={op.text} />
        </span>
      </div>,
    )
  })
  if (skipped) rows.push(<div key="s-end" className="ld-skip">⋯ {skipped} unchanged lines</div>)
  return (
    <div className="line-diff" data-testid="line-diff">
      <div className="payload-toolbar">
        <label className="check">
          <input type="checkbox" checked={full} onChange={(e) => setFull(e.target.checked)} /> Show unchanged lines
        </label>
      </div>
      <div className="ld-body" role="region" aria-label="Line differences" tabIndex={0}>
        {rows}
      </div>
    </div>
  )
}
