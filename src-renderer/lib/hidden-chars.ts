/**
 * Characters of received text that hide what it says, so the inspector shows each as its `\u`
 * escape instead of drawing (or obeying) it. One table for every view: the raw body, the JSON
 * tree, header values, signed strings, names and paths.
 *
 * - Bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) change the order in
 *   which text is drawn: "\u202Eevil" reads "live". A sender could disguise what it sent.
 * - Invisible characters draw nothing: the zero-width space, joiners, word joiner, invisible
 *   operators (U+200B–U+200D, U+2060–U+2064), the BOM (U+FEFF), and the C0 and C1 controls and DEL.
 *   "to\u200Bken" looks like "token" and is not. Tab, LF and CR stay what they are (the layout of
 *   text), as they do in any editor.
 * - Strict (header values, signed strings: where every byte counts and whitespace is not layout)
 *   adds the no-break space and the line and paragraph separators (U+00A0, U+2028, U+2029).
 */

const BIDI = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069'
const INVISIBLE = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u200b-\\u200d\\u2060-\\u2064\\ufeff'
const STRICT_EXTRA = '\\u00a0\\u2028\\u2029'

const HIDDEN = new RegExp(`[${BIDI}${INVISIBLE}]`, 'g')
const HIDDEN_STRICT = new RegExp(`[${BIDI}${INVISIBLE}${STRICT_EXTRA}]`, 'g')
const HAS_HIDDEN = new RegExp(HIDDEN.source)
const HAS_HIDDEN_STRICT = new RegExp(HIDDEN_STRICT.source)
const IS_BIDI = new RegExp(`[${BIDI}]`)

/** The characters to escape (a global pattern: use with matchAll or replace). */
export const hiddenCharPattern = (strict = false): RegExp => (strict ? HIDDEN_STRICT : HIDDEN)

export const hasHiddenChars = (text: string, strict = false): boolean => (strict ? HAS_HIDDEN_STRICT : HAS_HIDDEN).test(text)

/** `\u200b` for U+200B. */
export const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/** The text with its hidden characters written as `\u200b` (for titles, copies and other plain strings). */
export const escapeHiddenChars = (text: string, strict = false): string => (hasHiddenChars(text, strict) ? text.replace(hiddenCharPattern(strict), escapeChar) : text)

const NAMES: Record<string, string> = {
  '\u0000': 'NULL',
  '\u007f': 'DELETE',
  '\u00a0': 'NO-BREAK SPACE',
  '\u061c': 'ARABIC LETTER MARK',
  '\u200b': 'ZERO WIDTH SPACE',
  '\u200c': 'ZERO WIDTH NON-JOINER',
  '\u200d': 'ZERO WIDTH JOINER',
  '\u200e': 'LEFT-TO-RIGHT MARK',
  '\u200f': 'RIGHT-TO-LEFT MARK',
  '\u2028': 'LINE SEPARATOR',
  '\u2029': 'PARAGRAPH SEPARATOR',
  '\u202a': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202b': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202c': 'POP DIRECTIONAL FORMATTING',
  '\u202d': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202e': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2060': 'WORD JOINER',
  '\u2061': 'FUNCTION APPLICATION',
  '\u2062': 'INVISIBLE TIMES',
  '\u2063': 'INVISIBLE SEPARATOR',
  '\u2064': 'INVISIBLE PLUS',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
  '\ufeff': 'ZERO WIDTH NO-BREAK SPACE (byte order mark)',
}

/** "U+200B ZERO WIDTH SPACE: an invisible character, shown escaped" (a tooltip). */
export function describeHiddenChar(c: string): string {
  const code = `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
  const name = NAMES[c] ?? (c < ' ' || (c >= '\u0080' && c <= '\u009f') ? 'CONTROL CHARACTER' : '')
  const what = IS_BIDI.test(c) ? 'a control that reorders text' : 'an invisible character'
  return `${code} ${name}: ${what}, shown escaped`
}
