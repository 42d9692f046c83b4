import { createHmac } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  DIAGNOSIS_CODES,
  type DiagnosisCode,
  type HashAlgorithm,
  type SigningOptions,
  type SigningSchemeId,
  type SigningSecret,
  type VerificationResult,
} from '../../../../src-shared/signing-schemes'
import { diagnoseSignature, signRequest, verifySignature } from '../../../../src-main/engine/signing'
import { NOW_MS, NOW_S, SECRET } from './helpers'

/** Every code a test below produced; the last test checks that none is left untested. */
const produced = new Set<DiagnosisCode>()

interface Case {
  scheme: SigningSchemeId
  options?: SigningOptions
  secrets?: SigningSecret[]
  body: Buffer | string
  headers: [string, string][]
  now?: number
}

function check(c: Case): VerificationResult {
  const result = verifySignature({
    scheme: c.scheme,
    options: c.options,
    secrets: c.secrets ?? [{ value: SECRET }],
    body: typeof c.body === 'string' ? Buffer.from(c.body) : c.body,
    headers: c.headers,
    now: c.now ?? NOW_MS,
  })
  if (result.diagnosis) {
    produced.add(result.diagnosis.code)
    for (const code of result.diagnosis.also ?? []) produced.add(code)
  }
  return result
}

/** An HMAC computed independently of the code under test. */
const mac = (content: string | Buffer, key: string | Buffer = SECRET, algorithm: HashAlgorithm = 'sha256') =>
  createHmac(algorithm, key).update(content).digest()
const hex = (content: string | Buffer, key?: string | Buffer, algorithm?: HashAlgorithm) => mac(content, key, algorithm).toString('hex')
const b64 = (content: string | Buffer, key?: string | Buffer) => mac(content, key).toString('base64')
const SW_KEY = Buffer.from(SECRET.slice('whsec_'.length), 'base64')

const WORKESTRA: SigningOptions = { headerName: 'X-Workestra-Signature', prefix: 'sha256=' }
const sent = '{\n  "event": "user.created",\n  "data": { "id": 1, "name": "Zoë" }\n}'
const compact = JSON.stringify(JSON.parse(sent))

const RAW_FIX = 'Sign and verify the raw body bytes exactly as they travel'

describe('diagnosis of a compressed body', () => {
  it('recognises a signature over the body before it was gzipped (or a receiver that decompresses first)', () => {
    const gz = gzipSync(Buffer.from(sent))
    const result = check({ scheme: 'hmac-sha256', options: WORKESTRA, body: gz, headers: [['Content-Encoding', 'gzip'], ['X-Workestra-Signature', `sha256=${hex(sent)}`]] })
    expect(result.verdict).toBe('invalid')
    expect(result.diagnosis).toMatchObject({
      code: 'signed_decoded_body',
      sentence: 'The signature was computed over the body before it was compressed (Content-Encoding: gzip), not over the compressed bytes that were sent.',
      reproducedContent: { text: sent, encoding: 'utf8' },
    })
    // A tiny body that inflates to megabytes is not decoded for the diagnosis (it runs on the event
    // loop): even signed over its 8 MiB of decoded bytes, that mistake is not looked for.
    const inflated = Buffer.alloc(8 * 1024 * 1024)
    const bomb = gzipSync(gzipSync(inflated))
    expect(bomb.length).toBeLessThan(10_000)
    const bombed = check({ scheme: 'hmac-sha256', options: WORKESTRA, body: bomb, headers: [['Content-Encoding', 'gzip, gzip'], ['X-Workestra-Signature', `sha256=${hex(inflated)}`]] })
    expect(bombed.diagnosis?.code).toBe('no_match')
    // Signed as sent, the same request is valid: the diagnosis never changes a verdict.
    expect(check({ scheme: 'hmac-sha256', options: WORKESTRA, body: gz, headers: [['Content-Encoding', 'gzip'], ['X-Workestra-Signature', `sha256=${hex(gz)}`]] }).verdict).toBe('valid')
  })
})

