import { describe, expect, it } from 'vitest'
import { boundaryOf, decodeComponent, dispositionParam, parseMultipart, parseUrlEncoded } from '../../../src-renderer/lib/multipart'

const utf8 = (s: string) => new TextEncoder().encode(s)

describe('form decoding', () => {
  it('decodes url-encoded pairs in order with duplicates, + as space', () => {
    expect(parseUrlEncoded('a=1&b=two+words&a=%C3%A9&flag&=empty')).toEqual([
      ['a', '1'],
      ['b', 'two words'],
      ['a', 'é'],
      ['flag', ''],
      ['', 'empty'],
    ])
    expect(parseUrlEncoded('')).toEqual([])
  })

  it('leaves a malformed percent escape as written', () => {
    expect(decodeComponent('100%+sure%21')).toBe('100% sure!')
    expect(decodeComponent('%E0%A4%A')).toBe('%E0%A4%A')
  })

  it('decodes a Slack-style payload field that holds JSON', () => {
    const [[name, value]] = parseUrlEncoded('payload=%7B%22type%22%3A%22block_actions%22%7D') as [[string, string]]
    expect(name).toBe('payload')
    expect(JSON.parse(value)).toEqual({ type: 'block_actions' })
  })
})

describe('multipart decoding', () => {
  it('finds the boundary, quoted or not', () => {
    expect(boundaryOf('multipart/form-data; boundary=----abc123')).toBe('----abc123')
    expect(boundaryOf('multipart/form-data; boundary="a:b"; charset=utf-8')).toBe('a:b')
    expect(boundaryOf('application/json')).toBeNull()
  })

  it('reads Content-Disposition parameters, filename separate from name', () => {
    const d = 'form-data; name="file"; filename="a \\"b\\".txt"'
    expect(dispositionParam(d, 'name')).toBe('file')
    expect(dispositionParam(d, 'filename')).toBe('a "b".txt')
  })

  it('splits parts with their headers, text and binary bodies', () => {
    const head = utf8(
      '--XyZ\r\nContent-Disposition: form-data; name="event"\r\n\r\n{"type":"ping"}\r\n' +
        '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="x.bin"\r\nContent-Type: application/octet-stream\r\n\r\n',
    )
    const bin = new Uint8Array([0, 255, 13, 10, 1])
    const tail = utf8('\r\n--XyZ--\r\n')
    const body = new Uint8Array([...head, ...bin, ...tail])
    const { parts, problems } = parseMultipart(body, 'XyZ')
    expect(problems).toEqual([])
    expect(parts).toHaveLength(2)
    expect(parts[0]).toMatchObject({ name: 'event', filename: null, contentType: null, text: '{"type":"ping"}' })
    expect(parts[1]).toMatchObject({ name: 'file', filename: 'x.bin', contentType: 'application/octet-stream', text: null })
    expect([...parts[1]!.body]).toEqual([...bin])
    expect(parts[1]!.headers).toEqual([
      ['Content-Disposition', 'form-data; name="file"; filename="x.bin"'],
      ['Content-Type', 'application/octet-stream'],
    ])
  })

  it('shows the parts of a body with bare LF lines or no closing boundary, and says so', () => {
    const { parts, problems } = parseMultipart(utf8('--b\nContent-Disposition: form-data; name="a"\n\nhello\n--b\n\nworld'), 'b')
    expect(parts.map((p) => p.text)).toEqual(['hello', 'world'])
    expect(problems.join(' ')).toMatch(/closing boundary/)
    expect(problems.join(' ')).toMatch(/LF instead of CRLF/)
  })

  it('says when the boundary is not in the body', () => {
    expect(parseMultipart(utf8('nothing here'), 'zz')).toEqual({ parts: [], problems: ['The boundary "zz" does not occur in the body.'] })
  })
})
