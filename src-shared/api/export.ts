/**
 * Streaming exports and imports.
 * - `GET /api/export/requests?format=ndjson|json|csv|har&inboxId=…&<request list filters>`
 * - `GET /api/export/deliveries?format=…&<delivery list filters>`
 * - `POST /api/inboxes/:id/import` (body: a HAR 1.2 file or a Hookbench NDJSON or JSON export, as is) → ImportResult
 * Exports stream oldest first; secrets are never included (signature headers are: they are
 * what was sent). With `redact=true` the values of credential headers (CREDENTIAL_HEADERS:
 * Authorization, Cookie, API keys…), of credential query parameters (CREDENTIAL_QUERY_PARAMS:
 * api_key, token…) and URL passwords read REDACTED, in requests and responses alike, so a log can
 * be shared; without it everything is exported as it was sent.
 */
import { Type, type Static } from 'typebox'

export const EXPORT_FORMATS = ['ndjson', 'json', 'csv', 'har'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export const ExportFormatSchema = Type.Unsafe<ExportFormat>({ type: 'string', enum: [...EXPORT_FORMATS], default: 'ndjson' })

/**
 * Headers that carry credentials rather than facts about a webhook: a shared export hides their
 * values (Chrome's "sanitized" HAR hides Authorization and the cookies the same way).
 */
export const CREDENTIAL_HEADERS: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key', 'x-auth-token']
export const REDACTED = '[redacted]'
export const isCredentialHeader = (name: string) => CREDENTIAL_HEADERS.includes(name.toLowerCase())

/**
 * Query parameters that carry credentials: many senders and receivers put an API key or token in
 * the URL when they cannot set a header (`?api_key=`, Azure Functions' `?code=`, presigned URLs'
 * `sig`/`signature`, Meta's `hub.verify_token`). Matched by name only, because a value cannot be
 * told from an id; case, `-` and `_` are ignored (`api_key`, `apiKey`, `API-KEY` are one name).
 * A signature here counts, unlike a signature header: in a URL it usually authorises the URL itself.
 */
export const CREDENTIAL_QUERY_PARAMS: readonly string[] = [
  'api_key', 'key', 'token', 'access_token', 'refresh_token', 'id_token', 'auth_token', 'private_token', 'jwt',
  'auth', 'authorization', 'password', 'passwd', 'pwd', 'secret', 'client_secret', 'api_secret',
  'signature', 'sig', 'x-amz-signature', 'x-amz-security-token', 'code', 'hub.verify_token',
]
const paramKey = (name: string) => name.toLowerCase().replace(/[-_]/g, '')
const CREDENTIAL_PARAM_KEYS = new Set(CREDENTIAL_QUERY_PARAMS.map(paramKey))
export const isCredentialQueryParam = (name: string) => CREDENTIAL_PARAM_KEYS.has(paramKey(name))

export const ImportResultSchema = Type.Object({
  inboxId: Type.String(),
  format: Type.Union([Type.Literal('har'), Type.Literal('ndjson'), Type.Literal('json')]),
  imported: Type.Integer(),
  /** Ids of the new captured requests, oldest first. */
  ids: Type.Array(Type.String()),
})
export type ImportResult = Static<typeof ImportResultSchema>