describe('diagnosis of a re-serialized body', () => {
  it('recognises JSON.stringify(JSON.parse(body)), the bug in the ConnectGain and TaskHub sample handlers', () => {
    const result = check({ scheme: 'hmac-sha256', body: sent, headers: [['X-Webhook-Signature', hex(compact)]] })
    expect(result.verdict).toBe('invalid')
    expect(result.diagnosis).toEqual({
      code: 'reserialized_json',
      sentence:
        'The signature was computed over the JSON body parsed and re-serialized (JSON.stringify(JSON.parse(body))), not over the raw bytes that were sent.',
      fix: `${RAW_FIX}: never hash JSON.stringify(req.body); read the raw bytes (express.raw({ type: 'application/json' }), await req.text(), or the framework's rawBody).`,
      secret: '#1',
      reproducedContent: { text: compact, encoding: 'utf8', bytes: Buffer.byteLength(compact) },
    })
  })

  it("recognises Python's json.dumps() separators and ASCII escapes", () => {
    const body = '{"name":"Zoë","tags":["a","b"]}'
    const dumped = '{"name": "Zo\\u00eb", "tags": ["a", "b"]}'
    const result = check({ scheme: 'hmac-sha256', body, headers: [['X-Webhook-Signature', hex(dumped)]] })
    expect(result.diagnosis?.code).toBe('reserialized_json')
    expect(result.diagnosis?.sentence).toBe(
      'The signature was computed over the JSON body parsed and re-serialized the way Python\'s json.dumps() writes it (", " and ": " separators), not over the raw bytes that were sent.',
    )
    expect(result.diagnosis?.reproducedContent?.text).toBe(dumped)
  })

  it('recognises re-serialization with 2-space indentation', () => {
    const pretty = JSON.stringify(JSON.parse(compact), null, 2)
    const result = check({ scheme: 'stripe', body: compact, headers: [['Stripe-Signature', `t=${NOW_S},v1=${hex(`${NOW_S}.${pretty}`)}`]] })
    expect(result.diagnosis?.code).toBe('reserialized_json_pretty')
    expect(result.diagnosis?.sentence).toBe(
      'The signature was computed over the JSON body re-serialized with 2-space indentation (JSON.stringify(body, null, 2)), not over the raw bytes that were sent.',
    )
  })

  it('names both mistakes of the TaskHub sample handler: re-serialized JSON and a bare digest where sha256= is expected', () => {
    const result = check({ scheme: 'hmac-sha256', options: { prefix: 'sha256=' }, body: sent, headers: [['X-Webhook-Signature', hex(compact)]] })
    expect(result.diagnosis?.code).toBe('reserialized_json')
    expect(result.diagnosis?.also).toEqual(['prefix_missing'])
    expect(result.diagnosis?.sentence).toBe(
      'The signature was computed over the JSON body parsed and re-serialized (JSON.stringify(JSON.parse(body))), not over the raw bytes that were sent. ' +
        'Also, the signature in X-Webhook-Signature is a bare hex digest without the "sha256=" prefix this scheme expects.',
    )
  })
})

describe('diagnosis of newlines and charsets', () => {
  it('recognises a trailing newline added to the signed content', () => {
    const result = check({ scheme: 'github', body: '{"a":1}', headers: [['X-Hub-Signature-256', `sha256=${hex('{"a":1}\n')}`]] })
    expect(result.diagnosis?.code).toBe('trailing_newline_added')
    expect(result.diagnosis?.sentence).toBe('The signature was computed over the body with a trailing newline (\\n) added, but the bytes sent do not end with one.')
  })

  it('recognises a trailing CRLF added to the signed content', () => {
    const result = check({ scheme: 'github', body: '{"a":1}', headers: [['X-Hub-Signature-256', `sha256=${hex('{"a":1}\r\n')}`]] })
    expect(result.diagnosis?.code).toBe('trailing_newline_added')
    expect(result.diagnosis?.sentence).toBe(
      'The signature was computed over the body with a trailing newline (\\r\\n) added, but the bytes sent do not end with one.',
    )
  })

  it('recognises a trailing newline removed before signing', () => {
    const result = check({ scheme: 'shopify', body: '{"a":1}\n', headers: [['X-Shopify-Hmac-Sha256', b64('{"a":1}')]] })
    expect(result.diagnosis?.code).toBe('trailing_newline_removed')
    expect(result.diagnosis?.sentence).toBe('The signature was computed over the body with its trailing newline removed, but the bytes sent end with a newline.')
    expect(result.diagnosis?.fix).toBe(`${RAW_FIX}: don't trim() the body or strip its final newline before hashing.`)
  })

  it('recognises a body trimmed of trailing whitespace before signing', () => {
    const result = check({ scheme: 'shopify', body: '{"a":1}  \n\n', headers: [['X-Shopify-Hmac-Sha256', b64('{"a":1}')]] })
    expect(result.diagnosis?.code).toBe('trailing_newline_removed')
    expect(result.diagnosis?.sentence).toBe(
      'The signature was computed over the body with its trailing whitespace trimmed, but the bytes sent end with whitespace and a newline.',
    )
  })

  it('recognises UTF-8 bytes read as Latin-1 and encoded again', () => {
    const body = Buffer.from('{"name":"Zoë"}', 'utf8')
    const mojibake = Buffer.from(body.toString('latin1'), 'utf8')
    const result = check({ scheme: 'hmac-sha256', body, headers: [['X-Webhook-Signature', hex(mojibake)]] })
    expect(result.diagnosis?.code).toBe('charset_latin1')
    expect(result.diagnosis?.sentence).toBe(
      'The signature was computed over the body after its UTF-8 bytes were read as Latin-1 (ISO-8859-1) and encoded again as UTF-8, so every non-ASCII character was signed as different bytes.',
    )
  })

  it('recognises text encoded as Latin-1 while UTF-8 was sent', () => {
    const body = Buffer.from('{"name":"Zoë"}', 'utf8')
    const result = check({ scheme: 'hmac-sha256', body, headers: [['X-Webhook-Signature', hex(Buffer.from('{"name":"Zoë"}', 'latin1'))]] })
    expect(result.diagnosis?.code).toBe('charset_latin1')
    expect(result.diagnosis?.sentence).toBe(
      "The signature was computed over the body's text encoded as Latin-1 (ISO-8859-1), but the bytes sent are UTF-8, so every non-ASCII character was signed as different bytes.",
    )
  })

  it('recognises a Latin-1 body decoded as UTF-8 before signing', () => {
    const body = Buffer.from('{"name":"Zoë"}', 'latin1')
    const result = check({ scheme: 'hmac-sha256', body, headers: [['X-Webhook-Signature', hex(Buffer.from(body.toString('utf8'), 'utf8'))]] })
    expect(result.diagnosis?.code).toBe('charset_latin1')
    expect(result.diagnosis?.sentence).toBe(
      'The signature was computed over the body decoded as UTF-8 although it is not valid UTF-8 (probably Latin-1), so its non-ASCII bytes were signed as U+FFFD replacement characters.',
    )
    expect(result.diagnosis?.reproducedContent?.encoding).toBe('utf8')
    expect(result.details.signedContentEncoding).toBe('base64')
    expect(result.details.signedContent).toBe(body.toString('base64'))
  })
})

