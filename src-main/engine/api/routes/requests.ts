import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../src-shared/api/errors'
import { API } from '../../../../src-shared/api/paths'
import {
  CompareQuerySchema,
  RequestBodyQuerySchema,
  RequestComparisonSchema,
  RequestDetailSchema,
  RequestIdParamsSchema,
} from '../../../../src-shared/api/requests'
import type { ApiApp, RouteDeps } from '../types'

const tags = ['requests']
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema }

/** `/api/requests`: one captured request, its raw body, a comparison of two, deletion. */
export function requestRoutes(app: ApiApp, { services }: RouteDeps): void {
  const { receiver } = services
  const byId = `${API.requests}/:id`

  app.get(
    `${API.requests}/compare`,
    {
      schema: {
        tags,
        summary: 'Compare two requests: headers by name and a JSON diff of the bodies',
        querystring: CompareQuerySchema,
        response: { 200: RequestComparisonSchema, ...errors },
      },
    },
    async (req) => receiver.compareRequests(req.query.a, req.query.b),
  )
  app.get(
    byId,
    {
      schema: {
        tags,
        summary: 'One captured request: headers, body (base64), analysis, response sent, forwards',
        params: RequestIdParamsSchema,
        response: { 200: RequestDetailSchema, ...errors },
      },
    },
    async (req) => receiver.getRequest(req.params.id),
  )
  app.get(
    `${byId}/body`,
    {
      schema: {
        tags,
        summary: 'The raw body bytes as a download (decoded=true: the gzip/br/deflate-decoded view)',
        params: RequestIdParamsSchema,
        querystring: RequestBodyQuerySchema,
        response: {
          200: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', description: 'The body bytes' }),
          400: ErrorBodySchema,
          401: ErrorBodySchema,
          404: ErrorBodySchema,
          422: ErrorBodySchema,
        },
      },
    },
    async (req, reply) => {
      const { bytes, filename } = await receiver.getRequestBody(req.params.id, req.query.decoded ?? false)
      // Captured bytes are hostile: always a download, never rendered by the browser.
      return reply
        .type('application/octet-stream')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(bytes)
    },
  )
  app.delete(
    byId,
    { schema: { tags, summary: 'Delete one captured request', params: RequestIdParamsSchema, response: { 204: Type.Null({ description: 'Deleted' }), ...errors } } },
    async (req, reply) => {
      receiver.deleteRequest(req.params.id)
      return reply.status(204).send(null)
    },
  )
}
