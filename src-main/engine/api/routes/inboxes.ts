import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../src-shared/api/errors'
import {
  ClearInboxResultSchema,
  InboxIdParamsSchema,
  InboxInputSchema,
  InboxListSchema,
  InboxPatchSchema,
  InboxSchema,
  ReanalyzeResultSchema,
  RotateInboxSecretInputSchema,
} from '../../../../src-shared/api/inboxes'
import { API } from '../../../../src-shared/api/paths'
import { RequestListQuerySchema, RequestListSchema } from '../../../../src-shared/api/requests'
import { checkSequenceShape } from '../../receiver/sequence-shape'
import type { ApiApp, RouteDeps } from '../types'

const tags = ['inboxes']
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema }
/** Before the schema: a sequence sent as "500,500,200" is told the shape it takes, built from it. */
const sequenceShape = async (req: { body: unknown }) => checkSequenceShape((req.body as { response?: unknown } | undefined)?.response)

/** `/api/inboxes`: CRUD, secret rotation, re-analysis, and the inbox's requests. */
export function inboxRoutes(app: ApiApp, { services }: RouteDeps): void {
  const { receiver } = services
  const byId = `${API.inboxes}/:id`

  app.post(
    API.inboxes,
    { schema: { tags, summary: 'Create an inbox', body: InboxInputSchema, response: { 201: InboxSchema, ...errors } }, preValidation: sequenceShape },
    async (req, reply) => reply.status(201).send(receiver.createInbox(req.body)),
  )
  app.get(
    API.inboxes,
    { schema: { tags, summary: 'List inboxes with their URLs, counts and last request', response: { 200: InboxListSchema, ...errors } } },
    async () => ({ items: receiver.listInboxes(), nextCursor: null }),
  )
  app.get(
    byId,
    { schema: { tags, summary: 'One inbox', params: InboxIdParamsSchema, response: { 200: InboxSchema, ...errors } } },
    async (req) => receiver.getInbox(req.params.id),
  )
  app.patch(
    byId,
    {
      schema: {
        tags,
        summary: 'Edit an inbox (a verification change re-analyses its stored requests; new response rules restart the sequence)',
        params: InboxIdParamsSchema,
        body: InboxPatchSchema,
        response: { 200: InboxSchema, ...errors },
      },
      preValidation: sequenceShape,
    },
    async (req) => {
      const updated = receiver.updateInbox(req.params.id, req.body)
      if (req.body.limits?.retention === undefined) return updated
      // A lower retention prunes in the background: answer with the count it leaves.
      await receiver.pruned(updated.id)
      return receiver.getInbox(updated.id)
    },
  )
  app.delete(
    byId,
    { schema: { tags, summary: 'Delete an inbox and its requests', params: InboxIdParamsSchema, response: { 204: Type.Null({ description: 'Deleted' }), ...errors } } },
    async (req, reply) => {
      await receiver.deleteInbox(req.params.id)
      return reply.status(204).send(null)
    },
  )
  app.post(
    `${byId}/rotate-secret`,
    {
      schema: {
        tags,
        summary: 'Rotate the verification secret; previous secrets stay accepted for graceSec',
        params: InboxIdParamsSchema,
        body: Type.Optional(RotateInboxSecretInputSchema),
        response: { 200: InboxSchema, ...errors },
      },
    },
    async (req) => receiver.rotateInboxSecret(req.params.id, req.body ?? {}),
  )
  app.post(
    `${byId}/reanalyze`,
    { schema: { tags, summary: 'Re-run analysis of every stored request (in the background)', params: InboxIdParamsSchema, response: { 200: ReanalyzeResultSchema, ...errors } } },
    async (req) => receiver.reanalyzeInbox(req.params.id),
  )
  app.get(
    `${byId}/requests`,
    {
      schema: {
        tags: ['requests'],
        summary: 'Captured requests, newest first, with filters and full-text search',
        params: InboxIdParamsSchema,
        querystring: RequestListQuerySchema,
        response: { 200: RequestListSchema, ...errors },
      },
    },
    async (req) => receiver.listRequests(req.params.id, req.query),
  )
  app.delete(
    `${byId}/requests`,
    { schema: { tags: ['requests'], summary: 'Clear the inbox: delete all its requests', params: InboxIdParamsSchema, response: { 200: ClearInboxResultSchema, ...errors } } },
    async (req) => receiver.clearInbox(req.params.id),
  )
}