describe('diagnosis of how the signature is written', () => {
  it('recognises base64 sent where hex is expected', () => {
    const result = check({ scheme: 'hmac-sha256', body: '{}', headers: [['X-Webhook-Signature', b64('{}')]] })
    expect(result.diagnosis?.code).toBe('encoding_base64_vs_hex')
    expect(result.diagnosis?.sentence).toBe('The signature in X-Webhook-Signature is base64-encoded, but this scheme expects a hex digest.')
    expect(result.diagnosis?.fix).toBe("Encode the HMAC digest as hex (digest('hex')).")
  })

  it('recognises hex sent where base64 is expected', () => {
    const result = check({ scheme: 'shopify', body: '{}', headers: [['X-Shopify-Hmac-Sha256', hex('{}')]] })
    expect(result.diagnosis?.code).toBe('encoding_base64_vs_hex')
    expect(result.diagnosis?.sentence).toBe('The signature in X-Shopify-Hmac-Sha256 is hex-encoded, but this scheme expects a base64 digest.')
  })

  it('recognises upper-case hex', () => {
    const result = check({ scheme: 'hmac-sha256', body: '{}', headers: [['X-Webhook-Signature', hex('{}').toUpperCase()]] })
    expect(result.diagnosis?.code).toBe('encoding_noncanonical')
    expect(result.diagnosis?.sentence).toBe('The signature in X-Webhook-Signature is upper-case hex, but verifiers compare the lower-case hex digest exactly.')
  })

  it('recognises base64url without padding', () => {
    const content = `m.${NOW_S}.{}`
    const url = mac(content, SW_KEY).toString('base64url')
    const result = check({
      scheme: 'standard-webhooks',
      body: '{}',
      headers: [
        ['webhook-id', 'm'],
        ['webhook-timestamp', String(NOW_S)],
        ['webhook-signature', `v1,${url}`],
      ],
    })
    expect(result.diagnosis?.code).toBe('encoding_noncanonical')
    expect(result.diagnosis?.sentence).toBe(
      'The signature in webhook-signature is base64url or unpadded base64, but verifiers compare standard padded base64 (+ / =) exactly.',
    )
  })

  it('recognises a bare hex digest where Workestra expects sha256=<hex>', () => {
    const result = check({ scheme: 'hmac-sha256', options: WORKESTRA, body: '{}', headers: [['X-Workestra-Signature', hex('{}')]] })
    expect(result.diagnosis?.code).toBe('prefix_missing')
    expect(result.diagnosis?.sentence).toBe('The signature in X-Workestra-Signature is a bare hex digest without the "sha256=" prefix this scheme expects.')
    expect(result.diagnosis?.fix).toBe(
      'Send "sha256=<hex digest>". A verifier must compare the whole value with "sha256=" + its own digest: comparing a bare digest with the prefixed header (or the reverse) always fails, ' +
        'and crypto.timingSafeEqual throws on the two lengths: check the lengths first.',
    )
  })

  it('recognises a bare base64 digest where sha256=<hex> is expected: two mistakes in how it was written', () => {
    const result = check({ scheme: 'hmac-sha256', options: WORKESTRA, body: '{}', headers: [['X-Workestra-Signature', b64('{}')]] })
    expect(result.diagnosis?.code).toBe('encoding_base64_vs_hex')
    expect(result.diagnosis?.also).toEqual(['prefix_missing'])
    expect(result.diagnosis?.sentence).toBe(
      'The signature in X-Workestra-Signature is base64-encoded, but this scheme expects a hex digest. ' +
        'Also, the signature in X-Workestra-Signature is a bare base64 digest without the "sha256=" prefix this scheme expects.',
    )
  })

  it('recognises sha256=<base64> where a bare hex digest is expected', () => {
    const result = check({ scheme: 'hmac-sha256', body: '{}', headers: [['X-Webhook-Signature', `sha256=${b64('{}')}`]] })
    expect([result.diagnosis?.code, ...(result.diagnosis?.also ?? [])]).toEqual(['encoding_base64_vs_hex', 'prefix_unexpected'])
  })

  it('recognises a Stripe signature without its v1= key', () => {
    const result = check({ scheme: 'stripe', body: '{}', headers: [['Stripe-Signature', `t=${NOW_S},${hex(`${NOW_S}.{}`)}`]] })
    expect(result.diagnosis?.code).toBe('prefix_missing')
    expect(result.diagnosis?.sentence).toBe('The signature in Stripe-Signature is a bare hex digest without the "v1=" prefix this scheme expects.')
  })

  it('recognises a doubled prefix', () => {
    const result = check({ scheme: 'hmac-sha256', options: WORKESTRA, body: '{}', headers: [['X-Workestra-Signature', `sha256=sha256=${hex('{}')}`]] })
    expect(result.diagnosis?.code).toBe('prefix_doubled')
    expect(result.diagnosis?.sentence).toBe('The "sha256=" prefix appears twice in X-Workestra-Signature ("sha256=sha256=…").')
  })

  it('recognises a sha256= prefix where the bare digest is expected (the reverse of the Workestra mistake)', () => {
    const result = check({ scheme: 'hmac-sha256', body: '{}', headers: [['X-Webhook-Signature', `sha256=${hex('{}')}`]] })
    expect(result.diagnosis?.code).toBe('prefix_unexpected')
    expect(result.diagnosis?.sentence).toBe('The signature in X-Webhook-Signature carries a "sha256=" prefix, but this scheme expects the bare hex digest.')
  })
})

