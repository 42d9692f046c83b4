import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { SigningOptions } from '../../../../src-shared/signing-schemes'
import { describeScheme, signRequest, SigningConfigError, validateSigningConfig, verifySignature } from '../../../../src-main/engine/signing'
import { NOW_MS, NOW_S, SECRET } from './helpers'

const body = Buffer.from('{"task":"t_1"}')
const options: SigningOptions = {
  headerName: 'X-Acme-Signature',
  prefix: 'v1=',
  algorithm: 'sha512',
  encoding: 'base64',
  template: '{id}:{timestamp}:{body}',
  timestampHeader: 'X-Acme-Timestamp',
  timestampFormat: 'iso',
  idHeader: 'X-Acme-Id',
}

function verifyWith(headers: [string, string][], opts: SigningOptions = options) {
  return verifySignature({ scheme: 'custom', options: opts, secrets: [{ value: SECRET }], body, headers, now: NOW_MS })
}

describe('custom', () => {
  it('signs the template with the configured algorithm, encoding, prefix and headers', () => {
    const signed = signRequest({ scheme: 'custom', options, secrets: [SECRET], body, id: 'evt_9', timestamp: NOW_S })
    const content = 'evt_9:2026-01-01T00:00:00.000Z:{"task":"t_1"}'
    expect(signed.signedContent.toString()).toBe(content)
    expect(signed.headers).toEqual([
      ['X-Acme-Id', 'evt_9'],
      ['X-Acme-Timestamp', '2026-01-01T00:00:00.000Z'],
      ['X-Acme-Signature', 'v1=' + createHmac('sha512', SECRET).update(content).digest('base64')],
    ])
  })

  it('writes unix-ms timestamps and checks them against the tolerance in seconds', () => {
    const ms: SigningOptions = { template: '{timestamp}.{body}', timestampFormat: 'unix-ms' }
    const signed = signRequest({ scheme: 'custom', options: ms, secrets: [SECRET], body, timestamp: NOW_S - 1.5 })
    expect(signed.headers[0]).toEqual(['X-Webhook-Timestamp', String(NOW_MS - 1500)])
    const result = verifyWith(signed.headers, ms)
    expect(result.verdict).toBe('valid')
    expect(result.details.ageSec).toBe(1.5)
  })

  it('sends no id or timestamp header when the template does not sign them', () => {
    const signed = signRequest({ scheme: 'custom', secrets: [SECRET], body, id: 'x', timestamp: 1 })
    expect(signed.headers.map(([n]) => n)).toEqual(['X-Webhook-Signature'])
    expect(describeScheme('custom').timestampHeader).toBeUndefined()
  })

  it('uses the decoded whsec_ key when secretFormat is whsec', () => {
    const signed = signRequest({ scheme: 'custom', options: { secretFormat: 'whsec' }, secrets: [SECRET], body })
    const key = Buffer.from(SECRET.slice(6), 'base64')
    expect(signed.headers[0]![1]).toBe(createHmac('sha256', key).update(body).digest('hex'))
  })

  it('reports malformed_header when the signed timestamp header is missing or not in its format', () => {
    const signed = signRequest({ scheme: 'custom', options, secrets: [SECRET], body, id: 'evt_9', timestamp: NOW_S })
    const sig = signed.headers[2]!
    const missing = verifyWith([signed.headers[0]!, sig])
    expect(missing.verdict).toBe('malformed_header')
    expect(missing.reason).toBe('X-Acme-Signature is present but X-Acme-Timestamp is missing; the timestamp is part of the signed content ({id}:{timestamp}:{body}).')
    const bad = verifyWith([signed.headers[0]!, ['X-Acme-Timestamp', '1767225600'], sig])
    expect(bad.verdict).toBe('malformed_header')
    expect(bad.reason).toBe('X-Acme-Timestamp is "1767225600", which is not an ISO 8601 date-time.')
  })

  it('reports malformed_header when the signed id header is missing', () => {
    const signed = signRequest({ scheme: 'custom', options, secrets: [SECRET], body, id: 'evt_9', timestamp: NOW_S })
    const result = verifyWith(signed.headers.slice(1))
    expect(result.verdict).toBe('malformed_header')
    expect(result.reason).toBe('X-Acme-Signature is present but X-Acme-Id is missing; the id is part of the signed content ({id}:{timestamp}:{body}).')
  })

  it('refuses a template without {body}, with an unknown placeholder, or with a repeated one', () => {
    expect(() => validateSigningConfig({ scheme: 'custom', options: { template: '{id}.{timestamp}' } })).toThrow(
      'The template "{id}.{timestamp}" does not contain {body}, so the signature would not protect the payload; add {body}, e.g. "{timestamp}.{body}".',
    )
    expect(() => validateSigningConfig({ scheme: 'custom', options: { template: '{event}.{body}' } })).toThrow(
      'The template "{event}.{body}" uses {event}; only {id}, {timestamp} and {body} can be signed.',
    )
    expect(() => validateSigningConfig({ scheme: 'custom', options: { template: '{body}{body}' } })).toThrow(
      'The template "{body}{body}" uses {body} twice; use each placeholder at most once.',
    )
  })

  it('refuses an unknown algorithm, encoding or timestamp format, listing the valid ones', () => {
    const bad = (o: object) => () => validateSigningConfig({ scheme: 'custom', options: o as SigningOptions })
    expect(bad({ algorithm: 'md5' })).toThrow(new SigningConfigError('"md5" is not a hash algorithm; use one of sha1, sha256, sha512.', '/options/algorithm'))
    expect(bad({ encoding: 'base32' })).toThrow('"base32" is not a signature encoding; use one of hex, base64.')
    expect(bad({ timestampFormat: 'rfc2822' })).toThrow('"rfc2822" is not a timestamp format; use one of unix, unix-ms, iso.')
    expect(bad({ toleranceSec: -1 })).toThrow('The tolerance must be a number of seconds ≥ 0 (0 turns the timestamp check off); got -1.')
  })

  it('refuses an undecodable secret up front when the format is whsec', () => {
    expect(() => validateSigningConfig({ scheme: 'custom', options: { secretFormat: 'whsec' }, secrets: [{ value: 'plain text' }] })).toThrow(SigningConfigError)
    expect(() => validateSigningConfig({ scheme: 'custom', secrets: ['plain text'] })).not.toThrow()
  })
})
