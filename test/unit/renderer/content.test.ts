import { describe, expect, it } from 'vitest'
import {
  base64ToBytes,
  bytesToBase64,
  countNodes,
  decodeUtf8,
  duplicateKeys,
  headerValue,
  hexDump,
  hexRow,
  hexRowCount,
  MAX_JSON_DEPTH,
  parseContentType,
  parseJson,
  prettyJson,
  utf8Reading,
  sniffBody,
  toPlain,
} from '../../../src-renderer/lib/content'

const utf8 = (s: string) => new TextEncoder().encode(s)

describe('content sniffing', () => {
  it('reads the mime type and parameters of a Content-Type, quoted or not', () => {
    expect(parseContentType('Application/JSON; charset=UTF-8')).toEqual({ mime: 'application/json', params: { charset: 'UTF-8' } })
    expect(parseContentType('multipart/form-data; boundary="a b;c"').params.boundary).toBe('a b;c')
    expect(parseContentType(null)).toEqual({ mime: '', params: {} })
  })

  it('shows a JSON body as JSON, whatever the Content-Type claims', () => {
    expect(sniffBody(utf8('{"a":1}'), 'application/json').kind).toBe('json')
    expect(sniffBody(utf8('{"a":1}'), 'text/plain').kind).toBe('json')
    expect(sniffBody(utf8('  [1,2]\n'), null).kind).toBe('json')
    expect(sniffBody(utf8('{"a":1}'), 'application/vnd.api+json').declared).toBe('json')
  })

  it('keeps a JSON-declared body that does not parse as text and says why', () => {
    const s = sniffBody(utf8('{"a":1,}'), 'application/json')
    expect(s.kind).toBe('text')
    expect(s.declared).toBe('json')
    expect(s.jsonError).toMatch(/property name at offset 7/)
  })

  it('says valid JSON nested deeper than the tree shows is valid, and deep broken JSON is broken', () => {
    const deep = sniffBody(utf8('['.repeat(5000) + ']'.repeat(5000)), 'application/json')
    expect(deep).toMatchObject({ kind: 'json', json: null, jsonError: null, jsonTooDeep: true })
    const broken = sniffBody(utf8('['.repeat(5000) + ']'.repeat(4999)), 'application/json')
    expect(broken).toMatchObject({ kind: 'text', jsonTooDeep: false })
    expect(broken.jsonError).not.toMatch(/deeper than/)
    expect(sniffBody(utf8('{"a":1}'), 'application/json').jsonTooDeep).toBe(false)
  })

  it('recognises form, multipart, xml, text, binary and empty bodies', () => {
    expect(sniffBody(utf8('a=1&b=two+words'), 'application/x-www-form-urlencoded').kind).toBe('form')
    expect(sniffBody(utf8('payload=%7B%22a%22%3A1%7D'), null).kind).toBe('form')
    expect(sniffBody(utf8('--x\r\n\r\nhi\r\n--x--'), 'multipart/form-data; boundary=x').kind).toBe('multipart')
    expect(sniffBody(utf8('<?xml version="1.0"?><a/>'), null).kind).toBe('xml')
    expect(sniffBody(utf8('<a/>'), 'application/xml').kind).toBe('xml')
    expect(sniffBody(utf8('hello there'), 'text/plain').kind).toBe('text')
    expect(sniffBody(new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0xff]), 'application/json').kind).toBe('binary')
    expect(sniffBody(utf8('\u0000\u0001\u0002\u0003binary'), null).kind).toBe('binary')
    expect(sniffBody(new Uint8Array(), 'application/json').kind).toBe('empty')
  })

  it('decodes strict UTF-8 and refuses malformed sequences', () => {
    expect(decodeUtf8(utf8('café ✓'))).toBe('café ✓')
    expect(decodeUtf8(new Uint8Array([0x63, 0x61, 0x66, 0xe9]))).toBeNull()
    expect(base64ToBytes('AAEC/w==')).toEqual(new Uint8Array([0, 1, 2, 255]))
  })

  it('encodes bytes as base64, large bodies included', () => {
    expect(bytesToBase64(new Uint8Array([0, 1, 2, 255]))).toBe('AAEC/w==')
    const big = Uint8Array.from({ length: 3 * 0x8000 + 5 }, (_, i) => (i * 7) & 0xff)
    expect(bytesToBase64(big)).toBe(Buffer.from(big).toString('base64'))
  })

  it('finds header values by case-insensitive name, first one wins', () => {
    const h: [string, string][] = [['X-A', '1'], ['x-a', '2'], ['Content-Type', 'text/plain']]
    expect(headerValue(h, 'x-A')).toBe('1')
    expect(headerValue(h, 'content-type')).toBe('text/plain')
    expect(headerValue(h, 'missing')).toBeNull()
  })
})

