import { useMemo } from 'react'
import { utf8Reading } from '../lib/content'
import { hasHiddenChars } from '../lib/hidden-chars'
import { CopyButton } from './copy-button'
import { CutText } from './cut-text'
import { SafeText } from './safe-text'
import './payload.css'

/**
 * Headers exactly as received: in order, duplicates kept and marked, names in their original
 * case, invisible characters in values made visible (a stray CR or NBSP breaks signatures), and
 * a value whose bytes are UTF-8 read as UTF-8, marked so (the copy keeps what was received). A
 * very long value (a 60 000-character cookie) is cut with "show all N chars", as JSON strings are.
 */
export function HeadersTable({ headers, label = 'Headers', highlight, testId }: {
  headers: readonly (readonly [string, string])[]
  label?: string
  /** Lower-cased names to emphasise (e.g. the signature header). */
  highlight?: readonly string[]
  testId?: string
}) {
  const counts = useMemo(() => {
    const m = new Map<string, number>()
    for (const [n] of headers) m.set(n.toLowerCase(), (m.get(n.toLowerCase()) ?? 0) + 1)
    return m
  }, [headers])
  const raw = useMemo(() => headers.map(([n, v]) => `${n}: ${v}`).join('\n'), [headers])
  if (!headers.length) return <p className="muted">No headers.</p>
  return (
    <div className="headers-table-wrap" data-testid={testId}>
      <table className="table headers-table" aria-label={label}>
        <thead>
          <tr>
            <th className="num">#</th>
            <th>Name</th>
            <th>
              Value <span className="th-action"><CopyButton text={raw} label="Copy all" /></span>
            </th>
          </tr>
        </thead>
        <tbody>
          {headers.map(([name, value], i) => {
            const lower = name.toLowerCase()
            const dup = (counts.get(lower) ?? 0) > 1
            return (
              <tr key={i} className={highlight?.includes(lower) ? 'hl' : undefined}>
                <td className="num muted">{i + 1}</td>
                <td className="mono header-name">
                  <SafeText text={name} />
                  {dup && (
                    <span className="dup-mark" title={`${name} appears ${counts.get(lower)} times`}>
                      ×{counts.get(lower)}
                    </span>
                  )}
                </td>
                <td className="mono header-value">
                  <HeaderValue value={value} />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/**
 * A received header value as the Headers tab shows it (and Compare, so both read it alike): its
 * UTF-8 reading when its bytes are UTF-8, marked so; invisible characters escaped and marked; a
 * very long value cut with "show all N chars".
 */
export function HeaderValue({ value }: { value: string }) {
  const utf8 = utf8Reading(value)
  const shown = utf8 ?? value
  return (
    <>
      <CutText text={shown} strict />
      {utf8 !== null && (
        <span className="invisible-mark" title={`The value's bytes are UTF-8, shown decoded; read one byte per character (as HTTP hands them over) they are: ${value}`}>
          UTF-8
        </span>
      )}
      {hasHiddenChars(shown, true) && (
        <span className="invisible-mark" title="The value holds invisible or reordering characters, shown as \u escapes">
          invisible chars
        </span>
      )}
    </>
  )
}
