import type { SigningOptions } from '../../../src-shared/signing-schemes'
import { firstHeader, headerValues, type HeaderList } from './bytes'
import { checkTolerance, isSignatureLike, malformed, missing, quoteValues, type ReadResult, type Recipe } from './recipe'
import { parseTemplate } from './template'

/**
 * Standard Webhooks (standardwebhooks.com, spec 1.0): `webhook-id`, `webhook-timestamp` (unix
 * seconds) and `webhook-signature`, a space-separated list of `v1,<base64>`, one per live
 * secret. Signed content `{id}.{timestamp}.{body}`; the key is the base64 after `whsec_`.
 */
export function standardWebhooksRecipe(options: SigningOptions): Recipe {
  return {
    scheme: 'standard-webhooks',
    algorithm: 'sha256',
    encoding: 'base64',
    secretFormat: 'whsec',
    template: parseTemplate('{id}.{timestamp}.{body}'),
    prefix: 'v1,',
    signatureHeader: 'webhook-signature',
    timestamp: { header: 'webhook-timestamp', format: 'unix', toleranceSec: checkTolerance(options.toleranceSec) },
    idHeader: 'webhook-id',
    multiSignature: true,
    writeHeaders: (tokens, values) => [
      ['webhook-id', values.id ?? ''],
      ['webhook-timestamp', values.timestamp ?? ''],
      ['webhook-signature', tokens.join(' ')],
    ],
    readHeaders,
  }
}

function readHeaders(headers: HeaderList): ReadResult {
  const values = headerValues(headers, 'webhook-signature')
  if (values.length === 0) return missing('The request has no webhook-signature header, so it carries no signature.')
  const entries = values.join(' ').split(/\s+/).filter((e) => e !== '')
  // `v1,` entries are candidates; a bare entry (no comma) that reads as a digest is kept so
  // diagnosis can name a missing prefix. Other versions (v1a = ed25519) are not ours to check,
  // as in the spec; a bare entry that is no digest ("garbage") is no signature at all.
  const tokens = entries.filter((e) => e.startsWith('v1,') || (!e.includes(',') && isSignatureLike(e, 'v1,', 'base64')))
  if (tokens.length === 0) {
    return malformed(
      entries.length === 0
        ? 'The webhook-signature header is empty; it should hold "v1,<base64>" signatures separated by spaces.'
        : entries.some((e) => e.includes(','))
          ? `The webhook-signature header holds no v1 signature (found ${entries.map((e) => (e.includes(',') ? `"${e.split(',')[0]},…"` : quoteValues([e]))).join(', ')}); only "v1,<base64>" HMAC signatures can be checked.`
          : `The webhook-signature header holds no "v1,<base64>" signature (found ${quoteValues(entries)}); it should hold "v1,<base64>" signatures separated by spaces.`,
    )
  }
  const id = firstHeader(headers, 'webhook-id')
  const timestampText = firstHeader(headers, 'webhook-timestamp')
  if (!id) return malformed('The webhook-signature header is present but webhook-id is missing; the id is part of the signed content.', tokens)
  if (!timestampText) {
    return malformed('The webhook-signature header is present but webhook-timestamp is missing; the timestamp is part of the signed content.', tokens)
  }
  if (!/^\d+$/.test(timestampText)) {
    return malformed(`The webhook-timestamp header is "${timestampText}", which is not a whole number of unix seconds.`, tokens)
  }
  return { ok: true, tokens, id, timestampText }
}
