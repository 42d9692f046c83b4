import {
  type HashAlgorithm,
  type SignatureEncoding,
  type SigningOptions,
  type SecretFormat,
  type TimestampFormat,
} from '../../../src-shared/signing-schemes'
import { firstHeader, type HeaderList } from './bytes'
import {
  checkHeaderName,
  checkOneOf,
  checkPrefix,
  checkTolerance,
  malformed,
  readSingleHeader,
  type ReadResult,
  type Recipe,
} from './recipe'
import { parseTemplate, type Template } from './template'
import { describeFormat, parseTimestamp } from './timestamps'

/**
 * The one-header family: a digest of the raw body (or, for `custom`, of a template) in one
 * header, with an optional prefix. The secret's literal UTF-8 bytes are the key, even for a
 * `whsec_` secret: that is what Workestra, WorkFlows, TaskHub, ConnectGain, GitHub and Shopify do.
 */
interface OneHeader {
  scheme: Recipe['scheme']
  header: string
  prefix: string
  algorithm: HashAlgorithm
  encoding: SignatureEncoding
  secretFormat: SecretFormat
  template: Template
}

function oneHeaderRecipe({ header, ...spec }: OneHeader): Recipe {
  return {
    ...spec,
    signatureHeader: header,
    multiSignature: false,
    writeHeaders: (tokens) => [[header, tokens[0] ?? '']],
    readHeaders: (headers) => readSingleHeader(headers, header, spec.prefix, spec.encoding),
  }
}

const BODY = parseTemplate('{body}')

/** `hmac-sha256`: hex HMAC-SHA256 of the raw body in one header (default `X-Webhook-Signature`, no prefix). */
export function hmacSha256Recipe(options: SigningOptions): Recipe {
  return oneHeaderRecipe({
    scheme: 'hmac-sha256',
    header: options.headerName === undefined ? 'X-Webhook-Signature' : checkHeaderName(options.headerName, '/options/headerName'),
    prefix: options.prefix === undefined ? '' : checkPrefix(options.prefix),
    algorithm: 'sha256',
    encoding: 'hex',
    secretFormat: 'literal',
    template: BODY,
  })
}

