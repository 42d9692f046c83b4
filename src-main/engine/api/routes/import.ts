import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../src-shared/api/errors'
import { ImportResultSchema, type ImportResult } from '../../../../src-shared/api/export'
import { API } from '../../../../src-shared/api/paths'
import { badRequest } from '../../errors'
import { ImportError, parseImport } from '../../export/import'
import type { ApiApp, RouteDeps } from '../types'

/** Largest import file accepted in one request. */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024

/**
 * `POST /api/inboxes/:id/import`: the body is the file itself (HAR or NDJSON), read as raw
 * bytes whatever its Content-Type, so this route lives in its own context with a buffer parser.
 */
export function importRoutes(app: ApiApp, { services }: RouteDeps): void {
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>()
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_req, body, done) => done(null, body))
    scope.post(
      `${API.inboxes}/:id/import`,
      {
        bodyLimit: MAX_IMPORT_BYTES,
        schema: {
          tags: ['export'],
          summary: 'Import a HAR 1.2 file or a Hookbench NDJSON or JSON export into an inbox: all requests or none',
          params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
          response: { 201: ImportResultSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema, 413: ErrorBodySchema },
        },
      },
      async (req, reply) => {
        const inbox = services.receiver.getInbox(req.params.id)
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
        let parsed
        try {
          parsed = parseImport(bytes)
        } catch (err) {
          if (err instanceof ImportError) throw badRequest('HB_ERR_IMPORT_INVALID', err.message)
          throw err
        }
        const ids = await services.receiver.importRequests(inbox.id, parsed.requests)
        const result: ImportResult = { inboxId: inbox.id, format: parsed.format, imported: ids.length, ids }
        return reply.status(201).send(result)
      },
    )
  })
}