describe('diagnosis of the key', () => {
  const swHeaders = (sig: string): [string, string][] => [
    ['webhook-id', 'm'],
    ['webhook-timestamp', String(NOW_S)],
    ['webhook-signature', `v1,${sig}`],
  ]
  const swContent = `m.${NOW_S}.{}`

  it('recognises a whsec_ secret used as literal text where Standard Webhooks decodes it', () => {
    const result = check({ scheme: 'standard-webhooks', body: '{}', headers: swHeaders(mac(swContent, SECRET).toString('base64')) })
    expect(result.diagnosis?.code).toBe('whsec_literal')
    expect(result.diagnosis?.sentence).toBe(
      'The HMAC key was the literal text of the secret (the whole "whsec_…" string), but Standard Webhooks uses the base64-decoded bytes after the "whsec_" prefix as the key.',
    )
  })

  it('recognises the base64 part of a whsec_ secret used as literal text', () => {
    const result = check({ scheme: 'standard-webhooks', body: '{}', headers: swHeaders(mac(swContent, SECRET.slice(6)).toString('base64')) })
    expect(result.diagnosis?.code).toBe('whsec_literal')
    expect(result.diagnosis?.sentence).toContain('(the part after "whsec_")')
  })

  it('recognises a WorkFlows whsec_ secret base64-decoded where its literal text is the key', () => {
    const result = check({
      scheme: 'hmac-sha256',
      options: { headerName: 'X-WorkFlows-Signature', prefix: 'sha256=' },
      body: '{}',
      headers: [['X-WorkFlows-Signature', `sha256=${hex('{}', SW_KEY)}`]],
    })
    expect(result.diagnosis?.code).toBe('whsec_decoded')
    expect(result.diagnosis?.sentence).toBe(
      'The HMAC key was the base64-decoded bytes of the "whsec_…" secret, but this scheme uses the secret\'s literal text, "whsec_" included, as the key.',
    )
    expect(result.diagnosis?.fix).toBe("Use the whole secret string as the HMAC key, e.g. createHmac('sha256', secret).")
  })

  it('recognises a secret read from a .env file with its newline still on', () => {
    const result = check({ scheme: 'hmac-sha256', options: WORKESTRA, body: '{}', headers: [['X-Workestra-Signature', `sha256=${hex('{}', `${SECRET}\n`)}`]] })
    expect(result.diagnosis?.code).toBe('secret_whitespace')
    expect(result.diagnosis?.sentence).toBe(
      'The HMAC key was the secret with a trailing line ending (\\n): the sender read it from a file or an environment variable without trimming it.',
    )
    expect(result.diagnosis?.fix).toBe("Trim the secret where the sender reads it (e.g. process.env.WEBHOOK_SECRET.trim()); the key is exactly the secret's characters.")
  })

  it('recognises a secret configured here with whitespace the sender trimmed', () => {
    const result = check({ scheme: 'github', secrets: [{ value: ' pasted-secret\n', label: 'pasted' }], body: '{}', headers: [['X-Hub-Signature-256', `sha256=${hex('{}', 'pasted-secret')}`]] })
    expect(result.diagnosis?.code).toBe('secret_whitespace')
    expect(result.diagnosis?.sentence).toBe(
      'The HMAC key was the secret "pasted" without the whitespace at its ends, but the secret configured here includes it.',
    )
  })

  it('recognises a signature made with a secret that was rotated out', () => {
    const result = check({
      scheme: 'github',
      secrets: [
        { value: 'current-secret', label: 'current' },
        { value: 'previous-secret', label: 'previous', expiresAt: NOW_MS - 2 * 3600_000 },
      ],
      body: '{}',
      headers: [['X-Hub-Signature-256', `sha256=${hex('{}', 'previous-secret')}`]],
    })
    expect(result.diagnosis).toMatchObject({
      code: 'rotated_secret',
      secret: 'previous',
      sentence:
        'The signature was made with the previous secret "previous", which expired 2 h ago (2025-12-31T22:00:00.000Z); it was rotated out and is no longer accepted.',
    })
  })

  it('names a rotated secret together with another mistake', () => {
    const result = check({
      scheme: 'hmac-sha256',
      secrets: [{ value: 'current-secret' }, { value: 'previous-secret', expiresAt: NOW_MS - 60_000 }],
      body: sent,
      headers: [['X-Webhook-Signature', hex(compact, 'previous-secret')]],
    })
    expect(result.diagnosis?.code).toBe('reserialized_json')
    expect(result.diagnosis?.also).toEqual(['rotated_secret'])
    expect(result.diagnosis?.secret).toBe('#2')
    expect(result.diagnosis?.sentence).toContain('Also, the signature was made with the previous secret #2, which expired 1 min ago')
  })
})

