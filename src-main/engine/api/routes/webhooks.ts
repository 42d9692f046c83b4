import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../src-shared/api/errors'
import { API } from '../../../../src-shared/api/paths'
import { IdParamsSchema } from '../../../../src-shared/api/sender-common'
import {
  EndpointCheckInputSchema,
  EndpointCheckSchema,
  RotateSecretInputSchema,
  TestResultSchema,
  TestWebhookInputSchema,
  WebhookCreatedSchema,
  WebhookInputSchema,
  WebhookListQuerySchema,
  WebhookListSchema,
  WebhookPatchSchema,
  WebhookSchema,
} from '../../../../src-shared/api/webhooks'
import type { ApiApp, RouteDeps } from '../types'

const tags = ['webhooks']
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema, 422: ErrorBodySchema }

/** `/api/webhooks`: CRUD, test, secret rotation, pause and enable. */
export function webhookRoutes(app: ApiApp, { services }: RouteDeps): void {
  const { webhooks } = services.sender
  const byId = `${API.webhooks}/:id`

  app.get(
    API.webhooks,
    { schema: { tags, summary: 'Webhooks, newest first, with status, stats and policy warnings', querystring: WebhookListQuerySchema, response: { 200: WebhookListSchema, ...errors } } },
    async (req) => webhooks.list(req.query),
  )
  app.get(byId, { schema: { tags, summary: 'One webhook', params: IdParamsSchema, response: { 200: WebhookSchema, ...errors } } }, async (req) => webhooks.get(req.params.id))
  app.post(
    API.webhooks,
    {
      schema: {
        tags,
        summary: "Create a webhook (the profile's verification handshake, e.g. endpoint.verify, must succeed unless skipVerification)",
        body: WebhookInputSchema,
        response: { 201: WebhookCreatedSchema, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await webhooks.create(req.body)),
  )
  app.patch(
    byId,
    { schema: { tags, summary: 'Edit a webhook; status active|paused enables or pauses it', params: IdParamsSchema, body: WebhookPatchSchema, response: { 200: WebhookSchema, ...errors } } },
    async (req) => webhooks.update(req.params.id, req.body),
  )
  app.delete(
    byId,
    { schema: { tags, summary: 'Delete a webhook with its deliveries', params: IdParamsSchema, response: { 204: Type.Null({ description: 'Deleted' }), ...errors } } },
    async (req, reply) => {
      webhooks.remove(req.params.id)
      return reply.status(204).send(null)
    },
  )
  app.post(
    `${byId}/test`,
    {
      schema: {
        tags,
        summary: 'Send one event (the chosen type or the first subscribed) with generated data, whatever the status; returns the delivery after its attempt',
        params: IdParamsSchema,
        body: Type.Optional(TestWebhookInputSchema),
        response: { 201: TestResultSchema, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await webhooks.test(req.params.id, req.body ?? {})),
  )
  app.post(
    `${byId}/check`,
    {
      schema: {
        tags,
        summary:
          'Probe how the endpoint verifies signatures: requests signed right and wrong (another secret, no or a cut signature, indented JSON, an old timestamp), each judged by its answer; nothing is stored',
        params: IdParamsSchema,
        body: Type.Optional(EndpointCheckInputSchema),
        response: { 200: EndpointCheckSchema, ...errors },
      },
    },
    async (req) => webhooks.check(req.params.id, req.body ?? {}),
  )
  app.post(
    `${byId}/rotate-secret`,
    {
      schema: {
        tags,
        summary: 'New secret; the previous ones keep signing for overlapSeconds (one signature per live secret where the scheme allows, else the oldest live secret signs)',
        params: IdParamsSchema,
        body: Type.Optional(RotateSecretInputSchema),
        response: { 200: WebhookSchema, ...errors },
      },
    },
    async (req) => webhooks.rotateSecret(req.params.id, req.body ?? {}),
  )
  app.post(
    `${byId}/enable`,
    { schema: { tags, summary: 'Active again: resets the failure count and sends held deliveries', params: IdParamsSchema, response: { 200: WebhookSchema, ...errors } } },
    async (req) => webhooks.enable(req.params.id),
  )
  app.post(
    `${byId}/pause`,
    { schema: { tags, summary: 'Pause: pending deliveries are held until the webhook is enabled', params: IdParamsSchema, response: { 200: WebhookSchema, ...errors } } },
    async (req) => webhooks.pause(req.params.id),
  )
}
