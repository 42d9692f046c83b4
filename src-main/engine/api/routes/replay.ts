import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../src-shared/api/errors'
import { API } from '../../../../src-shared/api/paths'
import {
  BulkReplayInputSchema,
  BulkReplayJobSchema,
  ReplayInputSchema,
  ReplayListSchema,
  ReplaySchema,
  ResendInputSchema,
} from '../../../../src-shared/api/replay'
import type { ApiApp, RouteDeps } from '../types'

const tags = ['replay']
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema }
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false })
const PageQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    token: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)

/** Replays of captured requests and delivery attempts, single and bulk. */
export function replayRoutes(app: ApiApp, { services }: RouteDeps): void {
  const { replay } = services

  app.post(
    `${API.requests}/:id/replay`,
    {
      schema: {
        tags,
        summary: 'Replay a captured request to any URL: exact bytes, optional edits, new event id, re-signing',
        params: IdParams,
        body: ReplayInputSchema,
        response: { 200: ReplaySchema, ...errors },
      },
    },
    async (req) => replay.replayRequest(req.params.id, req.body),
  )
  app.get(
    `${API.requests}/:id/replays`,
    {
      schema: { tags, summary: 'Replays of one captured request, newest first', params: IdParams, querystring: PageQuery, response: { 200: ReplayListSchema, ...errors } },
    },
    async (req) => replay.listReplays('request', req.params.id, req.query.cursor ?? null, req.query.limit ?? 50),
  )
  app.post(
    `${API.deliveries}/:id/resend`,
    {
      schema: {
        tags,
        summary: 'Resend a delivery attempt (the last one by default) to another URL, byte for byte or re-signed',
        params: IdParams,
        body: ResendInputSchema,
        response: { 200: ReplaySchema, ...errors },
      },
    },
    async (req) => replay.resendDelivery(req.params.id, req.body),
  )
  app.get(
    `${API.deliveries}/:id/replays`,
    {
      schema: {
        tags,
        summary: 'Resends of a delivery’s attempts to other URLs, newest first',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: ReplayListSchema, ...errors },
      },
    },
    async (req) => replay.listAttemptReplays(req.params.id, req.query.cursor ?? null, req.query.limit ?? 50),
  )
  app.post(
    '/api/replays/bulk',
    {
      schema: {
        tags,
        summary: 'Replay a selection or a filter of an inbox, in received order, at a chosen rate',
        body: BulkReplayInputSchema,
        response: { 202: BulkReplayJobSchema, ...errors },
      },
    },
    async (req, reply) => reply.status(202).send(replay.startBulk(req.body)),
  )
  app.get(
    '/api/replays/bulk/:id',
    { schema: { tags, summary: 'Progress of a bulk replay', params: IdParams, response: { 200: BulkReplayJobSchema, ...errors } } },
    async (req) => replay.getBulk(req.params.id),
  )
  app.post(
    '/api/replays/bulk/:id/stop',
    { schema: { tags, summary: 'Stop a bulk replay after the request in flight', params: IdParams, response: { 200: BulkReplayJobSchema, ...errors } } },
    async (req) => replay.stopBulk(req.params.id),
  )
}