describe('diagnosis of the algorithm', () => {
  it('recognises HMAC-SHA1 where SHA-256 is expected', () => {
    const result = check({ scheme: 'hmac-sha256', body: '{}', headers: [['X-Webhook-Signature', hex('{}', SECRET, 'sha1')]] })
    expect(result.diagnosis?.code).toBe('algorithm_sha1')
    expect(result.diagnosis?.sentence).toBe('The signature is an HMAC-SHA-1 digest, but this scheme uses HMAC-SHA-256.')
    expect(result.diagnosis?.fix).toBe("Compute the HMAC with sha256, e.g. createHmac('sha256', secret).")
  })

  it("recognises GitHub's legacy sha1= value sent in X-Hub-Signature-256", () => {
    const result = check({ scheme: 'github', body: '{}', headers: [['X-Hub-Signature-256', `sha1=${hex('{}', SECRET, 'sha1')}`]] })
    expect(result.diagnosis?.code).toBe('algorithm_sha1')
    expect(result.diagnosis?.also).toBeUndefined()
  })

  it('recognises HMAC-SHA512 where SHA-256 is expected', () => {
    const result = check({ scheme: 'shopify', body: '{}', headers: [['X-Shopify-Hmac-Sha256', mac('{}', SECRET, 'sha512').toString('base64')]] })
    expect(result.diagnosis?.code).toBe('algorithm_sha512')
    expect(result.diagnosis?.sentence).toBe('The signature is an HMAC-SHA-512 digest, but this scheme uses HMAC-SHA-256.')
  })

  it('recognises HMAC-SHA256 where a custom scheme expects SHA-512', () => {
    const result = check({ scheme: 'custom', options: { algorithm: 'sha512' }, body: '{}', headers: [['X-Webhook-Signature', hex('{}')]] })
    expect(result.diagnosis?.code).toBe('algorithm_sha256')
    expect(result.diagnosis?.sentence).toBe('The signature is an HMAC-SHA-256 digest, but this scheme uses HMAC-SHA-512.')
  })
})