describe('JSON as received', () => {
  it('keeps big numbers as written, key order and duplicate keys', () => {
    const node = parseJson('{"id": 12345678901234567890, "b": 1.50, "a": 2, "a": 3}')
    expect(node).toEqual({
      type: 'object',
      entries: [
        ['id', { type: 'number', raw: '12345678901234567890' }],
        ['b', { type: 'number', raw: '1.50' }],
        ['a', { type: 'number', raw: '2' }],
        ['a', { type: 'number', raw: '3' }],
      ],
    })
    expect(duplicateKeys(node)).toEqual(['/a'])
    expect(toPlain(node)).toEqual({ id: '12345678901234567890', b: 1.5, a: 3 })
  })

  it('treats __proto__ as an ordinary key', () => {
    const plain = toPlain(parseJson('{"__proto__": {"polluted": true}}')) as Record<string, unknown>
    expect(Object.keys(plain)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('decodes escapes and rejects what JSON.parse rejects', () => {
    expect(parseJson('"a\\u00e9\\n\\"<script>"')).toEqual({ type: 'string', value: 'aé\n"<script>' })
    for (const bad of ['{a:1}', "{'a':1}", '[1,]', '01', '"\t"', 'tru', '{"a":1} x', '']) expect(() => parseJson(bad), bad).toThrow()
  })

  it('refuses hostile nesting instead of overflowing the stack', () => {
    expect(() => parseJson('['.repeat(MAX_JSON_DEPTH + 5))).toThrow(/deeper than/)
    expect(() => parseJson('['.repeat(100) + ']'.repeat(100))).not.toThrow()
  })

  it('pretty-prints without changing numbers and counts nodes', () => {
    expect(prettyJson('{"a":[1,2.10],"b":{}}')).toBe('{\n  "a": [\n    1,\n    2.10\n  ],\n  "b": {}\n}')
    expect(prettyJson('nope')).toBeNull()
    expect(countNodes(parseJson('{"a":[1,2],"b":null}'))).toBe(5)
  })
})

describe('hex formatting', () => {
  it('formats 16 bytes per row with offset, hex grouped by 8 and printable ASCII', () => {
    const bytes = utf8('{"event":"ping"}\u0000\u00ff')
    expect(hexRowCount(bytes.length)).toBe(2)
    expect(hexRow(bytes, 0)).toEqual({
      offset: '00000000',
      hex: '7b 22 65 76 65 6e 74 22  3a 22 70 69 6e 67 22 7d',
      ascii: '{"event":"ping"}',
    })
    const second = hexRow(bytes, 1)
    expect(second.offset).toBe('00000010')
    expect(second.hex).toBe('00 c3 bf')
    expect(second.ascii).toBe('...')
  })

  it('writes a copyable dump with aligned ASCII columns', () => {
    const dump = hexDump(utf8('0123456789abcdefXY'))
    const [a, b] = dump.split('\n')
    expect(a).toBe('00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66 |0123456789abcdef|')
    expect(b!.indexOf('|')).toBe(a!.indexOf('|'))
    expect(b).toMatch(/\|XY\|$/)
  })

  it('reads a received header value as UTF-8 when its bytes are UTF-8', () => {
    const received = Buffer.from('Jürgen 東京 😀', 'utf8').toString('latin1') // as Node hands header bytes over
    expect(utf8Reading(received)).toBe('Jürgen 東京 😀')
    expect(utf8Reading('plain ascii')).toBeNull()
    expect(utf8Reading('caf\u00e9')).toBeNull() // a lone Latin-1 é (byte E9) is not UTF-8
    expect(utf8Reading('a\u00a0b')).toBeNull() // NBSP stays what it is (shown as \u00a0)
    expect(utf8Reading('typed 東京')).toBeNull() // not one character per byte: nothing to reinterpret
  })

})
