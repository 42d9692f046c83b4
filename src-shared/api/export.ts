/**
 * Streaming exports and imports.
 * - `GET /api/export/requests?format=ndjson|json|csv|har&inboxId=…&<request list filters>`
 * - `GET /api/export/deliveries?format=…&<delivery list filters>`
 * - `POST /api/inboxes/:id/import` (body: a HAR 1.2 file or a Hookbench NDJSON or JSON export, as is) → ImportResult
 * Exports stream oldest first; secrets are never included (signature headers are: they are
 * what was sent). With `redact=true` the values of credential headers (CREDENTIAL_HEADERS:
 * Authorization, Cookie, API keys…) read REDACTED, in requests and responses alike, so a log can
 * be shared; without it every header is exported as it was sent.
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

export const ImportResultSchema = Type.Object({
  inboxId: Type.String(),
  format: Type.Union([Type.Literal('har'), Type.Literal('ndjson'), Type.Literal('json')]),
  imported: Type.Integer(),
  /** Ids of the new captured requests, oldest first. */
  ids: Type.Array(Type.String()),
})
export type ImportResult = Static<typeof ImportResultSchema>