describe('diagnosis of the timestamp and the signed-content layout', () => {
  const sw = (id: string, ts: string, sig: Buffer): [string, string][] => [
    ['webhook-id', id],
    ['webhook-timestamp', ts],
    ['webhook-signature', `v1,${sig.toString('base64')}`],
  ]

  it('says a timestamp sent in milliseconds is the reason it looks stale', () => {
    const ms = String(NOW_MS - 2000)
    const result = check({ scheme: 'standard-webhooks', body: '{}', headers: sw('m', ms, mac(`m.${ms}.{}`, SW_KEY)) })
    expect(result.verdict).toBe('stale_timestamp')
    expect(result.reason).toBe(
      'The signature matches secret #1, but the timestamp (webhook-timestamp 1767225598000) is far in the future, beyond the 5 min tolerance: it looks like milliseconds where this scheme expects unix seconds.',
    )
    expect(result.diagnosis).toEqual({
      code: 'timestamp_ms',
      sentence:
        'The timestamp (webhook-timestamp 1767225598000) is in milliseconds, but this scheme expects unix seconds; read as milliseconds it would be 2 s old.',
      fix: 'Send whole seconds, e.g. Math.floor(Date.now() / 1000), and sign that same value.',
    })
  })

  it('recognises a timestamp header in milliseconds over a signature of seconds', () => {
    const result = check({ scheme: 'standard-webhooks', body: '{}', headers: sw('m', String(NOW_MS), mac(`m.${NOW_S}.{}`, SW_KEY)) })
    expect(result.verdict).toBe('invalid')
    expect(result.diagnosis?.code).toBe('timestamp_ms')
    expect(result.diagnosis?.sentence).toBe(
      'The timestamp (webhook-timestamp 1767225600000) is in milliseconds, but this scheme expects unix seconds (the signature itself covers 1767225600, in seconds).',
    )
  })

  it('recognises a signature over the timestamp in milliseconds while the header carries it in seconds', () => {
    const result = check({ scheme: 'standard-webhooks', body: '{}', headers: sw('m', String(NOW_S), mac(`m.${NOW_MS}.{}`, SW_KEY)) })
    expect(result.diagnosis?.code).toBe('timestamp_ms')
    expect(result.diagnosis?.sentence).toBe(
      'The signature was computed over a timestamp in milliseconds (1767225600000), but the timestamp sent (webhook-timestamp 1767225600) is in seconds, and the scheme signs the value that is sent.',
    )
  })

  it('says a timestamp sent in seconds is the reason it looks stale where milliseconds are expected', () => {
    const options: SigningOptions = { template: '{timestamp}.{body}', timestampFormat: 'unix-ms' }
    const result = check({
      scheme: 'custom',
      options,
      body: '{}',
      headers: [
        ['X-Webhook-Timestamp', String(NOW_S)],
        ['X-Webhook-Signature', hex(`${NOW_S}.{}`)],
      ],
    })
    expect(result.verdict).toBe('stale_timestamp')
    expect(result.diagnosis?.code).toBe('timestamp_seconds')
    expect(result.diagnosis?.sentence).toBe('The timestamp (X-Webhook-Timestamp 1767225600) is in seconds, but this scheme expects unix milliseconds.')
  })

  it('recognises a timestamp signed a second apart from the one sent (the clock read twice)', () => {
    const result = check({ scheme: 'standard-webhooks', body: '{}', headers: sw('m', String(NOW_S), mac(`m.${NOW_S - 1}.{}`, SW_KEY)) })
    expect(result.verdict).toBe('invalid')
    expect(result.diagnosis?.code).toBe('timestamp_mismatch')
    expect(result.diagnosis?.sentence).toBe(
      'The signature covers the timestamp 1767225599, 1 s before the one sent (webhook-timestamp 1767225600): the sender read the clock twice, once to sign and once for the header.',
    )
    expect(result.diagnosis?.fix).toBe('Read the time once and use that same value in the header and in the signed content.')
  })

  it('recognises a millisecond timestamp signed a few ms after the one sent', () => {
    const result = check({
      scheme: 'custom',
      options: { template: '{timestamp}.{body}', timestampFormat: 'unix-ms' },
      body: '{}',
      headers: [
        ['X-Webhook-Timestamp', String(NOW_MS)],
        ['X-Webhook-Signature', hex(`${NOW_MS + 3}.{}`)],
      ],
    })
    expect(result.diagnosis?.code).toBe('timestamp_mismatch')
    expect(result.diagnosis?.sentence).toMatch(/^The signature covers the timestamp 1767225600003, 3 ms after the one sent \(X-Webhook-Timestamp 1767225600000\)/)
  })

  it('recognises Standard Webhooks content signed without the id', () => {
    const result = check({ scheme: 'standard-webhooks', body: '{}', headers: sw('m', String(NOW_S), mac(`${NOW_S}.{}`, SW_KEY)) })
    expect(result.diagnosis?.code).toBe('content_without_id')
    expect(result.diagnosis?.sentence).toBe(
      'The signed content left out the message id: the signature covers "{timestamp}.{body}" instead of "{id}.{timestamp}.{body}".',
    )
    expect(result.diagnosis?.fix).toBe(
      'Build the signed content as "{id}.{timestamp}.{body}", with {id} from webhook-id and {timestamp} from webhook-timestamp (unix seconds).',
    )
  })

  it('recognises Standard Webhooks content signed without the timestamp', () => {
    const result = check({ scheme: 'standard-webhooks', body: '{}', headers: sw('m', String(NOW_S), mac('m.{}', SW_KEY)) })
    expect(result.diagnosis?.code).toBe('content_without_timestamp')
    expect(result.diagnosis?.sentence).toBe(
      'The signed content left out the timestamp: the signature covers "{id}.{body}" instead of "{id}.{timestamp}.{body}".',
    )
  })

  it('recognises Standard Webhooks content that is the body alone', () => {
    const result = check({ scheme: 'standard-webhooks', body: '{}', headers: sw('m', String(NOW_S), mac('{}', SW_KEY)) })
    expect(result.diagnosis?.code).toBe('content_body_only')
    expect(result.diagnosis?.sentence).toBe(
      'The signed content left out the message id and the timestamp: the signature covers "{body}" instead of "{id}.{timestamp}.{body}".',
    )
  })

  it('recognises a Stripe signature over the body without {t}.', () => {
    const result = check({ scheme: 'stripe', body: '{}', headers: [['Stripe-Signature', `t=${NOW_S},v1=${hex('{}')}`]] })
    expect(result.diagnosis?.code).toBe('content_without_timestamp')
    expect(result.diagnosis?.sentence).toBe('The signed content left out the timestamp: the signature covers "{body}" instead of "{timestamp}.{body}".')
    expect(result.diagnosis?.fix).toBe('Build the signed content as "{timestamp}.{body}", with {timestamp} from t= in Stripe-Signature (unix seconds).')
  })

  it('recognises a Slack signature over v0:{body}', () => {
    const result = check({
      scheme: 'slack',
      secrets: [{ value: 'slack-secret' }],
      body: 'a=1',
      headers: [
        ['X-Slack-Request-Timestamp', String(NOW_S)],
        ['X-Slack-Signature', `v0=${hex('v0:a=1', 'slack-secret')}`],
      ],
    })
    expect(result.diagnosis?.code).toBe('content_without_timestamp')
    expect(result.diagnosis?.sentence).toBe(
      'The signed content left out the timestamp: the signature covers "v0:{body}" instead of "v0:{timestamp}:{body}".',
    )
  })
})

