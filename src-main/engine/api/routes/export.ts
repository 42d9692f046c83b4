import type { Readable } from 'node:stream'
import { Type } from 'typebox'
import { DeliveryListQuerySchema } from '../../../../src-shared/api/deliveries'
import { ErrorBodySchema } from '../../../../src-shared/api/errors'
import { ExportFormatSchema, type ExportFormat } from '../../../../src-shared/api/export'
import { API } from '../../../../src-shared/api/paths'
import { RequestListQuerySchema } from '../../../../src-shared/api/requests'
import { redactDelivery, redactRequest } from '../../export/redact'
import { deliveryPages, requestPages } from '../../export/sources'
import { EXPORT_CONTENT_TYPES, exportStream } from '../../export/stream'
import type { ApiApp, RouteDeps } from '../types'

const tags = ['export']
const { cursor: _c, limit: _l, order: _o, ...requestFilters } = RequestListQuerySchema.properties
const { cursor: _dc, limit: _dl, ...deliveryFilters } = DeliveryListQuerySchema.properties
const EXTENSIONS: Record<ExportFormat, string> = { ndjson: 'ndjson', json: 'json', csv: 'csv', har: 'har' }
const redact = Type.Optional(
  Type.Boolean({ description: 'Hide the values of credential headers (Authorization, Cookie, API keys…), of credential query parameters (api_key, token…) and URL passwords, for a log to share' }),
)
const file = Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'The export file, streamed' })

/** Streaming exports of captured requests and of deliveries with all their attempts. */
export function exportRoutes(app: ApiApp, { ctx, services }: RouteDeps): void {
  const filename = (kind: string, format: ExportFormat) =>
    `hookbench-${kind}-${new Date(ctx.clock.now()).toISOString().replace(/[:.]/g, '-')}.${EXTENSIONS[format]}`
  const meta = (redacted: boolean) => ({ version: ctx.version, exportedAt: new Date(ctx.clock.now()).toISOString(), redacted })

  app.get(
    `${API.export}/requests`,
    {
      schema: {
        tags,
        summary: 'Captured requests (one inbox, or all), filtered like the request list; oldest first, streamed',
        querystring: Type.Object(
          { format: Type.Optional(ExportFormatSchema), redact, inboxId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), ...requestFilters },
          { additionalProperties: false },
        ),
        response: { 200: file, 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { format = 'ndjson', redact = false, inboxId, token: _t, ...filter } = req.query
      const inboxIds = inboxId ? [services.receiver.getInbox(inboxId).id] : services.receiver.listInboxes().map((i) => i.id)
      const pages = requestPages(services.receiver, inboxIds, filter, redact ? redactRequest : undefined)
      return reply
        .type(EXPORT_CONTENT_TYPES[format])
        .header('Content-Disposition', `attachment; filename="${filename('requests', format)}"`)
        .send(exportStream(format, { kind: 'requests', pages, ingestBase: ctx.urls().ingest }, meta(redact)))
    },
  )

  app.get(
    `${API.export}/deliveries`,
    {
      schema: {
        tags,
        summary: 'Deliveries with all their attempts, filtered like the delivery log; oldest first, streamed (CSV: one row per attempt)',
        querystring: Type.Object({ format: Type.Optional(ExportFormatSchema), redact, ...deliveryFilters }, { additionalProperties: false }),
        response: { 200: file, 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { format = 'ndjson', redact = false, token: _t, ...filter } = req.query
      // Before the stream starts: once it has, an error can no longer be the answer.
      services.sender.deliveries.checkFilter(filter)
      const pages = deliveryPages(services.sender, filter, redact ? redactDelivery : undefined)
      return reply
        .type(EXPORT_CONTENT_TYPES[format])
        .header('Content-Disposition', `attachment; filename="${filename('deliveries', format)}"`)
        .send(exportStream(format, { kind: 'deliveries', pages }, meta(redact)))
    },
  )
}
