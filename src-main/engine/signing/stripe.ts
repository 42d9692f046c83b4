import type { SigningOptions } from '../../../src-shared/signing-schemes'
import { headerValues, type HeaderList } from './bytes'
import { checkTolerance, isSignatureLike, malformed, missing, quoteValues, type ReadResult, type Recipe } from './recipe'
import { parseTemplate } from './template'

/**
 * Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`, HMAC-SHA256 of `{t}.{body}`.
 * The key is the secret's literal text, `whsec_` included. During a secret roll Stripe sends
 * one `v1=` per live secret; `v0=` entries (test-mode fakes) are ignored, as stripe-node does.
 */
export function stripeRecipe(options: SigningOptions): Recipe {
  return {
    scheme: 'stripe',
    algorithm: 'sha256',
    encoding: 'hex',
    secretFormat: 'literal',
    template: parseTemplate('{timestamp}.{body}'),
    prefix: 'v1=',
    signatureHeader: 'Stripe-Signature',
    timestamp: { header: 'Stripe-Signature', inline: 't=', format: 'unix', toleranceSec: checkTolerance(options.toleranceSec) },
    multiSignature: true,
    writeHeaders: (tokens, values) => [['Stripe-Signature', [`t=${values.timestamp ?? ''}`, ...tokens].join(',')]],
    readHeaders,
  }
}

function readHeaders(headers: HeaderList): ReadResult {
  const values = headerValues(headers, 'Stripe-Signature')
  if (values.length === 0) return missing('The request has no Stripe-Signature header, so it carries no signature.')
  const entries = values
    .join(',')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')
  let timestampText: string | undefined
  const tokens: string[] = []
  const others: string[] = []
  const junk: string[] = []
  for (const entry of entries) {
    if (entry.startsWith('t=')) timestampText ??= entry.slice(2)
    else if (entry.startsWith('v1=')) tokens.push(entry)
    // Another scheme's entry (v0=…): not ours to check. A bare digest is kept for diagnosis
    // (a missing v1=); a bare value that is no digest is no signature at all.
    else if (/^[a-z][a-z0-9]{0,3}=/.test(entry)) others.push(entry)
    else if (isSignatureLike(entry, 'v1=', 'hex')) tokens.push(entry)
    else junk.push(entry)
  }
  if (timestampText === undefined) {
    return malformed('The Stripe-Signature header has no t=<timestamp> entry; it should read t=<unix seconds>,v1=<hex>.', tokens)
  }
  if (!/^\d+$/.test(timestampText)) {
    return malformed(`The Stripe-Signature timestamp t=${timestampText} is not a whole number of unix seconds.`, tokens)
  }
  if (tokens.length === 0) {
    return malformed(
      junk.length > 0
        ? `The Stripe-Signature header has no v1= signature (found ${[...others.map((o) => o.split('=')[0] + '='), quoteValues(junk)].join(', ')}); it should read t=<unix seconds>,v1=<hex>.`
        : others.length > 0
          ? `The Stripe-Signature header has no v1= signature (only ${others.map((o) => o.split('=')[0] + '=').join(', ')}, which Stripe's libraries ignore).`
          : 'The Stripe-Signature header has no v1= signature; it should read t=<unix seconds>,v1=<hex>.',
    )
  }
  return { ok: true, tokens, timestampText }
}
