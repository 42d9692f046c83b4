import type { ReactNode } from 'react'
import './payload.css'

/**
 * Characters that change the order in which text is drawn, not what it says: the embeddings and
 * overrides (U+202A–U+202E), the isolates (U+2066–U+2069) and the marks (U+200E, U+200F, U+061C).
 * In a captured value, "\u202Eevil" would read "live" (and flip the quotes around it): a sender
 * could disguise what it sent. They are shown escaped instead.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
const HAS_BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/

const NAMES: Record<string, string> = {
  '\u061c': 'ARABIC LETTER MARK',
  '\u200e': 'LEFT-TO-RIGHT MARK',
  '\u200f': 'RIGHT-TO-LEFT MARK',
  '\u202a': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202b': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202c': 'POP DIRECTIONAL FORMATTING',
  '\u202d': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202e': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
}

const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

export const hasBidiControls = (text: string) => HAS_BIDI_CONTROL.test(text)

/** The text with its bidi controls written as `\u202e` (for titles and other plain strings). */
export const escapeBidiControls = (text: string) => (hasBidiControls(text) ? text.replace(BIDI_CONTROLS, escapeChar) : text)

/**
 * Received text as React text, with each bidi control shown as a marked `\u202e` escape instead of
 * being obeyed. Never HTML: the pieces are strings and spans.
 */
export function SafeText({ text }: { text: string }): ReactNode {
  if (!hasBidiControls(text)) return text
  const out: ReactNode[] = []
  let last = 0
  for (const m of text.matchAll(BIDI_CONTROLS)) {
    if (m.index > last) out.push(text.slice(last, m.index))
    const c = m[0]
    out.push(
      <span key={m.index} className="bidi-escape" title={`U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} ${NAMES[c] ?? ''}: a control that reorders text, shown escaped`}>
        {escapeChar(c)}
      </span>,
    )
    last = m.index + 1
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}
