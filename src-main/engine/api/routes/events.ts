import { ErrorBodySchema } from '../../../../src-shared/api/errors'
import { EventInputSchema, EventListQuerySchema, EventListSchema, FiredEventSchema, RefireInputSchema } from '../../../../src-shared/api/events'
import { API } from '../../../../src-shared/api/paths'
import { IdParamsSchema } from '../../../../src-shared/api/sender-common'
import type { ApiApp, RouteDeps } from '../types'

const tags = ['events']
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema }

/** `/api/events`: fire an event (fan-out to subscribed webhooks) and read fired events. */
export function eventRoutes(app: ApiApp, { services }: RouteDeps): void {
  const { events } = services.sender
  app.post(
    API.events,
    {
      schema: {
        tags,
        summary: 'Fire an event: data generated when absent, else validated; one delivery per subscribed active webhook (or per webhook named)',
        body: EventInputSchema,
        response: { 201: FiredEventSchema, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(events.fire(req.body, { source: 'api' })),
  )
  app.post(
    `${API.events}/:id/refire`,
    {
      schema: {
        tags,
        summary: 'Send an event again to other webhooks of its profile: same event id, time and data; the answer lists the new deliveries',
        params: IdParamsSchema,
        body: RefireInputSchema,
        response: { 201: FiredEventSchema, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(events.refire(req.params.id, req.body)),
  )
  app.get(
    API.events,
    { schema: { tags, summary: 'Fired events, newest first, with delivery counts', querystring: EventListQuerySchema, response: { 200: EventListSchema, ...errors } } },
    async (req) => events.list(req.query),
  )
  app.get(
    `${API.events}/:id`,
    { schema: { tags, summary: 'One event with its payload and deliveries', params: IdParamsSchema, response: { 200: FiredEventSchema, ...errors } } },
    async (req) => events.get(req.params.id),
  )
}
