import { describe, expect, it } from 'vitest'
import { verifySignature } from '../../../../src-main/engine/signing'
import { vectors } from './helpers'

const v = vectors.slack
const verifyWith = (headers: [string, string][]) =>
  verifySignature({ scheme: 'slack', secrets: [{ value: v.secret }], body: Buffer.from(v.body), headers, now: v.timestamp * 1000 })

describe('slack', () => {
  it('reports malformed_header when X-Slack-Request-Timestamp is missing', () => {
    const result = verifyWith([['X-Slack-Signature', v.signature]])
    expect(result.verdict).toBe('malformed_header')
    expect(result.reason).toBe('X-Slack-Signature is present but X-Slack-Request-Timestamp is missing; the timestamp is part of the signed content.')
  })

  it('reports malformed_header when X-Slack-Request-Timestamp is not a number', () => {
    const result = verifyWith([
      ['X-Slack-Request-Timestamp', '1531420618.5'],
      ['X-Slack-Signature', v.signature],
    ])
    expect(result.verdict).toBe('malformed_header')
    expect(result.reason).toBe('X-Slack-Request-Timestamp is "1531420618.5", which is not a whole number of unix seconds.')
  })

  it('reports malformed_header when X-Slack-Signature holds no signature', () => {
    const result = verifyWith([
      ['X-Slack-Request-Timestamp', String(v.timestamp)],
      ['X-Slack-Signature', 'garbage'],
    ])
    expect(result.verdict).toBe('malformed_header')
    expect(result.reason).toBe('The X-Slack-Signature header holds "garbage", which is not a signature; it should read "v0=<hex digest>".')
  })

  it('shows v0:{timestamp}:{body} as the signed content', () => {
    const result = verifyWith([
      ['X-Slack-Request-Timestamp', String(v.timestamp)],
      ['X-Slack-Signature', v.signature],
    ])
    expect(result.details.template).toBe('v0:{timestamp}:{body}')
    expect(result.details.signedContent).toBe(`v0:${v.timestamp}:${v.body}`)
  })
})
