import { describe, expect, it } from 'vitest'
import { describeScheme } from '../../../../src-main/engine/signing'
import { header, NOW_MS, NOW_S, OTHER_SECRET, replaceHeader, SCHEME_CASES, SECRET, sign, verify, withoutHeader } from './helpers'

const JSON_BODY = '{"event":"deal.won","data":{"id":"d_1","amount":1200}}'

describe.each(SCHEME_CASES)('every scheme: $name', (c) => {
  const { signatureHeader: sigHeader, legacyHeader } = describeScheme(c.scheme, c.options)

  it('verifies what it signed and names the secret that matched', () => {
    const signed = sign(c, JSON_BODY)
    const result = verify(c, JSON_BODY, signed.headers)
    expect(result.verdict).toBe('valid')
    expect(result.matchedSecret).toBe('#1')
    expect(result.reason).toBe('The signature matches secret #1.')
    expect(result.diagnosis).toBeUndefined()
    expect(result.details.expected).toEqual(result.details.received)
  })

  it('puts the signed bytes in the result, as UTF-8 text', () => {
    const signed = sign(c, JSON_BODY)
    const result = verify(c, JSON_BODY, signed.headers)
    expect(result.details.signedContent).toBe(signed.signedContent.toString('utf8'))
    expect(result.details.signedContentEncoding).toBe('utf8')
    expect(result.details.signedContentBytes).toBe(signed.signedContent.length)
  })

  it('rejects a tampered body and says no known mistake reproduces the signature', () => {
    const signed = sign(c, JSON_BODY)
    const result = verify(c, JSON_BODY.replace('1200', '9200'), signed.headers)
    expect(result.verdict).toBe('invalid')
    expect(result.reason).toBe(`The signature in ${sigHeader} does not match the secret.`)
    expect(result.diagnosis?.code).toBe('no_match')
    expect(result.diagnosis?.received).toEqual(result.details.received)
    expect(result.diagnosis?.expected).not.toEqual(result.diagnosis?.received)
    expect(result.diagnosis?.signedContent?.text).toContain('9200')
  })

  it('rejects a signature made with another secret', () => {
    const signed = sign(c, JSON_BODY, [OTHER_SECRET])
    const result = verify(c, JSON_BODY, signed.headers, [SECRET])
    expect(result.verdict).toBe('invalid')
    expect(result.matchedSecret).toBeUndefined()
    expect(result.diagnosis?.code).toBe('no_match')
    expect(result.diagnosis?.sentence).toMatch(/^No known mistake reproduces the received signature/)
  })

  it('accepts a request carrying several signatures when one of them is valid', () => {
    const headers: [string, string][] = c.multiSignature
      ? sign(c, JSON_BODY, [OTHER_SECRET, SECRET]).headers
      : [[sigHeader, header(sign(c, JSON_BODY, [OTHER_SECRET]).headers, sigHeader)!], ...sign(c, JSON_BODY).headers]
    const result = verify(c, JSON_BODY, headers, [SECRET])
    expect(result.verdict).toBe('valid')
    expect(result.details.received).toHaveLength(2)
  })

  it('reports missing_signature when the signature header is absent', () => {
    const signed = sign(c, JSON_BODY)
    const stripped = withoutHeader(signed.headers, sigHeader)
    const result = verify(c, JSON_BODY, legacyHeader ? withoutHeader(stripped, legacyHeader) : stripped)
    expect(result.verdict).toBe('missing_signature')
    expect(result.reason).toContain(sigHeader)
  })

  it('reports malformed_header when the signature header is empty', () => {
    const signed = sign(c, JSON_BODY)
    const result = verify(c, JSON_BODY, replaceHeader(signed.headers, sigHeader, ''))
    expect(result.verdict).toBe('malformed_header')
    expect(result.reason).toContain(sigHeader)
  })

  it('reports no_secret when no secret is configured', () => {
    const signed = sign(c, JSON_BODY)
    const result = verify(c, JSON_BODY, signed.headers, [])
    expect(result.verdict).toBe('no_secret')
    expect(result.reason).toBe('No secret is configured, so the signature cannot be checked; add the signing secret to verify requests.')
  })

  it('signs and verifies an empty body', () => {
    const signed = sign(c, '')
    expect(verify(c, '', signed.headers).verdict).toBe('valid')
    expect(verify(c, 'x', signed.headers).verdict).toBe('invalid')
  })

  it('signs and verifies a 1 MB body, and rejects it with one byte changed', () => {
    const body = Buffer.alloc(1024 * 1024, 'a')
    body.write('é✓', 100)
    const signed = sign(c, body)
    const ok = verify(c, body, signed.headers)
    expect(ok.verdict).toBe('valid')
    expect(ok.details.signedContentTruncated).toBe(true)
    expect(ok.details.signedContentBytes).toBe(signed.signedContent.length)
    const tampered = Buffer.from(body)
    tampered[500_000] = 0x62
    const bad = verify(c, tampered, signed.headers)
    expect(bad.verdict).toBe('invalid')
    expect(bad.diagnosis?.code).toBe('no_match')
  })

  it('verifies a unicode body with insignificant whitespace byte for byte', () => {
    const body = '{ "name" : "Zoë 🚀 — 東京",\n\t"n": 1 }\r\n'
    const signed = sign(c, body)
    expect(verify(c, body, signed.headers).verdict).toBe('valid')
    expect(verify(c, body.replace('\t', '  '), signed.headers).verdict).toBe('invalid')
  })

  it('rejects the signature of the compact JSON over a body sent with other whitespace, and says it was re-serialized', () => {
    const sent = '{ "name" : "Zoë 🚀",\n  "n": 1 }'
    const signed = sign(c, JSON.stringify(JSON.parse(sent)))
    const result = verify(c, sent, signed.headers)
    expect(result.verdict).toBe('invalid')
    expect(result.diagnosis?.code).toBe('reserialized_json')
    expect(result.diagnosis?.reproducedContent?.text).toContain('{"name":"Zoë 🚀","n":1}')
  })

  if (c.signsTimestamp) {
    it('rejects a stale timestamp and says by how much', () => {
      const signed = sign(c, JSON_BODY, [SECRET], NOW_S - 600)
      const result = verify(c, JSON_BODY, signed.headers)
      expect(result.verdict).toBe('stale_timestamp')
      expect(result.matchedSecret).toBe('#1')
      expect(result.reason).toMatch(/^The signature matches secret #1, but the timestamp \(.+\) is 10 min old, 5 min beyond the 5 min tolerance\.$/)
      expect(result.details.ageSec).toBe(600)
      expect(result.details.toleranceSec).toBe(300)
    })

    it('rejects a timestamp from the future and says by how much', () => {
      const signed = sign(c, JSON_BODY, [SECRET], NOW_S + 3600)
      const result = verify(c, JSON_BODY, signed.headers)
      expect(result.verdict).toBe('stale_timestamp')
      expect(result.reason).toMatch(/is 1 h in the future, 55 min beyond the 5 min tolerance\.$/)
    })

    it('accepts a timestamp exactly at the edge of the tolerance', () => {
      const signed = sign(c, JSON_BODY, [SECRET], NOW_S - 300)
      expect(verify(c, JSON_BODY, signed.headers).verdict).toBe('valid')
    })

    it('accepts any timestamp when the tolerance is 0', () => {
      const off = { ...c, options: { ...c.options, toleranceSec: 0 } }
      const signed = sign(off, JSON_BODY, [SECRET], NOW_S - 86400 * 365)
      expect(verify(off, JSON_BODY, signed.headers).verdict).toBe('valid')
    })

    it('honours a configured tolerance', () => {
      const wide = { ...c, options: { ...c.options, toleranceSec: 3600 } }
      const signed = sign(wide, JSON_BODY, [SECRET], NOW_S - 1800)
      expect(verify(wide, JSON_BODY, signed.headers).verdict).toBe('valid')
      expect(verify(c, JSON_BODY, signed.headers).verdict).toBe('stale_timestamp')
    })
  } else {
    it('does not depend on the time of verification', () => {
      const signed = sign(c, JSON_BODY)
      expect(verify(c, JSON_BODY, signed.headers, [SECRET], 0).verdict).toBe('valid')
      expect(verify(c, JSON_BODY, signed.headers, [SECRET], NOW_MS + 10 * 365 * 86400_000).verdict).toBe('valid')
    })
  }

  it('matches header names in any case', () => {
    const signed = sign(c, JSON_BODY)
    const lower = signed.headers.map(([n, v]) => [n.toLowerCase(), v] as [string, string])
    const upper = signed.headers.map(([n, v]) => [n.toUpperCase(), v] as [string, string])
    expect(verify(c, JSON_BODY, lower).verdict).toBe('valid')
    expect(verify(c, JSON_BODY, upper).verdict).toBe('valid')
  })
})
