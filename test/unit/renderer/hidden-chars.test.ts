import { describe, expect, it } from 'vitest'
import { describeHiddenChar, escapeHiddenChars, hasHiddenChars } from '../../../src-renderer/lib/hidden-chars'

describe('hidden characters of received text', () => {
  it('escapes bidi controls, zero-width and format characters, the BOM, C0 controls and DEL; keeps tab, LF and CR', () => {
    expect(escapeHiddenChars('to\u200bken\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff')).toBe('to\\u200bken\\u200c\\u200d\\u2060\\u2061\\u2062\\u2063\\u2064\\ufeff')
    expect(escapeHiddenChars('\u202eevil\u2067\u200e\u200f\u061c')).toBe('\\u202eevil\\u2067\\u200e\\u200f\\u061c')
    expect(escapeHiddenChars('a\u0000b\u0001\u001b\u007f\u0085')).toBe('a\\u0000b\\u0001\\u001b\\u007f\\u0085')
    expect(escapeHiddenChars('line\r\n\tindented')).toBe('line\r\n\tindented')
    expect(escapeHiddenChars('café 東京 😀 a\u00a0b')).toBe('café 東京 😀 a\u00a0b')
    expect(hasHiddenChars('plain text')).toBe(false)
    expect(hasHiddenChars('x\u200by')).toBe(true)
  })

  it('strict (header values, signed strings) also shows the no-break space and line separators', () => {
    expect(escapeHiddenChars('a\u00a0b\u2028c\u2029', true)).toBe('a\\u00a0b\\u2028c\\u2029')
    expect(hasHiddenChars('a\u00a0b')).toBe(false)
    expect(hasHiddenChars('a\u00a0b', true)).toBe(true)
    expect(escapeHiddenChars('x\u200by\u202e\u00a0\r\n', true)).toBe('x\\u200by\\u202e\\u00a0\r\n')
  })

  it('names the character and what it does, for a tooltip', () => {
    expect(describeHiddenChar('\u200b')).toBe('U+200B ZERO WIDTH SPACE: an invisible character, shown escaped')
    expect(describeHiddenChar('\u202e')).toBe('U+202E RIGHT-TO-LEFT OVERRIDE: a control that reorders text, shown escaped')
    expect(describeHiddenChar('\u0007')).toBe('U+0007 CONTROL CHARACTER: an invisible character, shown escaped')
    expect(describeHiddenChar('\u0085')).toBe('U+0085 CONTROL CHARACTER: an invisible character, shown escaped')
  })
})