/** Shopify: `X-Shopify-Hmac-Sha256: <base64>`, HMAC-SHA256 of the raw body. */
export function shopifyRecipe(): Recipe {
  return oneHeaderRecipe({
    scheme: 'shopify',
    header: 'X-Shopify-Hmac-Sha256',
    prefix: '',
    algorithm: 'sha256',
    encoding: 'base64',
    secretFormat: 'literal',
    template: BODY,
  })
}

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex>` of the raw body, plus the legacy
 * `X-Hub-Signature: sha1=<hex>` that GitHub still sends; a request carrying only the
 * legacy header is checked against it.
 */
export function githubRecipe(): Recipe {
  const base = oneHeaderRecipe({
    scheme: 'github',
    header: 'X-Hub-Signature-256',
    prefix: 'sha256=',
    algorithm: 'sha256',
    encoding: 'hex',
    secretFormat: 'literal',
    template: BODY,
  })
  const legacy = oneHeaderRecipe({
    scheme: 'github',
    header: 'X-Hub-Signature',
    prefix: 'sha1=',
    algorithm: 'sha1',
    encoding: 'hex',
    secretFormat: 'literal',
    template: BODY,
  })
  return {
    ...base,
    legacy: { header: 'X-Hub-Signature', algorithm: 'sha1', prefix: 'sha1=' },
    readHeaders(headers: HeaderList): ReadResult {
      const read = readSingleHeader(headers, 'X-Hub-Signature-256', 'sha256=', 'hex')
      if (read.ok || read.verdict !== 'missing_signature') return read
      const old = readSingleHeader(headers, 'X-Hub-Signature', 'sha1=', 'hex')
      if (old.ok) return { ...old, recipe: legacy }
      if (old.verdict === 'malformed_header') return old
      return { ...read, reason: 'The request has neither X-Hub-Signature-256 nor the legacy X-Hub-Signature header, so it carries no signature.' }
    },
  }
}

const ALGORITHMS: readonly HashAlgorithm[] = ['sha1', 'sha256', 'sha512']
const ENCODINGS: readonly SignatureEncoding[] = ['hex', 'base64']
const FORMATS: readonly TimestampFormat[] = ['unix', 'unix-ms', 'iso']
const SECRET_FORMATS: readonly SecretFormat[] = ['literal', 'whsec']

/** Defaults of the `custom` scheme. */
export const CUSTOM_DEFAULTS = {
  headerName: 'X-Webhook-Signature',
  prefix: '',
  algorithm: 'sha256',
  encoding: 'hex',
  template: '{body}',
  timestampHeader: 'X-Webhook-Timestamp',
  timestampFormat: 'unix',
  idHeader: 'X-Webhook-ID',
  secretFormat: 'literal',
} as const

/**
 * `custom`: header, prefix, algorithm, encoding and a template over `{id}`, `{timestamp}`,
 * `{body}`. The id and timestamp travel in their own headers, sent only when the template signs them.
 */
export function customRecipe(options: SigningOptions): Recipe {
  const header = options.headerName === undefined ? CUSTOM_DEFAULTS.headerName : checkHeaderName(options.headerName, '/options/headerName')
  const prefix = options.prefix === undefined ? CUSTOM_DEFAULTS.prefix : checkPrefix(options.prefix)
  const template = parseTemplate(options.template ?? CUSTOM_DEFAULTS.template)
  const format = checkOneOf(options.timestampFormat, FORMATS, CUSTOM_DEFAULTS.timestampFormat, '/options/timestampFormat', 'timestamp format')
  const tsHeader =
    options.timestampHeader === undefined ? CUSTOM_DEFAULTS.timestampHeader : checkHeaderName(options.timestampHeader, '/options/timestampHeader')
  const idHeader = options.idHeader === undefined ? CUSTOM_DEFAULTS.idHeader : checkHeaderName(options.idHeader, '/options/idHeader')
  const tolerance = checkTolerance(options.toleranceSec)
  const base = oneHeaderRecipe({
    scheme: 'custom',
    header,
    prefix,
    algorithm: checkOneOf(options.algorithm, ALGORITHMS, CUSTOM_DEFAULTS.algorithm, '/options/algorithm', 'hash algorithm'),
    encoding: checkOneOf(options.encoding, ENCODINGS, CUSTOM_DEFAULTS.encoding, '/options/encoding', 'signature encoding'),
    secretFormat: checkOneOf(options.secretFormat, SECRET_FORMATS, CUSTOM_DEFAULTS.secretFormat, '/options/secretFormat', 'secret format'),
    template,
  })
  return {
    ...base,
    ...(template.usesTimestamp ? { timestamp: { header: tsHeader, format, toleranceSec: tolerance } } : {}),
    ...(template.usesId ? { idHeader } : {}),
    writeHeaders(tokens, values) {
      const out: [string, string][] = []
      if (template.usesId) out.push([idHeader, values.id ?? ''])
      if (template.usesTimestamp) out.push([tsHeader, values.timestamp ?? ''])
      out.push([header, tokens[0] ?? ''])
      return out
    },
    readHeaders(headers) {
      const read = readSingleHeader(headers, header, prefix, base.encoding)
      if (!read.ok) return read
      const result = { ...read }
      if (template.usesId) {
        const id = firstHeader(headers, idHeader)
        if (!id) return malformed(`${header} is present but ${idHeader} is missing; the id is part of the signed content (${template.source}).`, read.tokens)
        result.id = id
      }
      if (template.usesTimestamp) {
        const text = firstHeader(headers, tsHeader)
        if (!text) {
          return malformed(`${header} is present but ${tsHeader} is missing; the timestamp is part of the signed content (${template.source}).`, read.tokens)
        }
        if (parseTimestamp(text, format) === null) {
          return malformed(`${tsHeader} is "${text}", which is not ${describeFormat(format)}.`, read.tokens)
        }
        result.timestampText = text
      }
      return result
    },
  }
}