describe('diagnosis of a signature cut short', () => {
  const TASKHUB: SigningOptions = { headerName: 'X-Webhook-Signature', prefix: 'sha256=' }
  const CUT = "It was cut short on the way or by the sender (a length limit on a header, a database column or a log line, or a slice of the digest in the sender's code)."

  it('says a hex digest is shorter than HMAC-SHA256 and, being the beginning of the expected value, that the secret and body are right', () => {
    const result = check({ scheme: 'hmac-sha256', options: TASKHUB, body: sent, headers: [['X-Webhook-Signature', `sha256=${hex(sent).slice(0, 20)}`]] })
    expect(result.verdict).toBe('invalid')
    expect(result.diagnosis).toEqual({
      code: 'truncated',
      sentence:
        `The signature in X-Webhook-Signature is 20 hex characters after "sha256="; HMAC-SHA256 in hex is 64. ${CUT} ` +
        'What arrived is the beginning of the expected value, so the secret and the signed bytes are right: only the end is missing.',
      fix:
        'Send the whole digest ("sha256=" followed by 64 hex characters); look for what cuts it: ' +
        'a length limit where the signature is built, stored, logged or proxied, or a slice()/substring() of the digest.',
      secret: '#1',
    })
  })

  it('says a very short digest was cut short without claiming the secret is right (GitHub sha256=00)', () => {
    const result = check({ scheme: 'github', body: '{}', headers: [['X-Hub-Signature-256', 'sha256=00']] })
    expect(result.diagnosis).toEqual({
      code: 'truncated',
      sentence: `The signature in X-Hub-Signature-256 is 2 hex characters after "sha256="; HMAC-SHA256 in hex is 64. ${CUT} It is too short to tell whether the secret and the signed bytes are right.`,
      fix: expect.stringMatching(/^Send the whole digest \("sha256=" followed by 64 hex characters\)/),
    })
  })

  it('says when what arrived is the end of the expected value', () => {
    const result = check({ scheme: 'hmac-sha256', body: '{}', headers: [['X-Webhook-Signature', hex('{}').slice(-16)]] })
    expect(result.diagnosis?.code).toBe('truncated')
    expect(result.diagnosis?.sentence).toBe(
      `The signature in X-Webhook-Signature is 16 hex characters; HMAC-SHA256 in hex is 64. ${CUT} ` +
        'What arrived is the end of the expected value, so the secret and the signed bytes are right: only the beginning is missing.',
    )
    expect(result.diagnosis?.fix).toMatch(/^Send the whole digest \(64 hex characters\)/)
  })

  it('says a short digest that is no part of the expected value differs in the secret or the bytes too, naming a lookalike length', () => {
    const result = check({ scheme: 'github', body: '{}', headers: [['X-Hub-Signature-256', `sha256=${hex('{}', 'another secret', 'sha1')}`]] })
    expect(result.diagnosis?.code).toBe('truncated')
    expect(result.diagnosis?.secret).toBeUndefined()
    expect(result.diagnosis?.sentence).toBe(
      `The signature in X-Hub-Signature-256 is 40 hex characters after "sha256="; HMAC-SHA256 in hex is 64. ${CUT} ` +
        'It is neither the beginning nor the end of the expected value, so the secret or the signed bytes differ as well (40 is also the length of an HMAC-SHA1 digest, which no secret here reproduces either).',
    )
  })

  it('handles base64 schemes: a digest of the right alphabet but too few characters, padded or not', () => {
    const shopify = check({ scheme: 'shopify', body: '{}', headers: [['X-Shopify-Hmac-Sha256', b64('{}').slice(0, 20)]] })
    expect(shopify.diagnosis?.code).toBe('truncated')
    expect(shopify.diagnosis?.sentence).toMatch(/^The signature in X-Shopify-Hmac-Sha256 is 20 base64 characters; HMAC-SHA256 in base64 is 44\. /)
    expect(shopify.diagnosis?.sentence).toContain('What arrived is the beginning of the expected value')

    const content = `m.${NOW_S}.{}`
    const sw = (sig: string): [string, string][] => [
      ['webhook-id', 'm'],
      ['webhook-timestamp', String(NOW_S)],
      ['webhook-signature', sig],
    ]
    const url = check({ scheme: 'standard-webhooks', body: '{}', headers: sw(`v1,${mac(content, SW_KEY).toString('base64url').slice(0, 30)}`) })
    expect(url.diagnosis?.code).toBe('truncated')
    expect(url.diagnosis?.sentence).toContain('is 30 base64 characters after "v1,"; HMAC-SHA256 in base64 is 44.')
    expect(url.diagnosis?.sentence).toContain('What arrived is the beginning of the expected value')
    const padded = check({ scheme: 'standard-webhooks', body: '{}', headers: sw('v1,QUJDREVGR0hJSktMTU5PUA==') })
    expect(padded.diagnosis?.code).toBe('truncated')
    expect(padded.diagnosis?.sentence).toContain('is 24 base64 characters after "v1,"; HMAC-SHA256 in base64 is 44.')
    expect(padded.diagnosis?.sentence).toContain('It is neither the beginning nor the end of the expected value')
    // Full length but wrong, or longer: not cut short.
    expect(check({ scheme: 'standard-webhooks', body: '{}', headers: sw(`v1,${'A'.repeat(43)}`) }).diagnosis?.code).toBe('no_match')
    expect(check({ scheme: 'github', body: '{}', headers: [['X-Hub-Signature-256', `sha256=${'a'.repeat(70)}`]] }).diagnosis?.code).toBe('no_match')
  })

  it('names a previous secret when the cut digest is the beginning of what that secret gives', () => {
    const result = check({
      scheme: 'github',
      secrets: [{ value: 'current-secret', label: 'current' }, { value: 'previous-secret', label: 'previous', expiresAt: NOW_MS - 3600_000 }],
      body: '{}',
      headers: [['X-Hub-Signature-256', `sha256=${hex('{}', 'previous-secret').slice(0, 32)}`]],
    })
    expect(result.diagnosis).toMatchObject({ code: 'truncated', also: ['rotated_secret'], secret: 'previous' })
    expect(result.diagnosis?.sentence).toContain('Also, the signature was made with the previous secret "previous", which expired 1 h ago')
  })
})

