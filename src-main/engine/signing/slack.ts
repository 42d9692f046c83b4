import type { SigningOptions } from '../../../src-shared/signing-schemes'
import { firstHeader, type HeaderList } from './bytes'
import { checkTolerance, malformed, readSingleHeader, type ReadResult, type Recipe } from './recipe'
import { parseTemplate } from './template'

/**
 * Slack: `X-Slack-Request-Timestamp: <unix>` and `X-Slack-Signature: v0=<hex>`, HMAC-SHA256 of
 * `v0:{timestamp}:{body}` keyed with the signing secret's literal text.
 */
export function slackRecipe(options: SigningOptions): Recipe {
  return {
    scheme: 'slack',
    algorithm: 'sha256',
    encoding: 'hex',
    secretFormat: 'literal',
    template: parseTemplate('v0:{timestamp}:{body}'),
    prefix: 'v0=',
    signatureHeader: 'X-Slack-Signature',
    timestamp: { header: 'X-Slack-Request-Timestamp', format: 'unix', toleranceSec: checkTolerance(options.toleranceSec) },
    multiSignature: false,
    writeHeaders: (tokens, values) => [
      ['X-Slack-Request-Timestamp', values.timestamp ?? ''],
      ['X-Slack-Signature', tokens[0] ?? ''],
    ],
    readHeaders,
  }
}

function readHeaders(headers: HeaderList): ReadResult {
  const read = readSingleHeader(headers, 'X-Slack-Signature', 'v0=', 'hex')
  if (!read.ok) return read
  const timestampText = firstHeader(headers, 'X-Slack-Request-Timestamp')
  if (!timestampText) {
    return malformed('X-Slack-Signature is present but X-Slack-Request-Timestamp is missing; the timestamp is part of the signed content.', read.tokens)
  }
  if (!/^\d+$/.test(timestampText)) {
    return malformed(`X-Slack-Request-Timestamp is "${timestampText}", which is not a whole number of unix seconds.`, read.tokens)
  }
  return { ...read, timestampText }
}
