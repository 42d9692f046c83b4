import vectors from '../../../fixtures/signing/vectors.json'
import type { SigningOptions, SigningSchemeId, SigningSecret, VerificationResult } from '../../../../src-shared/signing-schemes'
import { signRequest, verifySignature, type HeaderList } from '../../../../src-main/engine/signing'

export { vectors }

/** 2026-01-01T00:00:00Z: the instant most tests verify at. */
export const NOW_MS = Date.UTC(2026, 0, 1)
export const NOW_S = NOW_MS / 1000

export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
export const OTHER_SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD'

export interface SchemeCase {
  name: string
  scheme: SigningSchemeId
  options?: SigningOptions
  signsTimestamp: boolean
  multiSignature: boolean
}

/** One case per scheme (two for the configurable ones), shared by the table-driven tests. */
export const SCHEME_CASES: SchemeCase[] = [
  { name: 'hmac-sha256 (defaults)', scheme: 'hmac-sha256', signsTimestamp: false, multiSignature: false },
  {
    name: 'hmac-sha256 as Workestra (X-Workestra-Signature, sha256=)',
    scheme: 'hmac-sha256',
    options: { headerName: 'X-Workestra-Signature', prefix: 'sha256=' },
    signsTimestamp: false,
    multiSignature: false,
  },
  { name: 'standard-webhooks', scheme: 'standard-webhooks', signsTimestamp: true, multiSignature: true },
  { name: 'stripe', scheme: 'stripe', signsTimestamp: true, multiSignature: true },
  { name: 'github', scheme: 'github', signsTimestamp: false, multiSignature: false },
  { name: 'slack', scheme: 'slack', signsTimestamp: true, multiSignature: false },
  { name: 'shopify', scheme: 'shopify', signsTimestamp: false, multiSignature: false },
  {
    name: 'custom (sha512, base64, {id}:{timestamp}:{body}, ISO timestamp, v1= prefix)',
    scheme: 'custom',
    options: {
      headerName: 'X-Acme-Signature',
      prefix: 'v1=',
      algorithm: 'sha512',
      encoding: 'base64',
      template: '{id}:{timestamp}:{body}',
      timestampHeader: 'X-Acme-Timestamp',
      timestampFormat: 'iso',
      idHeader: 'X-Acme-Id',
    },
    signsTimestamp: true,
    multiSignature: false,
  },
  { name: 'custom (defaults: hex SHA-256 of the body)', scheme: 'custom', signsTimestamp: false, multiSignature: false },
]

export function sign(c: SchemeCase, body: Buffer | string, secrets: string[] = [SECRET], timestamp = NOW_S, id = 'msg_1') {
  return signRequest({
    scheme: c.scheme,
    options: c.options,
    secrets,
    body: typeof body === 'string' ? Buffer.from(body) : body,
    id,
    timestamp,
  })
}

export function verify(
  c: SchemeCase,
  body: Buffer | string,
  headers: HeaderList,
  secrets: (string | SigningSecret)[] = [SECRET],
  now = NOW_MS,
): VerificationResult {
  return verifySignature({
    scheme: c.scheme,
    options: c.options,
    secrets: secrets.map((s) => (typeof s === 'string' ? { value: s } : s)),
    body: typeof body === 'string' ? Buffer.from(body) : body,
    headers,
    now,
  })
}

/** The value of the first header with this name (any case). */
export function header(headers: HeaderList, name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1]
}

/** Headers with one header's value replaced. */
export function replaceHeader(headers: HeaderList, name: string, value: string): [string, string][] {
  return headers.map(([n, v]) => [n, n.toLowerCase() === name.toLowerCase() ? value : v])
}

export function withoutHeader(headers: HeaderList, name: string): [string, string][] {
  return headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase()).map(([n, v]) => [n, v])
}
