import type { ReactNode } from 'react'
import { describeHiddenChar, escapeChar, hasHiddenChars, hiddenCharPattern } from '../lib/hidden-chars'
import './payload.css'

/**
 * Received text as React text, with each character that would hide what it says (a bidi control
 * that reorders it, a zero-width or control character that draws nothing: lib/hidden-chars) shown
 * as a marked `\u200b` escape. `strict` also marks the no-break space and line separators (header
 * values, signed strings). Never HTML: the pieces are strings and spans.
 */
export function SafeText({ text, strict = false }: { text: string; strict?: boolean }): ReactNode {
  if (!hasHiddenChars(text, strict)) return text
  const out: ReactNode[] = []
  let last = 0
  for (const m of text.matchAll(hiddenCharPattern(strict))) {
    if (m.index > last) out.push(text.slice(last, m.index))
    const c = m[0]
    out.push(
      <span key={m.index} className="char-escape" title={describeHiddenChar(c)}>
        {escapeChar(c)}
      </span>,
    )
    last = m.index + 1
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}