describe('when nothing reproduces the signature', () => {
  it('says so and shows the expected signature, the received one and the signed bytes', () => {
    const received = `sha256=${hex('{}', 'some other secret')}`
    const expected = `sha256=${hex('{}')}`
    const result = check({ scheme: 'github', body: '{}', headers: [['X-Hub-Signature-256', received]] })
    expect(result.verdict).toBe('invalid')
    expect(result.diagnosis).toEqual({
      code: 'no_match',
      sentence:
        'No known mistake reproduces the received signature (re-serialized JSON, a trailing newline, another charset, hex vs base64, ' +
        "the prefix, the secret's format, a previous secret, another algorithm, a timestamp in milliseconds, a different signed-content layout, a signature cut short), " +
        'so the secret probably differs or the body changed on the way. ' +
        `Expected ${expected}; received ${received}. The signed bytes are the 2 bytes of "{body}": "{}".`,
      fix: 'Check that sender and receiver hold the same secret, and that the sender signs exactly these bytes ("{body}") and sends them unchanged.',
      expected: [expected],
      received: [received],
      signedContent: { text: '{}', encoding: 'utf8', bytes: 2 },
    })
  })

  it('says every secret has expired when none is live', () => {
    const result = check({
      scheme: 'hmac-sha256',
      secrets: [{ value: 'gone', expiresAt: NOW_MS - 1 }],
      body: '{}',
      headers: [['X-Webhook-Signature', hex('{}', 'unrelated')]],
    })
    expect(result.reason).toBe('The signature in X-Webhook-Signature does not match any live secret: every configured secret has expired.')
    expect(result.diagnosis?.sentence).toContain('Expected nothing (every secret has expired)')
    produced.add('no_match')
  })
})

describe('a signature header sent on several lines', () => {
  it('keeps the verdict valid but warns that handlers see the lines joined with ", "', () => {
    const right = `sha256=${hex(compact)}`
    const result = check({ scheme: 'hmac-sha256', options: WORKESTRA, body: compact, headers: [['X-Workestra-Signature', right], ['x-workestra-signature', 'sha256=abc']] })
    expect(result.verdict).toBe('valid')
    expect(result.diagnosis).toEqual({
      code: 'header_repeated',
      sentence:
        'The X-Workestra-Signature header arrived 2 times. Hookbench checked each line on its own, but Node (Express, Fastify, Next.js) and many other servers ' +
        `join a repeated header into one value with ", ", so a handler that reads X-Workestra-Signature sees "${right.slice(0, 28)}…${right.slice(-11)}, sha256=abc", ` +
        'which is not one signature, and rejects the request.',
      fix: 'Send X-Workestra-Signature once, with one signature ("sha256=<hex digest>").',
    })
    expect(diagnoseSignature({ scheme: 'hmac-sha256', options: WORKESTRA, secrets: [{ value: SECRET }], body: Buffer.from(compact), headers: [['X-Workestra-Signature', right], ['X-Workestra-Signature', right]], now: NOW_MS })?.code).toBe('header_repeated')
  })

  it('says nothing of several signatures in one line (Stripe during a secret roll), only of a repeated line', () => {
    const t = String(NOW_S)
    const v1 = `v1=${hex(`${t}.${compact}`)}`
    const oneLine = check({ scheme: 'stripe', body: compact, headers: [['Stripe-Signature', `t=${t},${v1},v1=${hex('x')}`]] })
    expect(oneLine).toMatchObject({ verdict: 'valid' })
    expect(oneLine.diagnosis).toBeUndefined()
    const twoLines = check({ scheme: 'stripe', body: compact, headers: [['Stripe-Signature', `t=${t},${v1}`], ['Stripe-Signature', `t=${t},v1=${hex('x')}`]] })
    expect(twoLines.verdict).toBe('valid')
    expect(twoLines.diagnosis?.code).toBe('header_repeated')
    expect(twoLines.diagnosis?.fix).toBe('Send one Stripe-Signature line that holds every signature ("t=<t>,v1=<sig 1>,v1=<sig 2>"), as the scheme defines.')
  })

  it('leaves the explanation of a mismatch in place when no line matches', () => {
    const result = check({ scheme: 'hmac-sha256', options: WORKESTRA, body: sent, headers: [['X-Workestra-Signature', `sha256=${hex(compact)}`], ['X-Workestra-Signature', `sha256=${hex('x', 'other')}`]] })
    expect(result.verdict).toBe('invalid')
    expect(result.diagnosis?.code).toBe('reserialized_json')
  })
})

describe('diagnoseSignature', () => {
  const signed = signRequest({ scheme: 'hmac-sha256', secrets: [SECRET], body: Buffer.from(compact) })
  const input = { scheme: 'hmac-sha256' as const, secrets: [{ value: SECRET }], now: NOW_MS }

  it('returns the same diagnosis as verifySignature for a mismatch', () => {
    const args = { ...input, body: Buffer.from(sent), headers: signed.headers }
    expect(diagnoseSignature(args)).toEqual(verifySignature(args).diagnosis)
  })

  it('returns null when the signature matches or when there is none', () => {
    expect(diagnoseSignature({ ...input, body: Buffer.from(compact), headers: signed.headers })).toBeNull()
    expect(diagnoseSignature({ ...input, body: Buffer.from(compact), headers: [] })).toBeNull()
  })
})

it('has a test above for every diagnosis code', () => {
  expect([...produced].sort()).toEqual([...DIAGNOSIS_CODES].sort())
})
