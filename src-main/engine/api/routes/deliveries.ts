import { ErrorBodySchema } from '../../../../src-shared/api/errors'
import {
  DeliveryListQuerySchema,
  DeliveryListSchema,
  DeliverySchema,
  SendNowInputSchema,
  SendNowResultSchema,
} from '../../../../src-shared/api/deliveries'
import { API } from '../../../../src-shared/api/paths'
import { IdParamsSchema } from '../../../../src-shared/api/sender-common'
import { Type } from 'typebox'
import type { ApiApp, RouteDeps } from '../types'

const tags = ['deliveries']
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema }

/** `/api/deliveries`: the delivery log, attempts, manual retry and "send now". */
export function deliveryRoutes(app: ApiApp, { services }: RouteDeps): void {
  const { deliveries } = services.sender
  app.get(
    API.deliveries,
    { schema: { tags, summary: 'Deliveries, newest first, filtered', querystring: DeliveryListQuerySchema, response: { 200: DeliveryListSchema, ...errors } } },
    async (req) => deliveries.list(req.query),
  )
  app.post(
    `${API.deliveries}/send-now`,
    { schema: { tags, summary: 'Make every pending delivery (of a webhook or an event) due now', body: Type.Optional(SendNowInputSchema), response: { 200: SendNowResultSchema, ...errors } } },
    async (req) => deliveries.sendNow(req.body ?? {}),
  )
  app.get(
    `${API.deliveries}/:id`,
    { schema: { tags, summary: 'One delivery with every attempt (exact request and response)', params: IdParamsSchema, response: { 200: DeliverySchema, ...errors } } },
    async (req) => deliveries.get(req.params.id),
  )
  app.post(
    `${API.deliveries}/:id/retry`,
    {
      schema: {
        tags,
        summary: 'Pending: send the next attempt now. Finished or held: one manual attempt now, whose result is final',
        params: IdParamsSchema,
        response: { 200: DeliverySchema, ...errors },
      },
    },
    async (req) => deliveries.retry(req.params.id),
  )
}
