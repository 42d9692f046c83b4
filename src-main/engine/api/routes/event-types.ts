import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../src-shared/api/errors'
import {
  EventTypeInputSchema,
  EventTypeItemSchema,
  EventTypeListQuerySchema,
  EventTypeListSchema,
  EventTypeParamsSchema,
  EventTypeUpdateSchema,
  OpenApiExportQuerySchema,
  OpenApiImportInputSchema,
  OpenApiImportResultSchema,
  SampleInputSchema,
  SampleResultSchema,
  ValidateInputSchema,
  ValidateResultSchema,
} from '../../../../src-shared/api/event-types'
import { API } from '../../../../src-shared/api/paths'
import type { ApiApp, RouteDeps } from '../types'

const tags = ['event-types']
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema }

/** `/api/event-types`: the catalog of each profile, sample data, validation, OpenAPI import/export. */
export function eventTypeRoutes(app: ApiApp, { services }: RouteDeps): void {
  const { eventTypes } = services.sender
  const one = `${API.eventTypes}/:profileId/:name`

  app.get(
    API.eventTypes,
    { schema: { tags, summary: 'Event types of one profile (or of all), by category order', querystring: EventTypeListQuerySchema, response: { 200: EventTypeListSchema, ...errors } } },
    async (req) => ({ items: eventTypes.list(req.query), nextCursor: null }),
  )
  app.get(
    `${API.eventTypes}/openapi`,
    { schema: { tags, summary: 'The catalog of a profile as an OpenAPI 3.1 document with a webhooks section', querystring: OpenApiExportQuerySchema } },
    async (req, reply) => {
      const doc = eventTypes.exportOpenApi(req.query.profileId)
      if (req.query.download) reply.header('Content-Disposition', `attachment; filename="${req.query.profileId}-webhooks.openapi.json"`)
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(doc, null, 2))
    },
  )
  app.post(
    `${API.eventTypes}/openapi`,
    { schema: { tags, summary: "Import an OpenAPI 3.1 document's webhooks into a user profile", body: OpenApiImportInputSchema, response: { 200: OpenApiImportResultSchema, ...errors } } },
    async (req) => eventTypes.importOpenApi(req.body),
  )
  app.post(
    `${API.eventTypes}/sample`,
    { schema: { tags, summary: 'Fresh data generated from the schema, and the body it makes', body: SampleInputSchema, response: { 200: SampleResultSchema, ...errors } } },
    async (req) => eventTypes.sample(req.body),
  )
  app.post(
    `${API.eventTypes}/validate`,
    { schema: { tags, summary: "Check data against the event type's schema", body: ValidateInputSchema, response: { 200: ValidateResultSchema, ...errors } } },
    async (req) => eventTypes.validate(req.body),
  )
  app.get(
    one,
    { schema: { tags, summary: 'One event type (name URL-encoded)', params: EventTypeParamsSchema, response: { 200: EventTypeItemSchema, ...errors } } },
    async (req) => eventTypes.get(req.params.profileId, req.params.name),
  )
  app.post(
    API.eventTypes,
    { schema: { tags, summary: 'Add an event type to a user profile (the example is generated when absent)', body: EventTypeInputSchema, response: { 201: EventTypeItemSchema, ...errors } } },
    async (req, reply) => reply.status(201).send(eventTypes.create(req.body)),
  )
  app.put(
    one,
    { schema: { tags, summary: 'Edit (or rename) an event type of a user profile; a rename is refused (409 HB_ERR_EVENT_TYPE_IN_USE) while webhooks, schedules or scenarios use the type', params: EventTypeParamsSchema, body: EventTypeUpdateSchema, response: { 200: EventTypeItemSchema, ...errors } } },
    async (req) => eventTypes.update(req.params.profileId, req.params.name, req.body),
  )
  app.delete(
    one,
    { schema: { tags, summary: 'Remove an event type from a user profile; refused (409 HB_ERR_EVENT_TYPE_IN_USE) while webhooks, schedules or scenarios use it', params: EventTypeParamsSchema, response: { 204: Type.Null({ description: 'Deleted' }), ...errors } } },
    async (req, reply) => {
      eventTypes.remove(req.params.profileId, req.params.name)
      return reply.status(204).send(null)
    },
  )
}
